// Lecture requests: asked for in chat, recorded for the community's group, scheduled, and the room told.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cases, grids, lectureRequests, outbox, rooms } from '../../db/schema/index.js';
import { GRP01, GRP03, tokenFor } from '../helpers/case-fixtures.js';
import { inbound, parseOf } from '../helpers/inbound-fixtures.js';
import { auth, createTestApp, postInbound, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ now: '2026-12-01T02:00:00Z' });
});
afterAll(async () => {
  await t?.close();
});

const ask = (text: string, from: string, room?: { id: string; topic: string }, place?: string) =>
  postInbound(
    t,
    inbound(text, parseOf('none', place ? { entities: { place } } : {}), {
      from: { id: from, name: '陈网格员' },
      receivedAt: t.clock.now().toISOString(),
      ...(room ? { room } : {}),
    }),
  ).then((r) => r.json());
const caseCount = async () => (await t.database.db.select({ id: cases.id }).from(cases)).length;
const queued = async (purpose: string) =>
  (await t.database.db.select().from(outbox)).filter((r) => r.purpose === purpose);

describe('a lecture request', () => {
  it('is recorded with community and topic, the group is told, a legal day is suggested, and no case opens', async () => {
    const before = await caseCount();
    const reply = await ask(
      '想请检察官来社区讲讲反诈，下周三下午可以吗',
      'wxid_lecture_resident',
      undefined,
      '三坊七巷社区',
    );
    expect(reply.reply).toMatch(/^已收到讲座邀请（编号 JZ-\d+）：三坊七巷社区，主题“反诈”/u);
    expect(reply.reply).toContain('12月4日国家宪法日');
    expect(reply.caseNo).toBeUndefined();
    expect(await caseCount()).toBe(before);
    const [row] = await t.database.db.select().from(lectureRequests);
    expect(row).toMatchObject({ topic: '反诈', preferred: '下周三下午可以吗', state: 'requested' });
    const told = await queued('lecture_request');
    expect(told).toHaveLength(1);
    expect(told[0]!.toId).toBe(GRP03.liaison);
  });

  it('from a bound group chat is scheduled by the group and announced in that room', async () => {
    const [community] = await t.database.db.select().from(grids).where(eq(grids.name, '三坊七巷社区'));
    await t.database.db
      .insert(rooms)
      .values({ roomId: 'room-lecture@chatroom', topic: '三坊七巷网格群', gridId: community!.id });
    const reply = await ask('能不能请检察院的同志来讲一讲养老诈骗', 'demo-grid-member-01', {
      id: 'room-lecture@chatroom',
      topic: '三坊七巷网格群',
    });
    const id = Number(/JZ-(\d+)/u.exec(reply.reply)![1]);
    const leader = await tokenFor(t, 'group_leader', GRP03.leader);
    const schedule = (token: string, scheduledAt: string) =>
      t.app.inject({
        method: 'POST',
        url: `/v1/lectures/${id}/schedule`,
        headers: auth(token),
        payload: { scheduledAt, speaker: '林检察官', place: '三坊七巷社区活动室' },
      });
    expect(
      (await schedule(await tokenFor(t, 'group_leader', GRP01.leader), '2026-12-04T14:30:00+08:00'))
        .statusCode,
    ).toBe(404);
    expect((await schedule(leader, '2026-11-20T14:30:00+08:00')).statusCode).toBe(400);
    const ok = await schedule(leader, '2026-12-04T14:30:00+08:00');
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ state: 'scheduled', speaker: '林检察官', inRoom: true });
    const announced = await queued('lecture_scheduled');
    expect(announced).toHaveLength(1);
    expect(announced[0]).toMatchObject({ toKind: 'room', toId: 'room-lecture@chatroom' });
    const listed = (await t.app.inject({ method: 'GET', url: '/v1/lectures', headers: auth(leader) })).json();
    expect(listed.items.map((i: { id: number }) => i.id)).toContain(id);
  });

  it('asked for privately, once scheduled, tells the requester and the community’s bound rooms (not one that unsubscribed)', async () => {
    const [community] = await t.database.db.select().from(grids).where(eq(grids.name, '三坊七巷社区'));
    await t.database.db.insert(rooms).values({
      roomId: 'room-lecture-quiet@chatroom',
      topic: '三坊七巷楼栋群',
      gridId: community!.id,
      noticesOptIn: false,
      noticesOptedAt: t.clock.now(),
    });
    const [first] = await t.database.db
      .select()
      .from(lectureRequests)
      .where(eq(lectureRequests.topic, '反诈'));
    const leader = await tokenFor(t, 'group_leader', GRP03.leader);
    const ok = await t.app.inject({
      method: 'POST',
      url: `/v1/lectures/${first!.id}/schedule`,
      headers: auth(leader),
      payload: { scheduledAt: '2026-12-09T15:00:00+08:00', speaker: '陈检察官', place: '三坊七巷社区会议室' },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ state: 'scheduled', inRoom: false, announcedTo: 2 });
    const told = (await queued('lecture_scheduled')).filter((r) =>
      r.dedupeKey.startsWith(`lecture:${first!.id}:`),
    );
    expect(told.map((r) => `${r.toKind}:${r.toId}`).sort()).toEqual([
      'contact:wxid_lecture_resident',
      'room:room-lecture@chatroom',
    ]);
  });

  it('is not what a legal question about lectures is', async () => {
    const reply = await ask('讲座上说的婚前财产怎么算？', 'wxid_lecture_question');
    expect(reply.reply ?? '').not.toContain('讲座邀请');
  });

  it('lists the legal days ahead with topics', async () => {
    const token = await tokenFor(t, 'group_leader', GRP03.leader);
    const days = (
      await t.app.inject({ method: 'GET', url: '/v1/outreach/legal-days?days=120', headers: auth(token) })
    ).json();
    expect(days.items[0]).toMatchObject({ date: '2026-12-04', name: '国家宪法日' });
    expect(days.items.map((d: { date: string }) => d.date)).toContain('2027-03-15');
  });
});
