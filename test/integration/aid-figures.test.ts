// Judicial-aid figures in GET /v1/stats and the dashboard come from the aid records, not from the kind of case.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aidApplications, cases, grids, groupMembers, groups, people } from '../../db/schema/index.js';
import { tokenFor } from '../helpers/case-fixtures.js';
import { ADMIN, auth, createTestApp, type TestApp } from '../helpers/test-app.js';

// asOf 2026-12-10 10:00 Shanghai; the stats period is November; the dashboard's 12 months start 2026-01-01.
const NOW = '2026-12-10T10:00:00+08:00';
const at = (local: string) => new Date(`${local}+08:00`);
const endOf = (day: string) => at(`${day}T23:59:59.999`);

let t: TestApp;

type CaseInsert = typeof cases.$inferInsert;
function kase(no: number, c: Partial<CaseInsert> & Pick<CaseInsert, 'receivedAt'>): CaseInsert {
  return {
    caseNo: `GL-2026-${String(no).padStart(6, '0')}`,
    kind: 'aid_request',
    intent: 'request_aid',
    summaryEnc: t.app.services.registry.fieldCipher.encrypt(`aid fixture ${no}`),
    proceduralDueAt: endOf('2026-12-31'),
    substantiveDueAt: endOf('2027-03-31'),
    ...c,
  };
}

const post = (url: string, payload: object) =>
  t.app.inject({ method: 'POST', url, headers: auth(ADMIN), payload });

async function toStage(caseNo: string, status: '受理' | '审查' | '发放', amountRequestedYuan?: number) {
  const r = await post(`/v1/cases/${caseNo}/aid/status`, {
    status,
    ...(amountRequestedYuan ? { amountRequestedYuan } : {}),
  });
  expect(r.statusCode, r.body).toBe(200);
}

async function decide(caseNo: string, body: object) {
  const r = await post(`/v1/cases/${caseNo}/aid`, body);
  expect(r.statusCode, r.body).toBe(200);
}

beforeAll(async () => {
  t = await createTestApp({ seed: false, now: NOW });
  const db = t.database.db;
  const [A, B] = await db
    .insert(groups)
    .values([
      { code: 'AA', name: '甲组' },
      { code: 'AB', name: '乙组' },
    ])
    .returning();
  const [street] = await db.insert(grids).values({ code: 'S1', name: '某街道', level: 'street' }).returning();
  const [C1, C2] = await db
    .insert(grids)
    .values([
      { code: 'C1', name: '一社区', level: 'community', parentId: street!.id, ownerGroupId: A!.id },
      { code: 'C2', name: '二社区', level: 'community', parentId: street!.id, ownerGroupId: B!.id },
    ])
    .returning();
  const [leaderB] = await db
    .insert(people)
    .values({ code: 'AP1', name: '乙组长', role: 'prosecutor', wechatId: 'wxid_aidfig_leader_b' })
    .returning();
  await db.insert(groupMembers).values({ groupId: B!.id, personId: leaderB!.id, role: 'leader' });
  const inA = { groupId: A!.id, communityId: C1!.id };
  const inB = { groupId: B!.id, communityId: C2!.id };
  const rows = await db
    .insert(cases)
    .values([
      // 1 A: asked for help, the pre-screen found aid unlikely — no application.
      kase(1, { ...inA, receivedAt: at('2026-11-03T09:00:00') }),
      // 2 A: the pre-screen found aid likely — an application at 预审.
      kase(2, { ...inA, receivedAt: at('2026-11-04T09:00:00') }),
      // 3 A: a dispute whose victim applied at 受理: 30000 asked, 20000 granted.
      kase(3, { ...inA, kind: 'dispute', intent: 'report_dispute', receivedAt: at('2026-11-05T09:00:00') }),
      // 4 B: a clue's victim applied: 5000 asked, refused.
      kase(4, { ...inB, kind: 'clue', intent: 'report_clue', receivedAt: at('2026-11-06T09:00:00') }),
      // 5 B: 10000 asked, 8000.50 granted and paid.
      kase(5, { ...inB, receivedAt: at('2026-11-07T09:00:00') }),
      // 6 A, October (outside the stats period, inside the dashboard's window): 1000 asked and granted.
      kase(6, { ...inA, receivedAt: at('2026-10-08T09:00:00') }),
    ])
    .returning();
  await db.insert(aidApplications).values({
    caseId: rows[1]!.id,
    status: '预审',
    materials: [],
    createdAt: at('2026-11-04T09:10:00'),
  });
  await toStage('GL-2026-000003', '受理', 30000);
  await toStage('GL-2026-000003', '审查');
  await decide('GL-2026-000003', { decision: 'granted', amountYuan: 20000 });
  await toStage('GL-2026-000004', '受理', 5000);
  await toStage('GL-2026-000004', '审查');
  await decide('GL-2026-000004', { decision: 'refused', reason: '已获民事赔偿' });
  await toStage('GL-2026-000005', '受理', 10000);
  await toStage('GL-2026-000005', '审查');
  await decide('GL-2026-000005', { decision: 'granted', amountYuan: 8000.5 });
  await toStage('GL-2026-000005', '发放');
  await toStage('GL-2026-000006', '受理', 1000);
  await toStage('GL-2026-000006', '审查');
  await decide('GL-2026-000006', { decision: 'granted', amountYuan: 1000 });
});

afterAll(async () => {
  await t?.close();
});

const get = async (url: string, token = ADMIN) => {
  const r = await t.app.inject({ method: 'GET', url, headers: auth(token) });
  expect(r.statusCode, r.body).toBe(200);
  return r.json();
};

const aidOf = (row: Record<string, unknown>) => ({
  aidApplied: row.aidApplied,
  aidApplications: row.aidApplications,
  aidGranted: row.aidGranted,
  aidGrantedYuan: row.aidGrantedYuan,
});

describe('judicial-aid figures', () => {
  it('GET /v1/stats counts applications, acceptances, decisions and yuan from the aid records', async () => {
    const body = await get('/v1/stats?from=2026-11-01&to=2026-11-30&groupBy=group');
    // Applications: 2 (预审), 3, 4, 5 — not 1 (an aid_request without one); 3 and 4 are not aid_request cases.
    expect(body.aid).toEqual({
      cases: 4,
      accepted: 3,
      grantedCount: 2,
      refusedCount: 1,
      grantedYuan: 28000.5,
      requestedYuan: 45000,
    });
    // aidApplied keeps its old meaning (aid_request cases 1, 2, 5) beside the applications.
    expect(aidOf(body.totals)).toEqual({
      aidApplied: 3,
      aidApplications: 4,
      aidGranted: 2,
      aidGrantedYuan: 28000.5,
    });
    const byGroup = Object.fromEntries(
      body.items.map((i: { key: { code: string } }) => [i.key.code, aidOf(i)]),
    );
    expect(byGroup).toEqual({
      AA: { aidApplied: 2, aidApplications: 2, aidGranted: 1, aidGrantedYuan: 20000 },
      AB: { aidApplied: 1, aidApplications: 2, aidGranted: 1, aidGrantedYuan: 8000.5 },
    });
    // The join on the aid records leaves every other count alone: six cases, five in November.
    expect(body.totals.received).toBe(5);
  });

  it('shows a group leader only their group’s aid', async () => {
    const leader = await tokenFor(t, 'group_leader', 'wxid_aidfig_leader_b');
    const body = await get('/v1/stats?from=2026-11-01&to=2026-11-30', leader);
    expect(body.aid).toEqual({
      cases: 2,
      accepted: 2,
      grantedCount: 1,
      refusedCount: 1,
      grantedYuan: 8000.5,
      requestedYuan: 15000,
    });
    const dash = await get('/v1/stats/dashboard', leader);
    expect(dash.aid.applications).toBe(2);
    expect(dash.aid.grantedYuan).toBe(8000.5);
  });

  it('gives the dashboard the same figures over its window, keeping the older fields', async () => {
    const body = await get('/v1/stats/dashboard');
    expect(body.aid).toEqual({
      applications: 5,
      accepted: 4,
      grantedCount: 3,
      refusedCount: 1,
      grantedYuan: 29000.5,
      requestedYuan: 46000,
      granted: 3,
      applied: 4,
    });
    const year = await get('/v1/stats?from=2026-01-01&to=2026-12-31');
    expect(year.aid.cases).toBe(body.aid.applications);
    expect(year.aid.grantedYuan).toBe(body.aid.grantedYuan);
  });
});
