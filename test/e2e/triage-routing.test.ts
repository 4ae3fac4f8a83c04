// Issue 14 end to end through WeChat (mock puppet, real intent model, API over HTTP): an urgent minors' report
// reaches 未检 with 110/120 advice and an at-once alert to its leader and liaison; a petition reaches 控申.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { mock } from 'wechaty-puppet-mock';
import { createApiClient } from '../../bot/api-client.js';
import { abortableSleep } from '../../bot/shared/bot-clock.js';
import { createParser } from '../../intents/index.js';
import type { FakeBotApi } from '../bot/support/fake-bot-api.js';
import { type MockWechat, startMockWechat } from '../bot/support/mock-wechat.js';
import { ADMIN, auth, BOT, createTestApp, type TestApp } from '../helpers/test-app.js';

type MessageMock = ReturnType<mock.Mocker['MessageMock']['load']>;

// Seeded demo groups: GRP-WJ (未检) leader demo-prosecutor-20, liaison 21; GRP-KS (控申) liaison 19.
const WJ_LEADER = 'demo-prosecutor-20';
const WJ_LIAISON = 'demo-prosecutor-21';
const KS_LIAISON = 'demo-prosecutor-19';

let t: TestApp;
let wechat: MockWechat;
let baseUrl: string;
const inbox = new Map<string, string[]>();
const received = (id: string) => inbox.get(id) ?? [];

async function until(what: string, done: () => boolean, timeoutMs = 15_000): Promise<void> {
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
  return handled?.replies[0] ?? '';
}

async function caseFile(caseNo: string) {
  const res = await fetch(`${baseUrl}/v1/cases/${caseNo}`, { headers: auth(ADMIN) });
  expect(res.status).toBe(200);
  return (await res.json()) as {
    priority: string;
    kind: string;
    receivedAt: string;
    proceduralDueAt: string;
    group: { code: string; function: string } | null;
  };
}

beforeAll(async () => {
  const parser = await createParser({ places: ['三坊七巷社区', '中山社区', '鼓东街道'] });
  // The bot stamps messages with the real time, and the API refuses times far from its clock.
  t = await createTestApp({ parser, now: new Date().toISOString() });
  baseUrl = await t.app.listen({ host: '127.0.0.1', port: 0 });
  wechat = await startMockWechat({
    api: createApiClient({ apiUrl: baseUrl, botToken: BOT }) as unknown as FakeBotApi,
    pacing: { minGapMs: 0, jitterMs: 0, perChatGapMs: 0, maxPerMinute: 10_000 },
    outbox: { enabled: true, pollIntervalMs: 25 },
  });
  for (const id of ['wxid_tri_resident', 'wxid_tri_petitioner', WJ_LEADER, WJ_LIAISON, KS_LIAISON]) {
    const contact = wechat.contact(id, id);
    (contact as unknown as NodeJS.EventEmitter).on('message', (message: MessageMock) => {
      if (message.talker().id === wechat.botUser.id && message.payload.listenerId === id)
        inbox.set(id, [...received(id), message.text() ?? '']);
    });
  }
}, 120_000);

afterAll(async () => {
  await wechat?.close();
  await t?.close();
});

describe('triage through WeChat', () => {
  it('a child being beaten: urgent, 110/120 in the reply, 未检 group, leader and liaison alerted at once, due within 24 hours', async () => {
    const reply = await send(
      'wxid_tri_resident',
      '我住三坊七巷社区，隔壁8岁的小女孩天天被她爸打，身上都是伤痕，刚才又在哭喊',
    );
    const caseNo = /GL-\d{4}-\d{6}/.exec(reply)?.[0];
    expect(caseNo, reply).toBeDefined();
    expect(reply).toContain('110');
    expect(reply).toContain('120');
    const stored = await caseFile(caseNo!);
    expect(stored.priority).toBe('urgent');
    expect(stored.group).toMatchObject({ code: 'GRP-WJ', function: '未检' });
    expect(Date.parse(stored.proceduralDueAt) - Date.parse(stored.receivedAt)).toBe(24 * 3_600_000);
    // Whatever the hour (quiet hours included), both hear of it through WeChat.
    await until('the leader’s alert', () => received(WJ_LEADER).some((m) => m.includes(caseNo!)));
    await until('the liaison’s alert', () =>
      received(WJ_LIAISON).some((m) => m.startsWith('【紧急案件】') && m.includes(caseNo!)),
    );
    expect(received(WJ_LEADER).find((m) => m.includes(caseNo!))).toContain('强制报告');
  });

  it('a petition against a judgment reaches 控申 and its liaison', async () => {
    const reply = await send('wxid_tri_petitioner', '我住中山社区，法院判决明显不公，我要向检察院申诉');
    const caseNo = /GL-\d{4}-\d{6}/.exec(reply)?.[0];
    expect(caseNo, reply).toBeDefined();
    const stored = await caseFile(caseNo!);
    expect(stored.kind).toBe('petition');
    expect(stored.priority).toBe('normal');
    expect(stored.group).toMatchObject({ code: 'GRP-KS', function: '控申' });
    await until('the 控申 liaison’s notice', () =>
      received(KS_LIAISON).some((m) => m.includes(`【新案件】${caseNo}`)),
    );
  });
});
