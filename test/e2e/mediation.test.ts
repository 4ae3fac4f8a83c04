// Issue 14 item 5 through mock WeChat on a manual clock: a dispute referred with 调解 GL-… reaches the grid member,
// 调解结果 … 达成 asks the prosecutor, 确认调解 closes it at grid level (小事不出网格) and the resident hears the result;
// their 不满意 then opens a return visit for the group leader, reminded by the sweep job (item 6), closed by 已回访.
// A second referral left without an outcome reminds the grid member once, through the sweep job.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { mock } from 'wechaty-puppet-mock';
import { createLogger } from '../../api/http/logger.js';
import { type JobRunner, startJobs } from '../../api/jobs/job-runner.js';
import { createApiClient } from '../../bot/api-client.js';
import { abortableSleep, type BotClock } from '../../bot/shared/bot-clock.js';
import type { FakeBotApi } from '../bot/support/fake-bot-api.js';
import { type MockWechat, startMockWechat } from '../bot/support/mock-wechat.js';
import { parseOf } from '../helpers/inbound-fixtures.js';
import { ADMIN, auth, BOT, createTestApp, type TestApp } from '../helpers/test-app.js';

// Seeded demo registry: GRP-01 owns 中山社区 (leader demo-prosecutor-01, liaison -02); grid member GM-01
// (demo-grid-member-01) works on 中山社区.
const LEADER = 'demo-prosecutor-01';
const LIAISON = 'demo-prosecutor-02';
const GRID_MEMBER = 'demo-grid-member-01';
const RESIDENT = 'wxid_mediation_resident';
const DISPUTE = '我住中山社区，楼上邻居家水管漏水把我家天花板泡坏了，协商不成，想请人调解';
const RESIDENT_2 = 'wxid_mediation_resident_2';
const DISPUTE_2 = '我住中山社区，隔壁装修噪音天天到深夜，沟通无果，希望社区出面调解';

// Monday 23 November 2026, 10:00 Shanghai; the walk stays before the real date, so the bot trusts this clock.
const START = '2026-11-23T10:00:00+08:00';

type MessageMock = ReturnType<mock.Mocker['MessageMock']['load']>;

let t: TestApp;
let wechat: MockWechat;
let jobs: JobRunner;
let baseUrl: string;
const inbox = new Map<string, string[]>();
const received = (id: string) => inbox.get(id) ?? [];

async function until(what: string, done: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await abortableSleep(20);
  }
}

async function send(from: string, text: string): Promise<string> {
  const id = wechat.say(wechat.mocker.ContactMock.load(from), text);
  const handled = await wechat.bot.handled.wait(id, 15_000);
  expect(handled?.outcome, text).toBe('replied');
  return (handled?.replies ?? []).join('\n');
}

// biome-ignore lint/suspicious/noExplicitAny: the API's JSON, read by the assertions below
async function getJson(path: string): Promise<any> {
  const res = await fetch(`${baseUrl}${path}`, { headers: auth(ADMIN) });
  expect(res.status, path).toBe(200);
  return res.json();
}

/** One run of the scheduled deadline sweep at `instant`, as the job runner does it; resolves when it is done. */
async function sweepAt(instant: string): Promise<void> {
  t.clock.set(instant);
  const count = async () =>
    Number(
      (
        await t.database.executeSql(
          "select count(*)::int as n from pgboss.job where name = 'deadline-sweep' and state = 'completed'",
        )
      ).rows[0]!.n,
    );
  const before = await count();
  await jobs.trigger('deadline-sweep');
  const deadline = Date.now() + 30_000;
  while ((await count()) <= before) {
    if (Date.now() > deadline) throw new Error('the sweep did not run');
    await abortableSleep(100);
  }
}

beforeAll(async () => {
  // One working day: the reminder falls on 30 November, before the real date (the office's default is 5).
  t = await createTestApp({ now: START, env: { MEDIATION_REMIND_WORKING_DAYS: '1' } });
  for (const text of [DISPUTE, DISPUTE_2])
    t.parser.script(
      text,
      parseOf('report_dispute', { entities: { place: '中山社区' }, normalizedText: text }),
    );
  baseUrl = await t.app.listen({ host: '127.0.0.1', port: 0 });
  const clock: BotClock = { now: () => t.clock.now(), sleep: abortableSleep };
  wechat = await startMockWechat({
    api: createApiClient({ apiUrl: baseUrl, botToken: BOT }) as unknown as FakeBotApi,
    clock,
    pacing: { minGapMs: 0, jitterMs: 0, perChatGapMs: 0, maxPerMinute: 10_000 },
    outbox: { enabled: true, pollIntervalMs: 25 },
  });
  for (const [id, name] of [
    [LEADER, '一组组长'],
    [LIAISON, '一组联络员'],
    [GRID_MEMBER, '网格员'],
    [RESIDENT, '王女士'],
    [RESIDENT_2, '陈先生'],
  ] as const) {
    const contact = wechat.contact(id, name);
    (contact as unknown as NodeJS.EventEmitter).on('message', (message: MessageMock) => {
      if (message.talker().id === wechat.botUser.id && message.payload.listenerId === id)
        inbox.set(id, [...received(id), message.text() ?? '']);
    });
  }
  jobs = await startJobs({
    database: t.database,
    services: t.app.services,
    config: t.config,
    logger: createLogger({ level: 'silent' }),
    clock: t.clock,
    pollingIntervalSeconds: 0.5,
    // Runs only when sweepAt triggers them: a wall-clock schedule could sweep between setting the clock and the check.
    cron: false,
  });
}, 120_000);

afterAll(async () => {
  await jobs?.stop();
  await wechat?.close();
  await t?.close();
});

describe('a dispute mediated in the community closes at grid level', () => {
  let caseNo = '';

  it('调解 GL-… reaches the grid member and the resident; 调解结果 … 达成 asks the prosecutor; 确认调解 closes it', async () => {
    const receipt = await send(RESIDENT, DISPUTE);
    caseNo = /GL-\d{4}-\d{6}/.exec(receipt)?.[0] ?? '';
    expect(caseNo, receipt).not.toBe('');
    expect(await send(LIAISON, `受理 ${caseNo}`)).toContain(`已受理 ${caseNo}`);

    expect(await send(LIAISON, `调解 ${caseNo} 请社区调委会组织双方协商`)).toContain(
      `已将 ${caseNo} 转交中山社区调解，并通知网格员`,
    );
    await until('the grid member’s referral', () => received(GRID_MEMBER).some((m) => m.includes(caseNo)));
    const referral = received(GRID_MEMBER).find((m) => m.includes(caseNo))!;
    expect(referral).toContain('【调解】');
    expect(referral).toContain('请社区调委会组织双方协商');
    await until('the resident’s notice', () =>
      received(RESIDENT).some((m) => m.includes('人民调解委员会对您反映的纠纷进行调解')),
    );

    expect(await send(GRID_MEMBER, `调解结果 ${caseNo} 达成 5000 双方签订协议，楼上赔偿修缮费`)).toBe(
      `已记录 ${caseNo} 调解结果：达成协议（5,000 元）。已请承办检察官确认结案。`,
    );
    await until('the sign-off question', () => received(LIAISON).some((m) => m.startsWith('【调解结果】')));
    expect(received(LIAISON).find((m) => m.startsWith('【调解结果】'))).toContain(`确认调解 ${caseNo}`);

    expect(await send(LIAISON, `确认调解 ${caseNo}`)).toBe(
      `已确认调解并结案 ${caseNo}。已将结果告知反映人，并将请其评价满意度。`,
    );
    // The rating question is queued a second after the result, so it follows it: let the manual clock move.
    t.clock.advance(60_000);
    await until('the result and the rating question', () =>
      received(RESIDENT).some((m) => m.includes('满意 / 基本满意 / 不满意')),
    );
    expect(received(RESIDENT).find((m) => m.startsWith(`案件 ${caseNo} 已办结`))).toContain(
      '经社区人民调解委员会调解，您反映的纠纷已达成调解协议（涉及金额 5,000 元）',
    );

    const file = await getJson(`/v1/cases/${caseNo}`);
    expect(file.status).toBe('closed');
    expect(file.mediation).toMatchObject({
      state: 'signed_off',
      outcome: 'agreed',
      amountYuan: 5000,
      community: { name: '中山社区' },
    });
    const stats = await getJson('/v1/stats?from=2026-11-01&to=2026-11-30');
    expect(stats.mediation).toEqual({ cases: 1, agreedCount: 1, agreedYuan: 5000 });
  });

  it('不满意 opens a return visit for the group leader, reminded by the sweep on its due day, closed by 已回访', async () => {
    expect(await send(RESIDENT, '不满意')).toContain('感谢您的评价');
    await until('the leader’s return-visit task', () =>
      received(LEADER).some((m) => m.startsWith(`【回访】案件 ${caseNo}`)),
    );
    // Three working days after Mon 23 November: due Thu 26 November; reminded that morning by the sweep job.
    await sweepAt('2026-11-26T09:05:00+08:00');
    await until('the leader’s reminder', () =>
      received(LEADER).some((m) => m.startsWith('【回访提醒】') && m.includes(caseNo)),
    );
    expect(await send(LEADER, `已回访 ${caseNo}`)).toBe(`已记录：案件 ${caseNo} 已回访。`);
    const types = (await getJson(`/v1/cases/${caseNo}`)).events.map((e: { type: string }) => e.type);
    expect(types).toEqual(expect.arrayContaining(['return_visit_opened', 'return_visit_done']));
  });

  it('a referral with no outcome reminds the grid member once, the morning after the configured working days', async () => {
    const receipt = await send(RESIDENT_2, DISPUTE_2);
    const second = /GL-\d{4}-\d{6}/.exec(receipt)?.[0] ?? '';
    expect(second, receipt).not.toBe('');
    expect(await send(LIAISON, `受理 ${second}`)).toContain(`已受理 ${second}`);
    // Referred Thursday 26 November; one working day (Friday 27) passes without an outcome.
    expect(await send(LIAISON, `调解 ${second}`)).toContain(`已将 ${second} 转交中山社区调解`);
    await until('the referral', () =>
      received(GRID_MEMBER).some((m) => m.startsWith('【调解】') && m.includes(second)),
    );
    const reminders = () =>
      received(GRID_MEMBER).filter((m) => m.startsWith('【调解提醒】') && m.includes(second));
    const reminderEvents = async () =>
      (await getJson(`/v1/cases/${second}`)).events.filter(
        (e: { type: string }) => e.type === 'mediation_reminded',
      );

    await sweepAt('2026-11-27T09:05:00+08:00');
    expect(await reminderEvents()).toEqual([]);

    // Monday 30 November at the reminder time: the grid member is reminded, and the case's timeline shows it.
    await sweepAt('2026-11-30T09:05:00+08:00');
    await until('the grid member’s reminder', () => reminders().length > 0);
    expect(reminders()[0]).toContain('于 2026-11-26 转交中山社区调解，尚未收到调解结果');
    expect(reminders()[0]).toContain(`调解结果 ${second} 达成`);
    expect(await reminderEvents()).toHaveLength(1);

    // Once: a later sweep adds nothing.
    await sweepAt('2026-11-30T10:05:00+08:00');
    expect(await reminderEvents()).toHaveLength(1);
    expect(await send(GRID_MEMBER, `调解结果 ${second} 未达成 对方不同意停工`)).toBe(
      `已记录 ${second} 调解结果：未达成协议。案件已退回承办检察官继续办理。`,
    );
    expect(reminders()).toHaveLength(1);
  });
});
