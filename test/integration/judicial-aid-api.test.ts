// Judicial aid through the API and WeChat commands: bad input (400), unknown case (404), other groups (404),
// out-of-order stages (409), the refusal's reason kept encrypted, the audit events and the stage reminders.
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aidApplications, caseEvents, outbox } from '../../db/schema/index.js';
import { caseRow, GRP01, GRP03, postMessage, say, tokenFor } from '../helpers/case-fixtures.js';
import { inbound, parseOf } from '../helpers/inbound-fixtures.js';
import { ADMIN, auth, BOT, createTestApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;

/** An aid request from a resident of 中山社区 (GRP-01); returns its case number and the reply. */
async function aidRequest(from = `wxid_${randomUUID().slice(0, 8)}`) {
  const res = await postMessage(
    t,
    inbound(`申请司法救助 ${randomUUID()}`, parseOf('request_aid', { entities: { place: '中山社区' } }), {
      from: { id: from, name: '王女士' },
      receivedAt: t.clock.now().toISOString(),
    }),
  );
  expect(res.statusCode).toBe(200);
  return { caseNo: res.json().caseNo as string, reply: res.json().reply as string, from };
}

const post = (url: string, token: string, payload: unknown) =>
  t.app.inject({ method: 'POST', url, headers: auth(token), payload: payload as Record<string, unknown> });

beforeAll(async () => {
  t = await createTestApp();
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe('the pre-screen in WeChat', () => {
  it('registers the case, asks four numbered questions, re-asks a non-answer, opens aid at 预审 when likely', async () => {
    const { caseNo, reply, from } = await aidRequest();
    expect(reply).toContain(caseNo);
    expect(reply).toContain('（1/4）');
    expect(await say(t, from, '9')).toContain('请回复选项前的数字');
    // A photo meanwhile is not taken for a wrong answer (it goes the way of materials); the questions go on.
    const photo = await postMessage(
      t,
      inbound('[图片]', null, {
        type: 'image',
        from: { id: from, name: '王女士' },
        receivedAt: t.clock.now().toISOString(),
      }),
    );
    expect(photo.statusCode).toBe(200);
    expect(String(photo.json().reply)).not.toContain('请回复选项前的数字');
    expect(await say(t, from, '3')).toContain('（2/4）');
    expect(await say(t, from, '1')).toContain('（3/4）');
    expect(await say(t, from, '1')).toContain('（4/4）');
    const done = await say(t, from, '0');
    expect(done).toContain('初步符合，请准备以下材料：');
    expect(done).toContain('死亡证明和亲属关系证明');
    const [app] = await t.database.db
      .select()
      .from(aidApplications)
      .where(eq(aidApplications.caseId, (await caseRow(t, caseNo)).id));
    expect(app?.status).toBe('预审');
    expect(app?.prescreen).toMatchObject({ verdict: 'likely', answers: { situation: '3' } });
    // The dialogue is over: a digit now is an ordinary message again.
    expect(await say(t, from, '1')).not.toContain('（');
  });

  it('an answer ruling aid out says why and where to turn, and opens no application', async () => {
    const { caseNo, from } = await aidRequest();
    expect(await say(t, from, '1')).toContain('（2/4）');
    const answer = await say(t, from, '4');
    expect(answer).toContain('可能不符合');
    expect(answer).toContain(caseNo);
    const rows = await t.database.db
      .select()
      .from(aidApplications)
      .where(eq(aidApplications.caseId, (await caseRow(t, caseNo)).id));
    expect(rows).toEqual([]);
  });
});

describe('POST /v1/cases/:caseNo/aid and /aid/status', () => {
  it('bad input is a clear 400 and changes nothing; an unknown case 404', async () => {
    const { caseNo } = await aidRequest();
    expect((await post(`/v1/cases/${caseNo}/aid/status`, ADMIN, { status: '受理' })).statusCode).toBe(200);
    expect((await post(`/v1/cases/${caseNo}/aid/status`, ADMIN, { status: '审查' })).statusCode).toBe(200);
    const cases: [unknown, string][] = [
      [{ decision: 'maybe' }, 'bad_request'],
      [{ decision: 'granted' }, 'invalid_amount'],
      [{ decision: 'granted', amountYuan: -1 }, 'invalid_amount'],
      [{ decision: 'granted', amountYuan: 10.123 }, 'invalid_amount'],
      [{ decision: 'granted', amountYuan: '5000' }, 'bad_request'],
      [{ decision: 'refused' }, 'reason_required'],
      [{ decision: 'refused', reason: '   ' }, 'bad_request'],
      [{ decision: 'refused', reason: '有过错', amountYuan: 10 }, 'bad_request'],
      [{ decision: 'granted', amountYuan: 10, extra: 1 }, 'bad_request'],
    ];
    for (const [payload, code] of cases) {
      const res = await post(`/v1/cases/${caseNo}/aid`, ADMIN, payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      // Schema errors carry the validation code; the rules' own errors name what is wrong.
      if (code !== 'bad_request') expect(res.json().error.code, JSON.stringify(payload)).toBe(code);
      expect(res.json().error.message.length).toBeGreaterThan(0);
    }
    const view = await t.app.inject({ method: 'GET', url: `/v1/cases/${caseNo}`, headers: auth(ADMIN) });
    expect(view.json().aid).toMatchObject({ status: '审查', decision: null, amountGrantedYuan: null });
    expect((await post(`/v1/cases/${caseNo}/aid/status`, ADMIN, { status: '结案' })).statusCode).toBe(400);
    expect(
      (await post(`/v1/cases/GL-2026-999999/aid`, ADMIN, { decision: 'refused', reason: '无' })).statusCode,
    ).toBe(404);
    expect(
      (await post(`/v1/cases/not-a-case/aid`, ADMIN, { decision: 'refused', reason: '无' })).statusCode,
    ).toBe(400);
  });

  it('stages run in order: out of order is 409 and changes nothing', async () => {
    const { caseNo } = await aidRequest();
    // No application yet (the pre-screen was not answered): only 受理 opens one.
    expect((await post(`/v1/cases/${caseNo}/aid/status`, ADMIN, { status: '审查' })).statusCode).toBe(409);
    expect(
      (await post(`/v1/cases/${caseNo}/aid`, ADMIN, { decision: 'granted', amountYuan: 100 })).statusCode,
    ).toBe(409);
    const accepted = await post(`/v1/cases/${caseNo}/aid/status`, ADMIN, {
      status: '受理',
      amountRequestedYuan: 50000,
    });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json().aid).toMatchObject({ status: '受理', amountRequestedYuan: 50000 });
    expect(accepted.json().aid.materials.map((m: { key: string }) => m.key)).toContain('hardship');
    expect(
      (await post(`/v1/cases/${caseNo}/aid`, ADMIN, { decision: 'granted', amountYuan: 100 })).statusCode,
    ).toBe(409);
    expect((await post(`/v1/cases/${caseNo}/aid/status`, ADMIN, { status: '受理' })).statusCode).toBe(409);
    expect((await post(`/v1/cases/${caseNo}/aid/status`, ADMIN, { status: '审查' })).statusCode).toBe(200);
    const refused = await post(`/v1/cases/${caseNo}/aid`, ADMIN, {
      decision: 'refused',
      reason: '已获保险理赔',
    });
    expect(refused.statusCode).toBe(200);
    expect(refused.json().aid).toMatchObject({
      status: '决定',
      decision: 'refused',
      reason: '已获保险理赔',
      amountGrantedYuan: null,
    });
    // Refused: nothing to pay.
    expect((await post(`/v1/cases/${caseNo}/aid/status`, ADMIN, { status: '发放' })).statusCode).toBe(409);
    // The reason is kept encrypted with its event, and every step is an audited event.
    const events = await t.database.db
      .select()
      .from(caseEvents)
      .where(eq(caseEvents.caseId, (await caseRow(t, caseNo)).id));
    const decided = events.find((e) => e.type === 'aid_decided');
    expect(JSON.stringify(decided?.data)).not.toContain('保险');
    expect(decided?.wordsEnc).toBeTruthy();
    expect(events.filter((e) => e.type === 'aid_stage').map((e) => e.data.to)).toEqual(['受理', '审查']);
    expect(decided?.actor).toBe('admin:env');
    const audit = await t.app.inject({
      method: 'GET',
      url: '/v1/audit?action=aid_decided',
      headers: auth(ADMIN),
    });
    expect(audit.statusCode).toBe(200);
    const mine = audit.json().items.filter((i: { subject: string }) => i.subject === caseNo);
    expect(mine).toHaveLength(1);
    expect(JSON.stringify(mine[0])).not.toContain('保险');
  });

  it('prosecutors act only on their own groups’ cases (others 404); the bot may not (403)', async () => {
    const { caseNo } = await aidRequest();
    const other = await tokenFor(t, 'prosecutor', GRP03.member);
    const own = await tokenFor(t, 'prosecutor', GRP01.member);
    expect((await post(`/v1/cases/${caseNo}/aid/status`, other, { status: '受理' })).statusCode).toBe(404);
    expect((await post(`/v1/cases/${caseNo}/aid/status`, BOT, { status: '受理' })).statusCode).toBe(403);
    expect((await post(`/v1/cases/${caseNo}/aid/status`, own, { status: '受理' })).statusCode).toBe(200);
    expect(
      (await post(`/v1/cases/${caseNo}/aid/materials`, other, { material: '困难证明', done: true }))
        .statusCode,
    ).toBe(404);
    const ticked = await post(`/v1/cases/${caseNo}/aid/materials`, own, { material: '困难证明', done: true });
    expect(ticked.statusCode).toBe(200);
    expect(ticked.json().aid.materials.find((m: { key: string }) => m.key === 'hardship')).toMatchObject({
      done: true,
    });
    expect(
      (await post(`/v1/cases/${caseNo}/aid/materials`, own, { material: '结婚证', done: true })).statusCode,
    ).toBe(400);
  });
});

describe('WeChat commands', () => {
  it('a grid member of another community cannot tick; a prosecutor of another group cannot move; bad words get usage', async () => {
    const { caseNo } = await aidRequest();
    await post(`/v1/cases/${caseNo}/aid/status`, ADMIN, { status: '受理' });
    expect(await say(t, 'demo-grid-member-02', `材料 ${caseNo} 困难证明 已交`)).toContain('没有找到');
    expect(await say(t, 'demo-grid-member-01', `材料 ${caseNo} 困难证明 已交`)).toContain('困难证明已交');
    expect(await say(t, 'demo-grid-member-01', `材料 ${caseNo} 困难证明 未交`)).toContain('改为未交');
    expect(await say(t, 'demo-grid-member-01', `材料 ${caseNo} 结婚证 已交`)).toContain(
      '没有“结婚证”这项材料',
    );
    expect(await say(t, 'demo-grid-member-01', `材料 ${caseNo}`)).toContain('□ 困难证明');
    expect(await say(t, GRP03.leader, `救助 ${caseNo} 审查`)).toContain('没有找到');
    expect(await say(t, GRP01.leader, `救助 ${caseNo} 批准`)).toContain('用法');
    expect(await say(t, GRP01.leader, `救助 ${caseNo} 决定 给予 很多`)).toContain('金额请写数字');
    expect(await say(t, GRP01.leader, `救助 ${caseNo} 决定 给予 5000`)).toContain('不能作出决定');
    expect(await say(t, GRP01.leader, `救助 ${caseNo} 审查`)).toContain('审查');
    expect(await say(t, GRP01.leader, `救助 ${caseNo} 决定 给予 5000`)).toContain('决定给予救助 5000.00 元');
    expect((await caseRow(t, caseNo)).aidGrantedYuan).toBe('5000.00');
  });
});

describe('stage reminders', () => {
  it('the liaison is reminded before a stage’s limit and the leader told once it has passed, each once', async () => {
    const { caseNo } = await aidRequest();
    await post(`/v1/cases/${caseNo}/aid/status`, ADMIN, { status: '受理' });
    const row = await caseRow(t, caseNo);
    const [app] = await t.database.db
      .select()
      .from(aidApplications)
      .where(eq(aidApplications.caseId, row.id));
    const due = app!.stageDueAt!;
    const aid = t.app.services.aid;
    const db = t.database.db;
    const near = new Date(due.getTime() - 86_400_000);
    await db.transaction((tx) => aid.remind(tx, near));
    await db.transaction((tx) => aid.remind(tx, near));
    const late = new Date(due.getTime() + 3_600_000);
    await db.transaction((tx) => aid.remind(tx, late));
    await db.transaction((tx) => aid.remind(tx, late));
    const queued = await db
      .select()
      .from(outbox)
      .where(and(eq(outbox.caseId, row.id)));
    const keys = queued.map((q) => q.dedupeKey).filter((k) => k.startsWith('aid:'));
    expect(keys.sort()).toEqual([`aid:${caseNo}:受理:escalation`, `aid:${caseNo}:受理:reminder`]);
    const to = Object.fromEntries(
      queued.filter((q) => q.dedupeKey.startsWith('aid:')).map((q) => [q.purpose, q.toId]),
    );
    expect(to).toEqual({ aid_reminder: GRP01.liaison, aid_escalation: GRP01.leader });
  });
});
