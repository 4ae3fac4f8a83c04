// Fault: the bot's WeChat account logs out and back in, and WeChat replays the messages it had already delivered.
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cases, messages } from '../../db/schema/index.js';
import type { MockWechat } from '../bot/support/mock-wechat.js';
import type { TestDatabase } from '../helpers/test-database.js';
import { freshDatabase, type LiveApi, startApi, startLiveBot } from './support/live-stack.js';

let database: TestDatabase;
let api: LiveApi;
let wechat: MockWechat;

// Setting up a PGlite database (WASM start and migrations) took 65–130 s with the 2 cores' load average at 26.
beforeAll(async () => {
  database = await freshDatabase();
  api = await startApi(database);
  wechat = await startLiveBot(api.url);
}, 300_000);
afterAll(async () => {
  await wechat?.close();
  await api?.close();
  await database?.close();
});

const countOf = async (table: typeof messages | typeof cases, where?: ReturnType<typeof eq>) =>
  (await database.db.select({ n: count() }).from(table).where(where))[0]!.n;

async function conversationThenRelogin(
  residentId: string,
): Promise<{ repliesBefore: number; casesBefore: number }> {
  const resident = wechat.contact(residentId, '郑女士');
  const texts = ['楼上漏水到我家，协商不成', '邻居家的狗天天半夜叫', '小区停车位被人长期占用'];
  const ids: string[] = [];
  for (const text of texts) {
    const id = wechat.say(resident, text);
    expect((await wechat.bot.handled.wait(id, 60_000))?.outcome).toBe('replied');
    ids.push(id);
  }
  const repliesBefore = wechat.said.filter((s) => s.to === residentId).length;
  const casesBefore = await countOf(cases);

  const puppet = wechat.mocker.puppet;
  await puppet.logout('fault test');
  expect(wechat.bot.wechaty.isLoggedIn).toBe(false);
  wechat.mocker.login(wechat.botUser);
  await wechat.bot.loggedIn(AbortSignal.timeout(5_000));

  // After a re-login WeChat hands the recent history over again, with the same message ids.
  for (const id of ids) {
    const replayed = wechat.bot.handled.next(id, 60_000);
    puppet.emit('message', { messageId: id });
    await replayed;
  }
  return { repliesBefore, casesBefore };
}

describe('logout, login and a replay of old message ids', () => {
  it('records each message once and opens no new case', async () => {
    const { casesBefore } = await conversationThenRelogin('wxid_relogin_a');
    expect(await countOf(messages, eq(messages.fromWechatId, 'wxid_relogin_a'))).toBe(3);
    expect(await countOf(cases)).toBe(casesBefore);
  }, 300_000);

  it('answers the resident once, not again for the replayed messages', async () => {
    const { repliesBefore } = await conversationThenRelogin('wxid_relogin_b');
    expect(repliesBefore).toBe(3);
    expect(wechat.said.filter((s) => s.to === 'wxid_relogin_b')).toHaveLength(3);
  }, 300_000);
});
