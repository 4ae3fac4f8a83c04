// POST /v1/cases/:caseNo/actions end to end: transitions, clocks, reporter replies, group scoping, audit.
import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, caseEvents, outbox } from '../../db/schema/index.js';
import {
  caseRow,
  GRP01,
  GRP03,
  personId,
  repliesFor,
  reportCase,
  tokenFor,
} from '../helpers/case-fixtures.js';
import { ADMIN, auth, BOT, createTestApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
let liaison01: string;
let member01: string;
let prosecutor03: string;
let office: string;
beforeAll(async () => {
  t = await createTestApp({ now: '2026-11-27T02:00:00Z' });
  liaison01 = await tokenFor(t, 'prosecutor', GRP01.liaison);
  member01 = await tokenFor(t, 'prosecutor', GRP01.member);
  prosecutor03 = await tokenFor(t, 'prosecutor', GRP03.member);
  office = await tokenFor(t, 'office');
});
afterAll(async () => {
  await t?.close();
});

const act = (caseNo: string, body: object, token: string) =>
  t.app.inject({ method: 'POST', url: `/v1/cases/${caseNo}/actions`, headers: auth(token), payload: body });
const get = (caseNo: string, token: string) =>
  t.app.inject({ method: 'GET', url: `/v1/cases/${caseNo}`, headers: auth(token) });
const DAY = 86_400_000;

async function snapshot(caseNo: string) {
  const row = await caseRow(t, caseNo);
  const [events] = await t.database.db
    .select({ n: count() })
    .from(caseEvents)
    .where(eq(caseEvents.caseId, row.id));
  const [queued] = await t.database.db.select({ n: count() }).from(outbox).where(eq(outbox.caseId, row.id));
  return { row, events: Number(events?.n), queued: Number(queued?.n) };
}

describe('case actions through the API', () => {
  it('walks a case from received to closed, keeping the clocks and telling the reporter each step', async () => {
    const caseNo = await reportCase(t, { from: 'wxid_walk', name: '王先生' });
    const liaisonId = await personId(t, GRP01.liaison);

    t.clock.advance(DAY);
    const accepted = await act(caseNo, { action: 'accept' }, liaison01);
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json()).toMatchObject({
      caseNo,
      status: 'accepted',
      proceduralRepliedAt: '2026-11-28T10:00:00.000+08:00',
    });
    let row = await caseRow(t, caseNo);
    expect(row.assigneeId).toBe(liaisonId);
    expect(row.substantiveRepliedAt).toBeNull();

    t.clock.advance(10 * DAY);
    const progress = await act(caseNo, { action: 'progress', text: '已约双方当事人下周调解' }, liaison01);
    expect(progress.statusCode).toBe(200);
    row = await caseRow(t, caseNo);
    expect(row.status).toBe('accepted');
    expect(row.substantiveRepliedAt?.toISOString()).toBe('2026-12-08T02:00:00.000Z');
    // The first monthly progress reply falls a month after the 3-month substantive deadline.
    expect(row.nextProgressDueAt).not.toBeNull();
    expect(row.nextProgressDueAt!.getTime()).toBeGreaterThan(row.substantiveDueAt.getTime());

    expect((await act(caseNo, { action: 'start' }, member01)).json().status).toBe('in_progress');
    t.clock.advance(DAY);
    const resolved = await act(caseNo, { action: 'resolve', text: '双方达成调解协议，已履行完毕' }, member01);
    expect(resolved.json()).toMatchObject({ status: 'resolved', nextProgressDueAt: null, closedAt: null });
    // Resolving keeps the first substantive reply time; it does not overwrite it.
    expect((await caseRow(t, caseNo)).substantiveRepliedAt?.toISOString()).toBe('2026-12-08T02:00:00.000Z');
    // The rating is asked for when the case is closed, not when its result is given.
    expect((await repliesFor(t, caseNo)).map((m) => m.purpose)).not.toContain('survey');

    const closed = await act(caseNo, { action: 'close' }, office);
    expect(closed.json()).toMatchObject({ status: 'closed', closedAt: '2026-12-09T10:00:00.000+08:00' });

    const events = closed
      .json()
      .events.filter((e: { type: string }) => !['received', 'assigned'].includes(e.type));
    expect(events.map((e: { type: string }) => e.type)).toEqual([
      'accepted',
      'progress_reported',
      'started',
      'resolved',
      'closed',
    ]);
    expect(events[1]).toMatchObject({
      actor: expect.stringMatching(/^token:\d+$/),
      data: { text: '已约双方当事人下周调解', from: 'accepted', to: 'accepted' },
    });

    const sent = await repliesFor(t, caseNo);
    expect(sent.map((m) => [m.purpose, m.toId])).toEqual([
      ['reporter_reply', 'wxid_walk'],
      ['reporter_reply', 'wxid_walk'],
      ['reporter_reply', 'wxid_walk'],
      ['survey', 'wxid_walk'],
    ]);
    expect(sent[0]!.text).toContain('已受理');
    expect(sent[1]!.text).toContain('已约双方当事人下周调解');
    expect(sent[2]!.text).toContain('双方达成调解协议');
    expect(sent[3]!.text).toContain('满意 / 基本满意 / 不满意');
    expect(sent.every((m) => m.toKind === 'contact')).toBe(true);
  });

  it('asks for materials, then accepts; the procedural reply keeps its first time', async () => {
    const caseNo = await reportCase(t, { from: 'wxid_materials' });
    const asked = await act(caseNo, { action: 'request_materials', text: '请提供租赁合同复印件' }, liaison01);
    expect(asked.json().status).toBe('materials_needed');
    const first = (await caseRow(t, caseNo)).proceduralRepliedAt;
    t.clock.advance(2 * DAY);
    expect((await act(caseNo, { action: 'accept' }, liaison01)).json().status).toBe('accepted');
    expect((await caseRow(t, caseNo)).proceduralRepliedAt).toEqual(first);
    const sent = await repliesFor(t, caseNo);
    expect(sent[0]!.text).toContain('请提供租赁合同复印件');
    expect(sent).toHaveLength(2);
  });

  it('transfers to another body and rejects with a reason, telling the reporter which body and why', async () => {
    const transferred = await reportCase(t, { from: 'wxid_transfer' });
    const res = await act(transferred, { action: 'transfer', body: '鼓楼区市场监督管理局' }, liaison01);
    expect(res.json().status).toBe('transferred');
    expect((await repliesFor(t, transferred))[0]!.text).toContain('鼓楼区市场监督管理局');
    expect((await act(transferred, { action: 'close' }, ADMIN)).json().status).toBe('closed');

    const rejected = await reportCase(t, { from: 'wxid_reject' });
    const r = await act(rejected, { action: 'reject', text: '不属于检察机关管辖' }, ADMIN);
    expect(r.json().status).toBe('not_accepted');
    const [reply] = await repliesFor(t, rejected);
    expect(reply).toMatchObject({ toId: 'wxid_reject' });
    expect(reply!.text).toContain('不属于检察机关管辖');
  });

  it('refuses an illegal transition with 409 and changes nothing', async () => {
    const caseNo = await reportCase(t);
    const before = await snapshot(caseNo);
    for (const body of [
      { action: 'resolve', text: '结果' },
      { action: 'close' },
      { action: 'progress', text: 'x' },
      { action: 'start' },
    ]) {
      const res = await act(caseNo, body, liaison01);
      expect(res.statusCode).toBe(409);
      expect(res.json().error.code).toBe('illegal_transition');
    }
    expect(await snapshot(caseNo)).toEqual(before);

    await act(caseNo, { action: 'reject', text: '重复反映' }, liaison01);
    await act(caseNo, { action: 'close' }, liaison01);
    const closed = await snapshot(caseNo);
    expect((await act(caseNo, { action: 'accept' }, liaison01)).statusCode).toBe(409);
    expect(await snapshot(caseNo)).toEqual(closed);
  });

  it('rejects bad input with 400 and changes nothing', async () => {
    const caseNo = await reportCase(t);
    const before = await snapshot(caseNo);
    const cases: [object, string][] = [
      [{ action: 'request_materials' }, 'text_required'],
      [{ action: 'reject', text: '   ' }, 'validation_failed'],
      [{ action: 'transfer', text: '转给市场监管' }, 'body_required'],
      [{ action: 'fly' }, 'validation_failed'],
      [{ action: 'accept', extra: 1 }, 'validation_failed'],
      [{ action: 'progress', text: 'x'.repeat(2001) }, 'validation_failed'],
    ];
    for (const [body, code] of cases) {
      const res = await act(caseNo, body, liaison01);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error.code).toBe(code);
    }
    expect((await act('hello', { action: 'accept' }, liaison01)).statusCode).toBe(400);
    expect((await act('GL-2026-999999', { action: 'accept' }, liaison01)).statusCode).toBe(404);
    expect(await snapshot(caseNo)).toEqual(before);
  });

  it('hides another group’s case from a prosecutor: 404 to read or act, absent from the list', async () => {
    const caseNo = await reportCase(t);
    const before = await snapshot(caseNo);
    const acted = await act(caseNo, { action: 'accept' }, prosecutor03);
    expect(acted.statusCode).toBe(404);
    const missing = (await act('GL-2026-999999', { action: 'accept' }, prosecutor03)).json().error;
    expect(acted.json().error).toEqual({
      ...missing,
      message: missing.message.replace('GL-2026-999999', caseNo),
    });
    expect((await get(caseNo, prosecutor03)).statusCode).toBe(404);
    expect(await snapshot(caseNo)).toEqual(before);

    const theirs = await t.app.inject({
      method: 'GET',
      url: '/v1/cases?limit=500',
      headers: auth(prosecutor03),
    });
    expect(theirs.statusCode).toBe(200);
    expect(theirs.json().items.map((c: { caseNo: string }) => c.caseNo)).not.toContain(caseNo);
    const ours = await t.app.inject({ method: 'GET', url: '/v1/cases?limit=500', headers: auth(member01) });
    expect(ours.json().items.map((c: { caseNo: string }) => c.caseNo)).toContain(caseNo);
    const all = await t.app.inject({ method: 'GET', url: '/v1/cases?limit=500', headers: auth(ADMIN) });
    expect(ours.json().total).toBe(all.json().total);
    expect(theirs.json().total).toBe(0);
  });

  it('requires a token of a case role: none → 401, bot → 403', async () => {
    const caseNo = await reportCase(t);
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: `/v1/cases/${caseNo}/actions`,
          payload: { action: 'accept' },
        })
      ).statusCode,
    ).toBe(401);
    expect((await act(caseNo, { action: 'accept' }, BOT)).statusCode).toBe(403);
    expect((await caseRow(t, caseNo)).status).toBe('received');
  });

  it('never queues a reply for an anonymous case, yet records the action', async () => {
    const caseNo = await reportCase(t, { from: 'wxid_anon', anonymous: true });
    expect((await caseRow(t, caseNo)).reporterId).toBeNull();
    await act(caseNo, { action: 'accept' }, ADMIN);
    await act(caseNo, { action: 'progress', text: '已核实' }, ADMIN);
    const row = await caseRow(t, caseNo);
    expect(row.status).toBe('accepted');
    // The group's clock runs on an anonymous case too (issue 14 item 3); only no reply goes to the reporter.
    expect(row.nextProgressDueAt).not.toBeNull();
    expect(await repliesFor(t, caseNo)).toEqual([]);
    expect((await get(caseNo, ADMIN)).json()).not.toHaveProperty('reporter');
  });

  it('tells the first reporter of a duplicate each step; a co-reporter hears only a general close (issue 10 item 3)', async () => {
    const text = '小区地下车库有人长期占用消防通道堆放杂物';
    const caseNo = await reportCase(t, { from: 'wxid_first', text });
    const receipt = await reportCase(t, { from: 'wxid_second', text });
    expect(receipt).not.toBe(caseNo);
    await act(caseNo, { action: 'accept' }, liaison01);
    expect((await repliesFor(t, caseNo)).map((m) => m.toId)).toEqual(['wxid_first']);
    await act(caseNo, { action: 'resolve', text: '已清理杂物' }, liaison01);
    await act(caseNo, { action: 'close' }, liaison01);
    const toSecond = (await repliesFor(t, caseNo)).filter((m) => m.toId === 'wxid_second');
    expect(toSecond.map((m) => m.text)).toEqual([expect.stringContaining(receipt)]);
    expect(toSecond[0]!.text).not.toContain('已清理杂物');
  });

  it('names no reporter in the case, for any role: that is GET /v1/cases/:caseNo/reporters, audited', async () => {
    const caseNo = await reportCase(t, { from: 'wxid_named', name: '李阿姨' });
    const audits = async () =>
      (
        await t.database.db
          .select()
          .from(auditLog)
          .where(and(eq(auditLog.action, 'read_reporter'), eq(auditLog.subject, caseNo)))
      ).map((a) => a.actor);

    for (const token of [office, ADMIN, member01])
      expect((await get(caseNo, token)).body).not.toContain('李阿姨');
    expect(await audits()).toEqual([]);
    const reporters = (token: string) =>
      t.app.inject({ method: 'GET', url: `/v1/cases/${caseNo}/reporters`, headers: auth(token) });
    expect((await reporters(office)).statusCode).toBe(403);
    expect((await reporters(ADMIN)).json().items).toMatchObject([{ name: '李阿姨' }]);
    expect((await reporters(member01)).json().items).toMatchObject([{ name: '李阿姨' }]);
    expect(await audits()).toEqual(['admin:env', expect.stringMatching(/^token:\d+$/)]);
  });
});
