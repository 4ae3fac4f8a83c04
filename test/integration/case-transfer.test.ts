// Moving a case to another prosecutor group, by API and by 转办 in WeChat: who may, what moves, who is told.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEventWords } from '../../api/cases/event-words.js';
import { auditLog, caseEvents, outbox } from '../../db/schema/index.js';
import { caseRow, GRP01, GRP03, repliesFor, reportCase, say, tokenFor } from '../helpers/case-fixtures.js';
import { withClearText } from '../helpers/stored-text.js';
import { ADMIN, auth, createTestApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
let office: string;
let leader01: string;
let member01: string;
let leader03: string;
beforeAll(async () => {
  t = await createTestApp({ now: '2026-11-27T02:00:00Z' });
  office = await tokenFor(t, 'office');
  leader01 = await tokenFor(t, 'group_leader', GRP01.leader);
  member01 = await tokenFor(t, 'prosecutor', GRP01.member);
  leader03 = await tokenFor(t, 'group_leader', GRP03.leader);
});
afterAll(async () => {
  await t?.close();
});

const act = (caseNo: string, payload: object, token: string) =>
  t.app.inject({ method: 'POST', url: `/v1/cases/${caseNo}/actions`, headers: auth(token), payload });

async function snapshot(caseNo: string) {
  const row = await caseRow(t, caseNo);
  const events = await t.database.db.select().from(caseEvents).where(eq(caseEvents.caseId, row.id));
  const queued = await t.database.db.select().from(outbox).where(eq(outbox.caseId, row.id));
  return { row, events: events.length, queued: queued.length };
}

async function transferNotices(caseNo: string) {
  const row = await caseRow(t, caseNo);
  return withClearText(
    t.app.services.registry.fieldCipher,
    await t.database.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.caseId, row.id), eq(outbox.purpose, 'transfer_notice'))),
  );
}

describe('transfer to another group by API', () => {
  it('moves the case, keeps status and clocks, clears the assignee, tells the new liaison and audits it', async () => {
    const caseNo = await reportCase(t, { from: 'wxid_tr_a' });
    await act(caseNo, { action: 'accept' }, member01);
    const before = await caseRow(t, caseNo);
    expect(before.assigneeId).not.toBeNull();
    t.clock.advance(3_600_000);

    const res = await act(
      caseNo,
      { action: 'transfer', groupCode: 'grp-03', reason: '涉及未成年人，由未检组办理' },
      leader01,
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'accepted', group: { code: 'GRP-03' } });
    const after = await caseRow(t, caseNo);
    expect(after.status).toBe('accepted');
    expect(after.assigneeId).toBeNull();
    expect(after.proceduralDueAt).toEqual(before.proceduralDueAt);
    expect(after.substantiveDueAt).toEqual(before.substantiveDueAt);
    expect(after.proceduralRepliedAt).toEqual(before.proceduralRepliedAt);

    const [event] = (
      await t.database.db
        .select()
        .from(caseEvents)
        .where(eq(caseEvents.caseId, after.id))
        .orderBy(caseEvents.id)
    ).slice(-1);
    expect(event).toMatchObject({
      type: 'group_transferred',
      data: { fromGroup: 'GRP-01', toGroup: 'GRP-03' },
    });
    // The reason is the prosecutor's words: kept encrypted beside the event, read back in clear by the view.
    expect(event!.data).not.toHaveProperty('reason');
    expect(openEventWords(t.app.services.registry.fieldCipher, event!)).toMatchObject({
      reason: '涉及未成年人，由未检组办理',
    });
    expect(event!.actor).toMatch(/^token:\d+$/);
    const audits = await t.database.db.select().from(auditLog).where(eq(auditLog.subject, caseNo));
    expect(audits.filter((a) => a.action === 'transfer_case')).toEqual([
      expect.objectContaining({
        action: 'transfer_case',
        actor: event!.actor,
        data: { fromGroup: 'GRP-01', toGroup: 'GRP-03' },
      }),
    ]);

    const [notice] = await transferNotices(caseNo);
    expect(notice).toMatchObject({ toKind: 'contact', toId: GRP03.liaison });
    expect(notice!.text).toContain(`【转办案件】${caseNo}`);
    expect(notice!.text).toContain(
      '由第一检察官办案组转至第三检察官办案组，理由：涉及未成年人，由未检组办理',
    );
    expect(notice!.text).not.toContain('示例');
    // An internal move owes the reporter nothing: only the acceptance reply went to them.
    expect((await repliesFor(t, caseNo)).filter((r) => r.purpose === 'reporter_reply')).toHaveLength(1);

    // The old group no longer sees it; the new one does.
    expect(
      (await t.app.inject({ method: 'GET', url: `/v1/cases/${caseNo}`, headers: auth(member01) })).statusCode,
    ).toBe(404);
    expect(
      (await t.app.inject({ method: 'GET', url: `/v1/cases/${caseNo}`, headers: auth(leader03) })).statusCode,
    ).toBe(200);
  });

  it('lets the office move any open case', async () => {
    const caseNo = await reportCase(t, { from: 'wxid_tr_b' });
    const res = await act(caseNo, { action: 'transfer', groupCode: 'GRP-03', reason: '工作调整' }, office);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().status).toBe('received');
    expect(await transferNotices(caseNo)).toHaveLength(1);
  });

  it('refuses a member, another group, an unknown or the same group, no reason and a closed case, changing nothing', async () => {
    const caseNo = await reportCase(t, { from: 'wxid_tr_c' });
    const before = await snapshot(caseNo);
    const refusals: [object, string, number, string][] = [
      [{ action: 'transfer', groupCode: 'GRP-03', reason: '理由' }, member01, 403, 'forbidden'],
      [{ action: 'transfer', groupCode: 'GRP-02', reason: '理由' }, leader03, 404, 'not_found'],
      [{ action: 'transfer', groupCode: 'GRP-99', reason: '理由' }, leader01, 400, 'unknown_group'],
      [{ action: 'transfer', groupCode: 'GRP-01', reason: '理由' }, leader01, 409, 'same_group'],
      [{ action: 'transfer', groupCode: 'GRP-03' }, leader01, 400, 'reason_required'],
      [{ action: 'transfer', groupCode: 'GRP-03', reason: '   ' }, leader01, 400, 'validation_failed'],
      [
        { action: 'transfer', groupCode: 'GRP-03', reason: 'x'.repeat(501) },
        leader01,
        400,
        'validation_failed',
      ],
      [
        { action: 'transfer', groupCode: 'GRP-03', body: '市场监管局', reason: '理由' },
        leader01,
        400,
        'bad_request',
      ],
      [{ action: 'accept', groupCode: 'GRP-03' }, leader01, 400, 'bad_request'],
      [{ action: 'transfer', reason: '理由' }, leader01, 400, 'group_required'],
    ];
    for (const [payload, token, status, code] of refusals) {
      const res = await act(caseNo, payload, token);
      expect(res.statusCode, JSON.stringify(payload)).toBe(status);
      expect(res.json().error.code, JSON.stringify(payload)).toBe(code);
    }
    expect(await snapshot(caseNo)).toEqual(before);
    const missing = await act(
      'GL-2026-999999',
      { action: 'transfer', groupCode: 'GRP-03', reason: '理由' },
      ADMIN,
    );
    expect(missing.statusCode).toBe(404);

    await act(caseNo, { action: 'reject', text: '不属于管辖' }, leader01);
    await act(caseNo, { action: 'close' }, leader01);
    const closed = await snapshot(caseNo);
    const late = await act(caseNo, { action: 'transfer', groupCode: 'GRP-03', reason: '理由' }, office);
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('illegal_transition');
    expect(await snapshot(caseNo)).toEqual(closed);
  });
});

describe('转办 to another group in WeChat', () => {
  it('lets the group leader move a case by the group’s name, and the new group then works it', async () => {
    const caseNo = await reportCase(t, { from: 'wxid_tr_d' });
    const reply = await say(t, GRP01.leader, `转办 ${caseNo} 第三检察官办案组 涉及未成年人`);
    expect(reply).toBe(`已将 ${caseNo} 转至第三检察官办案组，答复期限不变。已通知该组联络人。`);
    expect((await caseRow(t, caseNo)).status).toBe('received');
    const [notice] = await transferNotices(caseNo);
    expect(notice).toMatchObject({ toId: GRP03.liaison });
    expect(notice!.text).toContain('理由：涉及未成年人');
    expect(await say(t, GRP01.member, `受理 ${caseNo}`)).toContain('没有找到您可办理的案件');
    expect(await say(t, GRP03.member, `受理 ${caseNo}`)).toContain(`已受理 ${caseNo}`);
  });

  it('accepts the group’s code, and the seeded name with its （示例） mark', async () => {
    const byCode = await reportCase(t, { from: 'wxid_tr_e' });
    expect(await say(t, GRP01.leader, `转办 ${byCode} grp-03：工作调整`)).toContain('转至第三检察官办案组');
    const byFullName = await reportCase(t, { from: 'wxid_tr_f' });
    expect(await say(t, GRP01.leader, `转办 ${byFullName} 第三检察官办案组（示例）工作调整`)).toContain(
      '转至第三检察官办案组',
    );
    expect((await transferNotices(byFullName))[0]!.text).toContain('理由：工作调整');
  });

  it('refuses a liaison, an unknown group, no reason and the same group, changing nothing', async () => {
    const caseNo = await reportCase(t, { from: 'wxid_tr_g' });
    const before = await snapshot(caseNo);
    expect(await say(t, GRP01.liaison, `转办 ${caseNo} 第三检察官办案组 理由`)).toContain(
      '只有办案组组长或办公室',
    );
    expect(await say(t, GRP01.leader, `转办 ${caseNo} 第九检察官办案组 理由`)).toContain(
      '没有找到办案组“第九检察官办案组”',
    );
    expect(await say(t, GRP01.leader, `转办 ${caseNo} 第三检察官办案组`)).toContain('须写明转办理由');
    expect(await say(t, GRP01.leader, `转办 ${caseNo} 第一检察官办案组 理由`)).toContain(
      '已在第一检察官办案组',
    );
    expect(await say(t, GRP03.leader, `转办 ${caseNo} 第三检察官办案组 理由`)).toContain(
      '没有找到您可办理的案件',
    );
    expect(await say(t, GRP01.leader, '转办 GL-2026-999999 第三检察官办案组 理由')).toContain(
      '没有找到您可办理的案件',
    );
    expect(await snapshot(caseNo)).toEqual(before);
  });

  it('still transfers to an outside body when the words name no group', async () => {
    const caseNo = await reportCase(t, { from: 'wxid_tr_h' });
    expect(await say(t, GRP01.liaison, `转办 ${caseNo} 鼓楼区市场监督管理局`)).toContain('已转办');
    expect((await caseRow(t, caseNo)).status).toBe('transferred');
    expect(await transferNotices(caseNo)).toEqual([]);
  });
});
