// One case's whole life through mock WeChat with a shared manual clock: report, reminders, escalation,
// quiet hours and digest, accept, progress, result, close, survey — as each person receives it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { mock } from 'wechaty-puppet-mock';
import { createApiClient } from '../../bot/api-client.js';
import { abortableSleep, type BotClock } from '../../bot/shared/bot-clock.js';
import type { FakeBotApi } from '../bot/support/fake-bot-api.js';
import { type MockWechat, startMockWechat } from '../bot/support/mock-wechat.js';
import { parseOf } from '../helpers/inbound-fixtures.js';
import { ADMIN, auth, BOT, createTestApp, type TestApp } from '../helpers/test-app.js';

// GRP-03 owns 三坊七巷社区: leader demo-prosecutor-07, liaison demo-prosecutor-08, member demo-prosecutor-09.
const LEADER = 'demo-prosecutor-07';
const LIAISON = 'demo-prosecutor-08';
const MEMBER = 'demo-prosecutor-09';
const RESIDENT = 'wxid_life_resident';
const REPORT = '我住三坊七巷社区，楼上邻居天天半夜吵，能不能调解一下';

// Received Mon 2026-11-02: the procedural reply is due Wed 11-11 (7 working days). The whole walk stays
// before the real date, so the bot trusts the manual clock over WeChat's own (real) message timestamps.
const RECEIVED = '2026-11-02T10:00:00+08:00';
const PROCEDURAL_DUE = '2026-11-11T23:59:59.999+08:00';

type MessageMock = ReturnType<mock.Mocker['MessageMock']['load']>;

let t: TestApp;
let wechat: MockWechat;
let baseUrl: string;
let caseNo: string;
/** What each WeChat contact received from the bot, in order. */
const inbox = new Map<string, string[]>();
const received = (id: string) => inbox.get(id) ?? [];

async function until(what: string, done: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await abortableSleep(20);
  }
}

/** Waits until `id` has received `count` messages in all, then a little longer to catch any extra one. */
async function receivedCount(id: string, count: number): Promise<string[]> {
  await until(`${count} messages to ${id}`, () => received(id).length >= count);
  await abortableSleep(150);
  expect(received(id), id).toHaveLength(count);
  return received(id);
}

/** Sends from a contact in private chat and waits for the bot to be done with it. */
async function send(from: string, text: string): Promise<string[]> {
  const id = wechat.say(wechat.mocker.ContactMock.load(from), text);
  const handled = await wechat.bot.handled.wait(id, 15_000);
  expect(handled?.outcome, text).toBe('replied');
  return handled?.replies ?? [];
}

/** GET from the API over HTTP, as the office would. */
async function getJson<T = unknown>(path: string): Promise<T> {
  const res = await fetch(`${baseUrl}${path}`, { headers: auth(ADMIN) });
  expect(res.status, path).toBe(200);
  return (await res.json()) as T;
}

async function sweepAt(instant: string) {
  t.clock.set(instant);
  return t.app.services.sweep.sweep(t.clock.now());
}

beforeAll(async () => {
  t = await createTestApp({ now: RECEIVED });
  // The API's parser stands in for the intent model: the report is a dispute in a routed community.
  t.parser.script(
    REPORT,
    parseOf('report_dispute', { entities: { place: '三坊七巷社区' }, normalizedText: REPORT }),
  );
  baseUrl = await t.app.listen({ host: '127.0.0.1', port: 0 });
  const clock: BotClock = { now: () => t.clock.now(), sleep: abortableSleep };
  wechat = await startMockWechat({
    // The harness types its api as the fake; here the real HTTP client stands in.
    api: createApiClient({ apiUrl: baseUrl, botToken: BOT }) as unknown as FakeBotApi,
    clock,
    pacing: { minGapMs: 0, jitterMs: 0, perChatGapMs: 0, maxPerMinute: 10_000 },
    outbox: { enabled: true, pollIntervalMs: 25 },
  });
  for (const [id, name] of [
    [RESIDENT, '陈阿姨'],
    [LEADER, '组长'],
    [LIAISON, '联络员'],
    [MEMBER, '组员'],
  ] as const) {
    const contact = wechat.contact(id, name);
    // The mock contact hears every message it is party to; only the bot's messages to it count.
    (contact as unknown as NodeJS.EventEmitter).on('message', (message: MessageMock) => {
      if (message.talker().id === wechat.botUser.id && message.payload.listenerId === id)
        inbox.set(id, [...received(id), message.text() ?? '']);
    });
  }
}, 60_000);

afterAll(async () => {
  await wechat?.close();
  await t?.close();
});

describe('a case through its life in mock WeChat, on a manual clock', () => {
  it('a resident reports a dispute: they get the case number, the liaison the new-case notice', async () => {
    const [reply] = await send(RESIDENT, REPORT);
    caseNo = /GL-\d{4}-\d{6}/.exec(reply ?? '')?.[0] ?? '';
    expect(caseNo, reply).not.toBe('');
    const [receipt] = await receivedCount(RESIDENT, 1);
    expect(receipt).toBe(reply);
    const [notice] = await receivedCount(LIAISON, 1);
    expect(notice).toContain(`【新案件】${caseNo}`);
    expect(notice).toContain(`受理 ${caseNo}`);
    const stored = await getJson(`/v1/cases/${caseNo}`);
    expect(stored).toMatchObject({
      receivedAt: '2026-11-02T10:00:00.000+08:00',
      proceduralDueAt: PROCEDURAL_DUE,
    });
  });

  it('reminds the liaison 2 working days before, on the due day, and daily once overdue', async () => {
    expect((await sweepAt('2026-11-09T09:00:00+08:00')).queued).toEqual([
      { caseNo, kind: 'before', to: LIAISON, dueAt: PROCEDURAL_DUE },
    ]);
    expect((await receivedCount(LIAISON, 2))[1]).toMatch(
      new RegExp(`^【期限提醒】${caseNo}.*11月11日到期（还有2天）`),
    );

    expect((await sweepAt('2026-11-11T09:00:00+08:00')).queued.map((q) => q.kind)).toEqual(['due_today']);
    expect((await receivedCount(LIAISON, 3))[2]).toMatch(new RegExp(`^【今日到期】${caseNo}`));

    expect((await sweepAt('2026-11-12T09:00:00+08:00')).queued.map((q) => q.kind)).toEqual(['overdue']);
    expect((await receivedCount(LIAISON, 4))[3]).toMatch(new RegExp(`^【已超期】${caseNo}.*已超期1天`));
    expect(received(LEADER)).toEqual([]);
  });

  it('escalates to the group leader after one working day overdue', async () => {
    const { queued } = await sweepAt('2026-11-13T09:00:00+08:00');
    expect(queued.map((q) => [q.kind, q.to]).sort()).toEqual([
      ['escalation', LEADER],
      ['overdue', LIAISON],
    ]);
    expect((await receivedCount(LIAISON, 5))[4]).toMatch(new RegExp(`^【已超期】${caseNo}.*已超期2天`));
    const [escalation] = await receivedCount(LEADER, 1);
    expect(escalation).toMatch(new RegExp(`^【超期督办】${caseNo}.*已超期2天.*承办人：`));
  });

  it('pushes nothing in quiet hours; the next morning digest lists the case instead', async () => {
    const night = await sweepAt('2026-11-14T23:00:00+08:00');
    expect(night.queued).toEqual([]);
    expect(night.deferredToDigest).toBeGreaterThan(0);
    // After quiet hours, the night's reminder is not pushed late either: the digest covers it.
    expect((await sweepAt('2026-11-15T08:20:00+08:00')).queued).toEqual([]);

    t.clock.set('2026-11-15T08:30:00+08:00');
    const digest = await t.app.services.digest.runIfDue(t.clock.now());
    expect(digest.queued.map((d) => [d.to, d.caseNos]).sort()).toEqual([
      [LEADER, [caseNo]],
      [LIAISON, [caseNo]],
    ]);
    for (const [id, count] of [
      [LIAISON, 6],
      [LEADER, 2],
    ] as const) {
      const last = (await receivedCount(id, count)).at(-1)!;
      expect(last).toMatch(/^【每日待办】/);
      expect(last).toContain(`1. ${caseNo}`);
      expect(last).toContain('已超期');
    }
    expect(received(LIAISON).filter((m) => m.startsWith('【已超期】'))).toHaveLength(2);
  });

  it('the liaison accepts and feeds back; the resident is told each step', async () => {
    t.clock.set('2026-11-16T10:00:00+08:00');
    expect(await send(LIAISON, `受理 ${caseNo}`)).toEqual([`已受理 ${caseNo}。已通知反映人。`]);
    expect((await receivedCount(RESIDENT, 2))[1]).toMatch(
      new RegExp(`^您反映的事项（案件编号 ${caseNo}）已受理`),
    );

    t.clock.set('2026-11-20T15:00:00+08:00');
    expect(await send(LIAISON, `反馈 ${caseNo} 已约谈双方`)).toEqual([
      `已记录进展 ${caseNo}。已通知反映人。`,
    ]);
    expect((await receivedCount(RESIDENT, 3))[2]).toBe(
      `关于案件 ${caseNo} 的办理进展：已约谈双方\n我们将继续办理，并按月告知进展。`,
    );
  });

  it('办结 gives the resident the result, then the survey question; the answer is stored and thanked', async () => {
    t.clock.set('2026-11-25T16:00:00+08:00');
    expect(await send(LIAISON, `办结 ${caseNo} 已调解成功`)).toEqual([
      `已办结并结案 ${caseNo}。已将办理结果告知反映人，并将请其评价满意度。`,
    ]);
    expect((await receivedCount(RESIDENT, 4))[3]).toBe(`案件 ${caseNo} 已办结。办理结果：已调解成功`);
    // The question is due a second after the result: not before the clock gets there.
    t.clock.advance(2_000);
    const survey = (await receivedCount(RESIDENT, 5))[4];
    expect(survey).toContain(caseNo);
    expect(survey).toContain('满意 / 基本满意 / 不满意');

    expect(await send(RESIDENT, '满意')).toEqual([expect.stringContaining('感谢您的评价')]);
    expect((await receivedCount(RESIDENT, 6))[5]).toContain('感谢您的评价');
    const list = await getJson<{ items: unknown[] }>('/v1/cases?status=closed&limit=50');
    expect(list.items).toEqual([
      expect.objectContaining({ caseNo, status: 'closed', satisfaction: 'satisfied' }),
    ]);
  });

  it('everyone received exactly their messages, each once, and nobody else anything', async () => {
    await abortableSleep(300);
    expect(received(RESIDENT)).toHaveLength(6);
    expect(received(LIAISON)).toHaveLength(9);
    expect(received(LEADER)).toHaveLength(2);
    expect(received(MEMBER)).toEqual([]);
    for (const id of [RESIDENT, LIAISON, LEADER])
      expect(new Set(received(id)).size, `${id} got a message twice`).toBe(received(id).length);
    expect(wechat.said).toHaveLength(17);
    const { items } = await getJson<{ items: unknown[] }>('/v1/cases?limit=50');
    expect(items).toHaveLength(1);
  });
});
