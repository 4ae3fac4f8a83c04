// Outreach through mock WeChat (issue 15 item 2): a lecture asked for in a group chat, scheduled, the rooms told;
// a room subscribes with 订阅普法, a prosecutor drafts a notice, the leader approves it in WeChat, only that room gets it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { mock } from 'wechaty-puppet-mock';
import { createApiClient } from '../../bot/api-client.js';
import { abortableSleep, type BotClock } from '../../bot/shared/bot-clock.js';
import type { FakeBotApi } from '../bot/support/fake-bot-api.js';
import { type MockWechat, startMockWechat } from '../bot/support/mock-wechat.js';
import { GRP01, tokenFor } from '../helpers/case-fixtures.js';
import { ADMIN, auth, BOT, createTestApp, type TestApp } from '../helpers/test-app.js';

// 中山社区 (GL-S01-C01) is GRP-01's; demo-grid-member-01 is its grid member. 三坊七巷社区 (GL-S05-C01) is GRP-03's.
const GRID_MEMBER = 'demo-grid-member-01';
const RESIDENT = 'wxid_outreach_resident';
const ROOM_A = 'zhongshan-a@chatroom';
const ROOM_B = 'zhongshan-b@chatroom';
const ROOM_SF = 'sanfang@chatroom';
// Mon 2026-11-02, office hours; the walk stays before the real date so the bot trusts the manual clock.
const NOW = '2026-11-02T10:00:00+08:00';

type MessageMock = ReturnType<mock.Mocker['MessageMock']['load']>;

let t: TestApp;
let wechat: MockWechat;
let baseUrl: string;
const rooms = new Map<string, ReturnType<MockWechat['room']>>();
const inbox = new Map<string, string[]>();
const received = (id: string) => inbox.get(id) ?? [];
/** What the bot posted in a room, in order. */
const inRoom = (room: string) => wechat.said.filter((s) => s.room === room).map((s) => s.text);

async function until(what: string, done: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await abortableSleep(20);
  }
}

/** `from` writes `text` (in `room`, @-mentioning the bot if asked); returns the bot's replies. */
async function say(from: string, text: string, room?: string, mention = false): Promise<string[]> {
  const contact = wechat.mocker.ContactMock.load(from);
  const id = wechat.say(contact, text, room ? rooms.get(room) : undefined, mention ? [wechat.botUser] : []);
  const handled = await wechat.bot.handled.wait(id, 15_000);
  expect(handled?.outcome, text).toBe('replied');
  return handled?.replies ?? [];
}

async function api<T = unknown>(method: 'GET' | 'POST' | 'PUT', path: string, token: string, body?: unknown) {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { ...auth(token), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as T };
}

beforeAll(async () => {
  t = await createTestApp({ now: NOW });
  baseUrl = await t.app.listen({ host: '127.0.0.1', port: 0 });
  const clock: BotClock = { now: () => t.clock.now(), sleep: abortableSleep };
  wechat = await startMockWechat({
    api: createApiClient({ apiUrl: baseUrl, botToken: BOT }) as unknown as FakeBotApi,
    clock,
    pacing: { minGapMs: 0, jitterMs: 0, perChatGapMs: 0, maxPerMinute: 10_000 },
    outbox: { enabled: true, pollIntervalMs: 25 },
  });
  const people = [
    [RESIDENT, '陈阿姨'],
    [GRID_MEMBER, '网格员'],
    [GRP01.leader, '组长'],
    [GRP01.liaison, '联络员'],
    [GRP01.member, '组员'],
  ] as const;
  const contacts = people.map(([id, name]) => {
    const contact = wechat.contact(id, name);
    (contact as unknown as NodeJS.EventEmitter).on('message', (message: MessageMock) => {
      if (message.talker().id === wechat.botUser.id && message.payload.listenerId === id)
        inbox.set(id, [...received(id), message.text() ?? '']);
    });
    return contact;
  });
  for (const [room, topic, grid] of [
    [ROOM_A, '中山社区居民群', 'GL-S01-C01'],
    [ROOM_B, '中山社区楼栋群', 'GL-S01-C01'],
    [ROOM_SF, '三坊七巷居民群', 'GL-S05-C01'],
  ] as const) {
    rooms.set(room, wechat.room(room, topic, contacts.slice(0, 2)));
    expect((await api('PUT', `/v1/rooms/${room}`, ADMIN, { gridCode: grid })).status).toBe(200);
  }
}, 60_000);

afterAll(async () => {
  await wechat?.close();
  await t?.close();
});

describe('a lecture asked for in a group chat', () => {
  let id: number;

  it('is recorded and the group’s liaison told', async () => {
    const [reply] = await say(RESIDENT, '@检网助手 想请检察官来社区讲讲反诈', ROOM_A, true);
    expect(reply).toMatch(/^已收到讲座邀请（编号 JZ-\d+）：中山社区，主题“反诈”/u);
    id = Number(/JZ-(\d+)/u.exec(reply!)![1]);
    expect(inRoom(ROOM_A)).toEqual([reply]);
    await until('the liaison’s notice', () => received(GRP01.liaison).length > 0);
    expect(received(GRP01.liaison)[0]).toContain(`【讲座邀请】JZ-${id} 中山社区 主题：反诈`);
  });

  it('scheduled by the group with date and speaker, is announced in the community’s rooms', async () => {
    const leader = await tokenFor(t, 'group_leader', GRP01.leader);
    const res = await api('POST', `/v1/lectures/${id}/schedule`, leader, {
      scheduledAt: '2026-11-09T15:00:00+08:00',
      speaker: '林检察官',
      place: '中山社区活动室',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ state: 'scheduled', speaker: '林检察官', announcedTo: 2 });
    const announcement =
      '【普法讲座】“反诈”定于11月9日 15:00在中山社区活动室举行，主讲：林检察官。欢迎居民参加。';
    await until('the announcement in both rooms', () =>
      [ROOM_A, ROOM_B].every((r) => inRoom(r).includes(announcement)),
    );
    await abortableSleep(150);
    expect(inRoom(ROOM_A)).toHaveLength(2);
    expect(inRoom(ROOM_B)).toEqual([announcement]);
    expect(inRoom(ROOM_SF)).toEqual([]);
  });
});

describe('a 普法 notice', () => {
  it('goes, once the leader approves it in WeChat, to the room that subscribed and nowhere else', async () => {
    // The community's grid member subscribes room A; a resident may not subscribe room B.
    expect(await say(GRID_MEMBER, '订阅普法', ROOM_A)).toEqual([
      expect.stringContaining('本群已订阅普法通知'),
    ]);
    expect(await say(RESIDENT, '订阅普法', ROOM_B)).toEqual([
      expect.stringContaining('只有本群所绑定社区的网格员'),
    ]);

    const text = '冬季防火提醒：请勿在楼道堆放杂物，电动车不要进楼充电。';
    const [drafted] = await say(GRP01.member, `起草通知 ${text}`);
    expect(drafted).toMatch(
      /^已起草通知 TZ-\d+，已请组长批准；批准后发往本组已订阅普法通知的群（目前 1 个）/u,
    );
    const no = /TZ-\d+/u.exec(drafted!)![0];
    await until('the leader’s approval request', () => received(GRP01.leader).length > 0);
    expect(received(GRP01.leader)[0]).toBe(
      `【待批准通知】${no}（本组各社区，已订阅普法通知的群 1 个）：\n${text}\n同意发送请回复：批准 通知 ${no}`,
    );
    // Drafted is not sent.
    await abortableSleep(200);
    expect(inRoom(ROOM_A).some((m) => m === text)).toBe(false);

    expect(await say(GRP01.liaison, `批准 通知 ${no}`)).toEqual([`只有本组组长可以批准通知 ${no}。`]);
    const [approved] = await say(GRP01.leader, `批准 通知 ${no}`);
    expect(approved).toMatch(new RegExp(`^已批准通知 ${no}，将依次发往 1 个已订阅普法通知的群`, 'u'));
    await until('the notice in room A', () => inRoom(ROOM_A).includes(text));
    const admin = async () =>
      (await api<{ deliveries: { sent: number } }>('GET', `/v1/notices/${no.slice(3)}`, ADMIN)).body;
    let view = await admin();
    for (let i = 0; i < 100 && view.deliveries.sent < 1; i++) {
      await abortableSleep(20);
      view = await admin();
    }
    expect(view).toMatchObject({
      state: 'approved',
      deliveries: { rooms: 1, queued: 0, sent: 1, failed: 0 },
    });
    await abortableSleep(150);
    expect(inRoom(ROOM_B).includes(text)).toBe(false);
    expect(inRoom(ROOM_SF)).toEqual([]);
    const list = await api<{ items: unknown[] }>('GET', '/v1/notices', ADMIN);
    expect(list.body.items[0]).toMatchObject({ noticeNo: no, deliveries: { sent: 1 } });
  });
});
