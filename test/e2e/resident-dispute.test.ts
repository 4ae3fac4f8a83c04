// End to end through WeChat (mock puppet): the real bot, the real intent model, the API over HTTP, a fresh database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient } from '../../bot/api-client.js';
import { createParser, type Parser } from '../../intents/index.js';
import type { FakeBotApi } from '../bot/support/fake-bot-api.js';
import { type MockWechat, startMockWechat } from '../bot/support/mock-wechat.js';
import { ADMIN, auth, BOT, createTestApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
let wechat: MockWechat;
let parser: Parser;

beforeAll(async () => {
  parser = await createParser({ places: ['三坊七巷社区', '鼓东街道'] });
  // The bot stamps messages with the real time, and the API refuses times far from its clock.
  t = await createTestApp({ parser, now: new Date().toISOString() });
  const address = await t.app.listen({ host: '127.0.0.1', port: 0 });
  wechat = await startMockWechat({
    // The harness types its api as the fake; here the real HTTP client stands in, and wechat.api is unused.
    api: createApiClient({ apiUrl: address, botToken: BOT }) as FakeBotApi,
  });
}, 120_000);

afterAll(async () => {
  await wechat?.close();
  await t?.close();
});

const countCases = async () =>
  (await t.app.inject({ method: 'GET', url: '/v1/cases?kind=dispute', headers: auth(ADMIN) })).json()
    .total as number;

describe('a resident reports a dispute through WeChat', () => {
  it('gets a case number back and the case is stored as a dispute with both deadlines', async () => {
    const resident = wechat.contact('wxid_e2e_resident', '陈阿姨');
    const id = wechat.say(resident, '楼上邻居天天半夜吵，能不能调解一下');
    const handled = await wechat.bot.handled.wait(id, 15_000);

    expect(handled?.outcome).toBe('replied');
    const reply = handled?.replies[0] ?? '';
    const caseNo = /GL-\d{4}-\d{6}/.exec(reply)?.[0];
    expect(caseNo, reply).toBeDefined();
    expect(wechat.said.at(-1)).toMatchObject({ to: 'wxid_e2e_resident' });

    const res = await t.app.inject({ method: 'GET', url: `/v1/cases/${caseNo}`, headers: auth(ADMIN) });
    expect(res.statusCode).toBe(200);
    const stored = res.json();
    expect(stored.kind).toBe('dispute');
    expect(stored.proceduralDueAt).toMatch(/^\d{4}-\d{2}-\d{2}T23:59:59\.999\+08:00$/);
    expect(stored.substantiveDueAt).toMatch(/^\d{4}-\d{2}-\d{2}T23:59:59\.999\+08:00$/);
    expect(Date.parse(stored.substantiveDueAt)).toBeGreaterThan(Date.parse(stored.proceduralDueAt));
  });

  it('makes one case when WeChat delivers the same message twice', async () => {
    const resident = wechat.contact('wxid_e2e_resident_2', '林先生');
    const before = await countCases();
    const id = wechat.say(resident, '隔壁装修天天噪音扰民，协商不成想请人调解');
    const first = await wechat.bot.handled.wait(id, 15_000);
    expect(first?.outcome).toBe('replied');

    // A replay after re-login: the puppet emits the same message id again.
    const again = wechat.bot.handled.next(id, 15_000);
    wechat.mocker.puppet.emit('message', { messageId: id });
    expect(await again).toMatchObject({ messageId: id });

    expect(await countCases()).toBe(before + 1);
  });
});
