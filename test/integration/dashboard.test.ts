// GET /v1/stats/dashboard against a hand-counted fixture: every expected figure was worked out by hand.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aidApplications, cases, grids, groupMembers, groups, people } from '../../db/schema/index.js';
import { tokenFor } from '../helpers/case-fixtures.js';
import { ADMIN, auth, createTestApp, type TestApp } from '../helpers/test-app.js';

// asOf: Thursday 2026-12-10 10:00 Shanghai; this week is Mon 12-07 … Sun 12-13; 12 months = 2026-01 … 2026-12.
const NOW = '2026-12-10T10:00:00+08:00';
const at = (local: string) => new Date(`${local}+08:00`);
const endOf = (day: string) => at(`${day}T23:59:59.999`);

let t: TestApp;
let ids: Record<'A' | 'B' | 'S1' | 'S2' | 'C1' | 'C2' | 'C3', number>;

type CaseInsert = typeof cases.$inferInsert;
function kase(
  no: number,
  c: Partial<CaseInsert> & Pick<CaseInsert, 'receivedAt' | 'proceduralDueAt'>,
): CaseInsert {
  return {
    caseNo: `GL-2026-${String(no).padStart(6, '0')}`,
    kind: 'dispute',
    intent: 'report_dispute',
    summaryEnc: t.app.services.registry.fieldCipher.encrypt(`fixture ${no}`),
    substantiveDueAt: endOf('2027-03-31'),
    ...c,
  };
}

beforeAll(async () => {
  t = await createTestApp({ seed: false, now: NOW });
  const db = t.database.db;
  const [A, B] = await db
    .insert(groups)
    .values([
      { code: 'DA', name: '甲组' },
      { code: 'DB', name: '乙组' },
    ])
    .returning();
  const [S1, S2] = await db
    .insert(grids)
    .values([
      { code: 'S1', name: '一街道', level: 'street' },
      { code: 'S2', name: '二街道', level: 'street' },
    ])
    .returning();
  const [C1, C2, C3] = await db
    .insert(grids)
    .values([
      { code: 'C1', name: '一社区', level: 'community', parentId: S1!.id, ownerGroupId: A!.id },
      { code: 'C2', name: '二社区', level: 'community', parentId: S1!.id, ownerGroupId: B!.id },
      { code: 'C3', name: '三社区', level: 'community', parentId: S2!.id, ownerGroupId: A!.id },
    ])
    .returning();
  ids = { A: A!.id, B: B!.id, S1: S1!.id, S2: S2!.id, C1: C1!.id, C2: C2!.id, C3: C3!.id };
  const [leaderB] = await db
    .insert(people)
    .values({ code: 'DP1', name: '乙组长', role: 'prosecutor', wechatId: 'wxid_dash_leader_b' })
    .returning();
  await db.insert(groupMembers).values({ groupId: B!.id, personId: leaderB!.id, role: 'leader' });
  const inA1 = { groupId: ids.A, communityId: ids.C1 };
  const inB2 = { groupId: ids.B, communityId: ids.C2 };
  const inA3 = { groupId: ids.A, communityId: ids.C3 };

  await db.insert(cases).values([
    // c1 A/C1 dispute 12-09: open, procedural due 12-18 (not this week), nothing owed yet.
    kase(1, { ...inA1, receivedAt: at('2026-12-09T09:00:00'), proceduralDueAt: endOf('2026-12-18') }),
    // c2 A/C1 clue fraud 12-01: procedural replied on time. Open.
    kase(2, {
      ...inA1,
      kind: 'clue',
      category: 'fraud',
      status: 'accepted',
      receivedAt: at('2026-12-01T10:00:00'),
      proceduralDueAt: endOf('2026-12-10'),
      proceduralRepliedAt: at('2026-12-02T10:00:00'),
    }),
    // c3 B/C2 clue drugs 11-20: procedural due 11-29, never replied → overdue.
    kase(3, {
      ...inB2,
      kind: 'clue',
      category: 'drugs',
      receivedAt: at('2026-11-20T10:00:00'),
      proceduralDueAt: endOf('2026-11-29'),
    }),
    // c4 A/C3 aid 11-05: both replies on time, closed, satisfied; 5000 asked, 3000 granted.
    kase(4, {
      ...inA3,
      kind: 'aid_request',
      status: 'closed',
      receivedAt: at('2026-11-05T10:00:00'),
      proceduralDueAt: endOf('2026-11-14'),
      proceduralRepliedAt: at('2026-11-06T10:00:00'),
      substantiveDueAt: endOf('2027-02-05'),
      substantiveRepliedAt: at('2026-11-30T10:00:00'),
      closedAt: at('2026-11-30T10:00:00'),
      satisfaction: 'satisfied',
      aidRequestedYuan: '5000',
      aidGrantedYuan: '3000',
    }),
    // c5 A/C1 petition 10-15: procedural late; progress due Sat 12-12 10:00 (this week).
    kase(5, {
      ...inA1,
      kind: 'petition',
      status: 'in_progress',
      receivedAt: at('2026-10-15T10:00:00'),
      proceduralDueAt: endOf('2026-10-24'),
      proceduralRepliedAt: at('2026-10-28T10:00:00'),
      substantiveDueAt: endOf('2027-01-15'),
      nextProgressDueAt: at('2026-12-12T10:00:00'),
    }),
    // c6 B/C2 clue fraud today: procedural due Fri 12-11 (this week).
    kase(6, {
      ...inB2,
      kind: 'clue',
      category: 'fraud',
      receivedAt: at('2026-12-10T08:00:00'),
      proceduralDueAt: endOf('2026-12-11'),
    }),
    // c7 nowhere, legal question 12-05, anonymous: owes nothing; closed.
    kase(7, {
      kind: 'legal_question',
      status: 'closed',
      anonymous: true,
      noReplyReason: 'anonymous',
      receivedAt: at('2026-12-05T10:00:00'),
      proceduralDueAt: endOf('2026-12-14'),
      closedAt: at('2026-12-05T11:00:00'),
    }),
    // c8 B/C2 2025-12-20: outside the 12-month window; closed, basically satisfied.
    kase(8, {
      ...inB2,
      status: 'closed',
      receivedAt: at('2025-12-20T10:00:00'),
      proceduralDueAt: endOf('2025-12-29'),
      proceduralRepliedAt: at('2025-12-21T10:00:00'),
      closedAt: at('2026-01-20T10:00:00'),
      satisfaction: 'basically_satisfied',
    }),
    // c9 A/C1 06-10: procedural on time, substantive late (due 09-10, replied 09-20); basically satisfied.
    kase(9, {
      ...inA1,
      status: 'closed',
      receivedAt: at('2026-06-10T10:00:00'),
      proceduralDueAt: endOf('2026-06-19'),
      proceduralRepliedAt: at('2026-06-11T10:00:00'),
      substantiveDueAt: endOf('2026-09-10'),
      substantiveRepliedAt: at('2026-09-20T10:00:00'),
      closedAt: at('2026-09-20T10:00:00'),
      satisfaction: 'basically_satisfied',
    }),
    // c10 B/C2 03-03: both on time; dissatisfied.
    kase(10, {
      ...inB2,
      status: 'closed',
      receivedAt: at('2026-03-03T10:00:00'),
      proceduralDueAt: endOf('2026-03-12'),
      proceduralRepliedAt: at('2026-03-04T10:00:00'),
      substantiveDueAt: endOf('2026-06-03'),
      substantiveRepliedAt: at('2026-05-01T10:00:00'),
      closedAt: at('2026-05-01T10:00:00'),
      satisfaction: 'dissatisfied',
    }),
    // c11 A/C1 dispute 11-27: procedural due Tue 12-08, not replied → overdue, so not “due this week”.
    kase(11, { ...inA1, receivedAt: at('2026-11-27T10:00:00'), proceduralDueAt: endOf('2026-12-08') }),
  ]);
  // c4's aid record: accepted, granted and paid (the dashboard's aid figures count these records).
  const [c4] = await db.select({ id: cases.id }).from(cases).where(eq(cases.caseNo, 'GL-2026-000004'));
  await db.insert(aidApplications).values({
    caseId: c4!.id,
    status: '发放',
    decision: 'granted',
    createdAt: at('2026-11-05T10:00:00'),
    acceptedAt: at('2026-11-06T10:00:00'),
    decidedAt: at('2026-11-20T10:00:00'),
    paidAt: at('2026-11-25T10:00:00'),
  });
});

afterAll(async () => {
  await t?.close();
});

const dashboard = (headers: Record<string, string>, query = '') =>
  t.app.inject({ method: 'GET', url: `/v1/stats/dashboard${query}`, headers });

describe('GET /v1/stats/dashboard', () => {
  it('counts intake per day by kind over the last 30 days, zeros included', async () => {
    const res = await dashboard(auth(ADMIN));
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.today).toBe('2026-12-10');
    expect(body.intakeByDay).toHaveLength(30);
    expect(body.intakeByDay[0].date).toBe('2026-11-11');
    expect(body.intakeByDay[29].date).toBe('2026-12-10');
    const nonZero = body.intakeByDay.filter((d: { total: number }) => d.total > 0);
    expect(nonZero).toEqual([
      { date: '2026-11-20', total: 1, dispute: 0, legal_question: 0, aid_request: 0, clue: 1, petition: 0 },
      { date: '2026-11-27', total: 1, dispute: 1, legal_question: 0, aid_request: 0, clue: 0, petition: 0 },
      { date: '2026-12-01', total: 1, dispute: 0, legal_question: 0, aid_request: 0, clue: 1, petition: 0 },
      { date: '2026-12-05', total: 1, dispute: 0, legal_question: 1, aid_request: 0, clue: 0, petition: 0 },
      { date: '2026-12-09', total: 1, dispute: 1, legal_question: 0, aid_request: 0, clue: 0, petition: 0 },
      { date: '2026-12-10', total: 1, dispute: 0, legal_question: 0, aid_request: 0, clue: 1, petition: 0 },
    ]);
  });

  it('gives open and overdue counts, on-time rates by month and the distributions of the window', async () => {
    const body = (await dashboard(auth(ADMIN))).json();
    expect(body.open).toBe(6);
    expect(body.overdue).toBe(2);
    expect(body.window).toEqual({ from: '2026-01-01', to: '2026-12-10' });
    expect(body.onTimeByMonth).toHaveLength(12);
    const months = Object.fromEntries(body.onTimeByMonth.map((m: { month: string }) => [m.month, m]));
    expect(months['2026-01']).toMatchObject({
      received: 0,
      proceduralOnTimePct: null,
      substantiveOnTimePct: null,
    });
    expect(months['2026-03']).toMatchObject({
      received: 1,
      proceduralOwed: 1,
      proceduralOnTime: 1,
      proceduralOnTimePct: 100,
      substantiveOwed: 1,
      substantiveOnTime: 1,
      substantiveOnTimePct: 100,
    });
    expect(months['2026-06']).toMatchObject({
      proceduralOnTimePct: 100,
      substantiveOwed: 1,
      substantiveOnTimePct: 0,
    });
    expect(months['2026-10']).toMatchObject({
      proceduralOwed: 1,
      proceduralOnTimePct: 0,
      substantiveOnTimePct: null,
    });
    expect(months['2026-11']).toMatchObject({
      received: 3,
      proceduralOwed: 3,
      proceduralOnTime: 1,
      proceduralOnTimePct: 33.3,
      substantiveOwed: 1,
      substantiveOnTimePct: 100,
    });
    expect(months['2026-12']).toMatchObject({
      received: 4,
      proceduralOwed: 1,
      proceduralOnTime: 1,
      substantiveOwed: 0,
      substantiveOnTimePct: null,
    });
    expect(body.byCategory).toEqual([
      { category: 'fraud', count: 2 },
      { category: 'drugs', count: 1 },
    ]);
    expect(body.byStreet).toEqual([
      { id: ids.S1, code: 'S1', name: '一街道', count: 8 },
      { id: null, code: null, name: '(未定位)', count: 1 },
      { id: ids.S2, code: 'S2', name: '二街道', count: 1 },
    ]);
    expect(body.byCommunity).toEqual([
      { id: ids.C1, code: 'C1', name: '一社区', streetId: ids.S1, count: 5 },
      { id: ids.C2, code: 'C2', name: '二社区', streetId: ids.S1, count: 3 },
      { id: null, code: null, name: '(未定位)', streetId: null, count: 1 },
      { id: ids.C3, code: 'C3', name: '三社区', streetId: ids.S2, count: 1 },
    ]);
    expect(body.satisfaction).toEqual({
      answered: 3,
      satisfied: 1,
      basicallySatisfied: 1,
      dissatisfied: 1,
      pct: 66.7,
    });
    expect(body.aid).toEqual({
      applications: 1,
      accepted: 1,
      grantedCount: 1,
      refusedCount: 0,
      grantedYuan: 3000,
      requestedYuan: 5000,
      granted: 1,
      applied: 1,
    });
  });

  it('lists what falls due from now to Sunday, soonest first, leaving out what is already overdue', async () => {
    const body = (await dashboard(auth(ADMIN))).json();
    expect(body.dueThisWeek).toEqual({
      from: '2026-12-07',
      to: '2026-12-13',
      total: 2,
      items: [
        {
          caseNo: 'GL-2026-000006',
          kind: 'clue',
          status: 'received',
          deadline: 'procedural',
          dueAt: '2026-12-11T23:59:59.999+08:00',
          group: { id: ids.B, name: '乙组' },
        },
        {
          caseNo: 'GL-2026-000005',
          kind: 'petition',
          status: 'in_progress',
          deadline: 'progress',
          dueAt: '2026-12-12T10:00:00.000+08:00',
          group: { id: ids.A, name: '甲组' },
        },
      ],
    });
  });

  it('shows a group leader only their group’s cases', async () => {
    const leader = await tokenFor(t, 'group_leader', 'wxid_dash_leader_b');
    const body = (await dashboard(auth(leader))).json();
    expect(body.open).toBe(2);
    expect(body.overdue).toBe(1);
    expect(body.byCategory).toEqual([
      { category: 'drugs', count: 1 },
      { category: 'fraud', count: 1 },
    ]);
    expect(body.byCommunity).toEqual([
      { id: ids.C2, code: 'C2', name: '二社区', streetId: ids.S1, count: 3 },
    ]);
    expect(body.dueThisWeek.items.map((i: { caseNo: string }) => i.caseNo)).toEqual(['GL-2026-000006']);
    expect(body.satisfaction).toMatchObject({ answered: 1, dissatisfied: 1, pct: 0 });
  });

  it('takes days and months, and refuses bad ones with 400', async () => {
    const body = (await dashboard(auth(ADMIN), '?days=7&months=3')).json();
    expect(body.intakeByDay.map((d: { date: string }) => d.date)[0]).toBe('2026-12-04');
    expect(body.onTimeByMonth.map((m: { month: string }) => m.month)).toEqual([
      '2026-10',
      '2026-11',
      '2026-12',
    ]);
    expect(body.window.from).toBe('2026-10-01');
    for (const q of ['?days=0', '?days=91', '?months=25', '?days=x', '?other=1'])
      expect((await dashboard(auth(ADMIN), q)).statusCode, q).toBe(400);
  });

  it('refuses prosecutors (403) and anonymous callers (401)', async () => {
    const prosecutor = await tokenFor(t, 'prosecutor', 'wxid_dash_leader_b');
    expect((await dashboard(auth(prosecutor))).statusCode).toBe(403);
    expect((await dashboard({})).statusCode).toBe(401);
  });
});
