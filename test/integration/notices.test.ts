// 普法 notices: rooms opt in, a group's prosecutor drafts, its leader approves, only opted-in rooms get it, paced, counted.
import { and, eq, isNotNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, outbox, rooms } from '../../db/schema/index.js';
import { GRP01, GRP03, tokenFor } from '../helpers/case-fixtures.js';
import { inbound, parseOf } from '../helpers/inbound-fixtures.js';
import { ADMIN, auth, BOT, createTestApp, postInbound, type TestApp } from '../helpers/test-app.js';

// Mon 2026-11-30 10:00 in Shanghai: outside quiet hours; 12月4日 国家宪法日 is ahead.
const NOW = '2026-11-30T02:00:00Z';
let t: TestApp;
let member01: string;
let leader01: string;
let leader03: string;

// Two rooms of 中山社区 (GRP-01), one of 三坊七巷社区 (GRP-03), one unbound.
const ZS_A = 'zs-a@chatroom';
const ZS_B = 'zs-b@chatroom';
const ZS_C = 'zs-c@chatroom';
const SF = 'sf@chatroom';

const say = (text: string, from: string, room?: string) =>
  postInbound(
    t,
    inbound(text, parseOf('none'), {
      from: { id: from, name: '陈' },
      receivedAt: t.clock.now().toISOString(),
      ...(room ? { room: { id: room, topic: '网格群' } } : {}),
    }),
  ).then((r) => r.json().reply as string | null);
const bind = (roomId: string, gridCode: string) =>
  t.app.inject({ method: 'PUT', url: `/v1/rooms/${roomId}`, headers: auth(ADMIN), payload: { gridCode } });
const draft = (token: string, payload: unknown) =>
  t.app.inject({ method: 'POST', url: '/v1/notices', headers: auth(token), payload: payload as object });
const approve = (token: string, id: number) =>
  t.app.inject({ method: 'POST', url: `/v1/notices/${id}/approve`, headers: auth(token) });
const noticeCopies = async (id: number) =>
  (await t.database.db.select().from(outbox).where(eq(outbox.noticeId, id))).sort(
    (a, b) => a.availableAt.getTime() - b.availableAt.getTime(),
  );

beforeAll(async () => {
  t = await createTestApp({ now: NOW });
  member01 = await tokenFor(t, 'prosecutor', GRP01.member);
  leader01 = await tokenFor(t, 'group_leader', GRP01.leader);
  leader03 = await tokenFor(t, 'group_leader', GRP03.leader);
  for (const [room, grid] of [
    [ZS_A, 'GL-S01-C01'],
    [ZS_B, 'GL-S01-C01'],
    [ZS_C, 'GL-S01-C01'],
    [SF, 'GL-S05-C01'],
  ] as const)
    expect((await bind(room, grid)).statusCode).toBe(200);
});
afterAll(async () => {
  await t?.close();
});

describe('a room subscribes to 普法 notices', () => {
  it('by its grid member sending 订阅普法 in the room; a resident is refused; 退订普法 undoes it', async () => {
    expect(await say('订阅普法', 'demo-grid-member-01', ZS_A)).toContain('本群已订阅普法通知');
    expect(await say('订阅普法', 'demo-grid-member-01', ZS_B)).toContain('本群已订阅普法通知');
    // A grid member of another community, and a resident, may not.
    expect(await say('订阅普法', 'demo-grid-member-07', ZS_C)).toContain('只有本群所绑定社区的网格员');
    expect(await say('订阅普法', 'wxid_notice_resident', ZS_C)).toContain('只有本群所绑定社区的网格员');
    expect(await say('退订普法', 'demo-grid-member-01', ZS_B)).toContain('本群已退订普法通知');
    const stored = await t.database.db.select().from(rooms);
    const optIn = Object.fromEntries(stored.map((r) => [r.roomId, r.noticesOptIn]));
    expect(optIn).toMatchObject({ [ZS_A]: true, [ZS_B]: false, [ZS_C]: false, [SF]: false });
    const audits = await t.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.subject, `room:${ZS_B}`));
    expect(audits.map((a) => a.action)).toEqual(
      expect.arrayContaining(['room.notices_subscribed', 'room.notices_unsubscribed']),
    );
  });

  it('by the office through PUT /v1/rooms/:roomId/notices; an unbound or unknown room is refused', async () => {
    const on = await t.app.inject({
      method: 'PUT',
      url: `/v1/rooms/${SF}/notices`,
      headers: auth(ADMIN),
      payload: { optIn: true },
    });
    expect(on.statusCode, on.body).toBe(200);
    expect(on.json()).toMatchObject({ roomId: SF, noticesOptIn: true });
    await postInbound(
      t,
      inbound('大家好', parseOf('none'), {
        from: { id: 'wxid_x', name: 'x' },
        receivedAt: t.clock.now().toISOString(),
        room: { id: 'unbound@chatroom', topic: '闲聊群' },
      }),
    );
    const unbound = await t.app.inject({
      method: 'PUT',
      url: '/v1/rooms/unbound@chatroom/notices',
      headers: auth(ADMIN),
      payload: { optIn: true },
    });
    expect(unbound.statusCode).toBe(400);
    expect(unbound.json().error.code).toBe('room_unbound');
    const unknown = await t.app.inject({
      method: 'PUT',
      url: '/v1/rooms/nobody@chatroom/notices',
      headers: auth(ADMIN),
      payload: { optIn: 'yes' },
    });
    expect(unknown.statusCode).toBe(400);
  });
});

describe('a room’s subscription', () => {
  it('survives rebinding to the same community, not a move to another one or an unbinding', async () => {
    const optIn = async (room: string) =>
      (await t.database.db.select().from(rooms).where(eq(rooms.roomId, room)))[0]!.noticesOptIn;
    const room = 'moving@chatroom';
    expect((await bind(room, 'GL-S01-C01')).statusCode).toBe(200);
    expect(await say('订阅普法', 'demo-grid-member-01', room)).toContain('本群已订阅普法通知');
    expect((await bind(room, 'GL-S01-C01')).json().noticesOptIn).toBe(true);
    expect((await bind(room, 'GL-S01-C02')).json().noticesOptIn).toBe(false);
    await t.app.inject({
      method: 'PUT',
      url: `/v1/rooms/${room}/notices`,
      headers: auth(ADMIN),
      payload: { optIn: true },
    });
    // 绑定网格 in the room, to another community.
    expect(await say('绑定网格 中山社区', 'demo-grid-member-01', room)).toBeTruthy();
    expect(await optIn(room)).toBe(false);
    await t.app.inject({
      method: 'PUT',
      url: `/v1/rooms/${room}/notices`,
      headers: auth(ADMIN),
      payload: { optIn: true },
    });
    await t.app.inject({ method: 'DELETE', url: `/v1/rooms/${room}/binding`, headers: auth(ADMIN) });
    expect(await optIn(room)).toBe(false);
  });
});

describe('a notice', () => {
  let id: number;

  it('refuses bad drafts with a clear 400, and a prosecutor of another group with 403', async () => {
    const cases: [unknown, string][] = [
      [{}, 'text_required'],
      [{ text: '   ' }, 'empty_text'],
      [{ legalDay: '2026-12-05' }, 'not_a_legal_day'],
      [{ legalDay: '2026-06-26' }, 'legal_day_passed'],
      [{ text: 'x', gridCode: 'GL-S05-C01' }, 'grid_not_in_group'],
      [{ text: 'x', groupCode: 'GRP-99' }, 'unknown_group'],
      [{ legalDay: '2026-12-04', lectureId: 1 }, 'one_source'],
      [{ lectureId: 999 }, 'unknown_lecture'],
    ];
    for (const [payload, code] of cases) {
      const res = await draft(member01, payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().error.code, JSON.stringify(payload)).toBe(code);
    }
    expect((await draft(member01, { text: '字'.repeat(1001) })).statusCode).toBe(400);
    expect((await draft(member01, { text: 'x', extra: 1 })).statusCode).toBe(400);
    const other = await draft(leader03, { text: '反诈提醒', groupCode: 'GRP-01' });
    expect(other.statusCode).toBe(403);
    expect(
      (await t.app.inject({ method: 'GET', url: '/v1/notices', headers: auth(member01) })).json().items,
    ).toEqual([]);
  });

  it('for a legal day is drafted by a group prosecutor, and its leader is asked in WeChat', async () => {
    const res = await draft(member01, { legalDay: '2026-12-04' });
    expect(res.statusCode, res.body).toBe(201);
    const view = res.json();
    id = view.id;
    expect(view).toMatchObject({
      noticeNo: `TZ-${id}`,
      group: { code: 'GRP-01' },
      grid: null,
      source: 'legal_day',
      legalDay: '2026-12-04',
      state: 'draft',
      deliveries: { rooms: 0, queued: 0, sent: 0, failed: 0 },
    });
    expect(view.text).toMatch(/^【普法提示】12月4日是国家宪法日/u);
    const [ask] = await t.database.db
      .select()
      .from(outbox)
      .where(eq(outbox.dedupeKey, `notice:${id}:ask-leader`));
    expect(ask).toMatchObject({ toKind: 'contact', toId: GRP01.leader, purpose: 'notice_approval' });
    // Nothing goes to a room before approval.
    expect(await noticeCopies(id)).toEqual([]);
  });

  it('is refused approval by a member, the office, and another group’s leader', async () => {
    expect((await approve(member01, id)).statusCode).toBe(403);
    expect((await approve(await tokenFor(t, 'office'), id)).statusCode).toBe(403);
    const other = await approve(leader03, id);
    expect(other.statusCode).toBe(403);
    expect(other.json().error.message).toContain('leader');
    expect((await approve(leader01, 99_999)).statusCode).toBe(404);
    expect(await noticeCopies(id)).toEqual([]);
  });

  it('approved by its leader goes to the group’s opted-in rooms only, paced, with delivery counts', async () => {
    // A second opted-in room of 中山社区, so the pacing shows.
    expect(await say('订阅普法', 'demo-grid-member-01', ZS_C)).toContain('本群已订阅普法通知');
    const res = await approve(leader01, id);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      state: 'approved',
      deliveries: { rooms: 2, queued: 2, sent: 0, failed: 0 },
      firstAt: '2026-11-30T10:00:00.000+08:00',
      lastAt: '2026-11-30T10:00:30.000+08:00',
    });
    const copies = await noticeCopies(id);
    // Not ZS_B (unsubscribed), not SF (opted in, but GRP-03's).
    expect(copies.map((c) => c.toId)).toEqual([ZS_A, ZS_C]);
    expect(copies[1]!.availableAt.getTime() - copies[0]!.availableAt.getTime()).toBe(30_000);
    expect((await approve(leader01, id)).statusCode).toBe(409);
    expect(await noticeCopies(id)).toHaveLength(2);
    const audit = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.subject, `notice:${id}`), eq(auditLog.action, 'notice.approved')));
    expect(audit).toHaveLength(1);

    // The bot gets one room now, the next 30 s later; one is sent, the other fails for good.
    const lease = async () =>
      (await t.app.inject({ method: 'GET', url: '/v1/outbox?limit=10', headers: auth(BOT) })).json()
        .items as {
        id: string;
        to: { id: string };
        text: string;
      }[];
    const first = (await lease()).filter((i) => i.text.startsWith('【普法提示】'));
    expect(first.map((i) => i.to.id)).toEqual([ZS_A]);
    await t.app.inject({ method: 'POST', url: `/v1/outbox/${first[0]!.id}/sent`, headers: auth(BOT) });
    t.clock.advance(30_000);
    const second = (await lease()).filter((i) => i.text.startsWith('【普法提示】'));
    expect(second.map((i) => i.to.id)).toEqual([ZS_C]);
    await t.database.db.update(outbox).set({ attempts: 8 }).where(eq(outbox.id, second[0]!.id));
    await t.app.inject({
      method: 'POST',
      url: `/v1/outbox/${second[0]!.id}/failed`,
      headers: auth(BOT),
      payload: { error: 'room not found' },
    });
    const one = await t.app.inject({ method: 'GET', url: `/v1/notices/${id}`, headers: auth(member01) });
    expect(one.json().deliveries).toEqual({ rooms: 2, queued: 0, sent: 1, failed: 1 });
    const list = await t.app.inject({
      method: 'GET',
      url: '/v1/notices?state=approved',
      headers: auth(leader01),
    });
    expect(list.json().items.map((n: { id: number }) => n.id)).toEqual([id]);
    // Another group's notices are not theirs to read.
    expect(
      (await t.app.inject({ method: 'GET', url: `/v1/notices/${id}`, headers: auth(leader03) })).statusCode,
    ).toBe(404);
  });

  it('approved in the evening waits for the end of quiet hours', async () => {
    t.clock.set('2026-11-30T14:00:00Z'); // 22:00 in Shanghai
    const made = await draft(leader01, { text: '【反诈提醒】近期冒充客服退款诈骗多发，请勿向陌生人转账。' });
    expect(made.statusCode).toBe(201);
    const res = await approve(leader01, made.json().id);
    expect(res.json().firstAt).toBe('2026-12-01T08:00:00.000+08:00');
    t.clock.set(NOW);
  });
});

describe('a notice for a lecture', () => {
  it('needs the lecture scheduled and in the drafter’s groups, and carries its announcement', async () => {
    const asked = await say('想请检察官来社区讲讲电信诈骗', 'demo-grid-member-01', ZS_A);
    const lectureId = Number(/JZ-(\d+)/u.exec(asked!)![1]);
    const early = await draft(member01, { lectureId });
    expect(early.statusCode).toBe(400);
    expect(early.json().error.code).toBe('lecture_not_scheduled');
    const scheduled = await t.app.inject({
      method: 'POST',
      url: `/v1/lectures/${lectureId}/schedule`,
      headers: auth(leader01),
      payload: { scheduledAt: '2026-12-10T15:00:00+08:00', speaker: '林检察官', place: '中山社区活动室' },
    });
    expect(scheduled.statusCode, scheduled.body).toBe(200);
    expect((await draft(leader03, { lectureId })).json().error.code).toBe('unknown_lecture');
    const made = await draft(member01, { lectureId, gridCode: 'GL-S01-C01' });
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json()).toMatchObject({
      source: 'lecture',
      lectureId,
      group: { code: 'GRP-01' },
      grid: { code: 'GL-S01-C01', name: '中山社区' },
      text: '【普法讲座】“电信诈骗”定于12月10日 15:00在中山社区活动室举行，主讲：林检察官。欢迎居民参加。',
    });
  });
});

describe('in WeChat', () => {
  it('起草通知 普法日 drafts the next legal day’s notice', async () => {
    const drafted = await say('起草通知 普法日', GRP01.member);
    const no = /TZ-(\d+)/u.exec(drafted!)!;
    const view = (
      await t.app.inject({ method: 'GET', url: `/v1/notices/${no[1]}`, headers: auth(member01) })
    ).json();
    expect(view).toMatchObject({ source: 'legal_day', legalDay: '2026-12-04', state: 'draft' });
  });

  it('a prosecutor drafts with 起草通知, a liaison may not approve, the leader approves with 批准 通知 TZ-n', async () => {
    expect(await say('起草通知', GRP01.member)).toContain('起草通知 通知正文');
    const drafted = await say('起草通知 冬季防火：请勿在楼道堆放杂物、给电动车充电。', GRP01.member);
    expect(drafted).toMatch(/^已起草通知 TZ-\d+，已请组长批准/u);
    const no = /TZ-\d+/u.exec(drafted!)![0];
    const id = Number(no.slice(3));
    expect(await say(`批准 通知 ${no}`, GRP01.liaison)).toBe(`只有本组组长可以批准通知 ${no}。`);
    expect(await say(`批准 通知 ${no}`, GRP03.leader)).toBe(`只有本组组长可以批准通知 ${no}。`);
    expect(await say('批准 通知 TZ-99999', GRP01.leader)).toBe('没有找到通知 TZ-99999。');
    expect(await say('批准 通知', GRP01.leader)).toContain('批准 通知 TZ-编号');
    expect(await say(`批准 通知 ${no}`, GRP01.leader)).toMatch(
      new RegExp(`^已批准通知 ${no}，将依次发往 2 个`, 'u'),
    );
    expect(await say(`批准通知 ${no.toLowerCase()}`, GRP01.leader)).toBe(
      `通知 ${no} 已经批准过，不会重复发送。`,
    );
    const copies = await noticeCopies(id);
    expect(copies.map((c) => c.toId).sort()).toEqual([ZS_A, ZS_C].sort());
    // Paced after the copies still waiting from the evening's notice (tomorrow 08:00 and 08:00:30).
    expect(copies[0]!.availableAt.toISOString()).toBe('2026-12-01T00:01:00.000Z');
    const [approvedBy] = await t.database.db
      .select()
      .from(auditLog)
      .where(
        and(
          eq(auditLog.subject, `notice:${id}`),
          eq(auditLog.action, 'notice.approved'),
          isNotNull(auditLog.actor),
        ),
      );
    expect(approvedBy!.actor).toMatch(/^wechat:\d+$/u);
  });
});
