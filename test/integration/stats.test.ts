// GET /v1/stats against a hand-counted fixture: every figure below was worked out by hand from the cases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cases, grids, groupMembers, groups, people, suggestions } from '../../db/schema/index.js';
import { ADMIN, auth, createTestApp, type TestApp } from '../helpers/test-app.js';

// asOf: 2026-12-10 10:00 Shanghai. Period: 2026-11-01 … 2026-11-30 (received 11-01 00:00 to 12-01 00:00).
const NOW = '2026-12-10T10:00:00+08:00';
const at = (local: string) => new Date(`${local}+08:00`);
const endOf = (day: string) => at(`${day}T23:59:59.999`);

let t: TestApp;
let ids: { A: number; B: number; C1: number; C2: number; P1: number; P2: number; P3: number };

type CaseInsert = typeof cases.$inferInsert;
let seq = 0;
function kase(c: Partial<CaseInsert> & Pick<CaseInsert, 'receivedAt' | 'proceduralDueAt'>): CaseInsert {
  seq += 1;
  return {
    caseNo: `GL-2026-${String(seq).padStart(6, '0')}`,
    kind: 'dispute',
    intent: 'report_dispute',
    summaryEnc: t.app.services.registry.fieldCipher.encrypt(`fixture ${seq}`),
    substantiveDueAt: endOf('2027-02-28'),
    ...c,
  };
}

beforeAll(async () => {
  t = await createTestApp({ seed: false, now: NOW });
  const db = t.database.db;
  const [A, B] = await db
    .insert(groups)
    .values([
      { code: 'SA', name: '第一检察组' },
      { code: 'SB', name: '第二检察组' },
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
  const [P1, P2, P3] = await db
    .insert(people)
    .values([
      { code: 'P1', name: '甲检察官', role: 'prosecutor' },
      { code: 'P2', name: '乙检察官', role: 'prosecutor' },
      { code: 'P3', name: '丙检察官', role: 'prosecutor' },
    ])
    .returning();
  await db.insert(groupMembers).values([
    { groupId: A!.id, personId: P1!.id, role: 'leader' },
    { groupId: A!.id, personId: P2!.id, role: 'member' },
    { groupId: B!.id, personId: P3!.id, role: 'leader' },
  ]);
  ids = { A: A!.id, B: B!.id, C1: C1!.id, C2: C2!.id, P1: P1!.id, P2: P2!.id, P3: P3!.id };
  const inA = { groupId: ids.A, communityId: ids.C1 };
  const inB = { groupId: ids.B, communityId: ids.C2 };

  await db.insert(cases).values([
    // c1 A/C1 P1: procedural on time after 2.5 days; substantive not yet due. Open.
    kase({
      ...inA,
      assigneeId: ids.P1,
      status: 'accepted',
      receivedAt: at('2026-11-02T10:00:00'),
      proceduralDueAt: endOf('2026-11-11'),
      proceduralRepliedAt: at('2026-11-04T22:00:00'),
    }),
    // c2 A/C1 P1: procedural late (11.0 days). Open.
    kase({
      ...inA,
      assigneeId: ids.P1,
      status: 'accepted',
      receivedAt: at('2026-11-03T09:00:00'),
      proceduralDueAt: endOf('2026-11-12'),
      proceduralRepliedAt: at('2026-11-14T09:00:00'),
    }),
    // c3 A/C1 unassigned: procedural never given, due 11-14 passed → owed, late, overdue. Open.
    kase({
      ...inA,
      kind: 'legal_question',
      intent: 'legal_question',
      receivedAt: at('2026-11-05T08:00:00'),
      proceduralDueAt: endOf('2026-11-14'),
    }),
    // c4 A/C1 P2: aid application, procedural after 1.5 days, substantive on time, closed, 满意, 5000.50 granted.
    kase({
      ...inA,
      assigneeId: ids.P2,
      kind: 'aid_request',
      intent: 'request_aid',
      status: 'closed',
      receivedAt: at('2026-11-10T10:00:00'),
      proceduralDueAt: endOf('2026-11-19'),
      proceduralRepliedAt: at('2026-11-11T22:00:00'),
      substantiveDueAt: endOf('2027-02-10'),
      substantiveRepliedAt: at('2026-11-20T10:00:00'),
      closedAt: at('2026-11-21T10:00:00'),
      satisfaction: 'satisfied',
      aidRequestedYuan: '8000.00',
      aidGrantedYuan: '5000.50',
    }),
    // c5 group A but community C2, anonymous: owes no reply, so in no on-time figure and never overdue. Open.
    kase({
      groupId: ids.A,
      communityId: ids.C2,
      kind: 'clue',
      intent: 'report_clue',
      anonymous: true,
      noReplyReason: 'anonymous',
      receivedAt: at('2026-11-15T10:00:00'),
      proceduralDueAt: endOf('2026-11-24'),
      substantiveDueAt: endOf('2026-12-01'),
    }),
    // c6 B/C2 unassigned: aid application never answered; procedural due 12-01 passed; aid notice overdue. Open.
    kase({
      ...inB,
      kind: 'aid_request',
      intent: 'request_aid',
      receivedAt: at('2026-11-20T10:00:00'),
      proceduralDueAt: endOf('2026-12-01'),
      aidNoticeDueAt: endOf('2026-11-27'),
      aidRequestedYuan: '3000.00',
    }),
    // c7 B/C2 P3: transferred after 1.0 day then closed; substantive due 12-05 passed but none owed. 不满意.
    kase({
      ...inB,
      assigneeId: ids.P3,
      status: 'closed',
      receivedAt: at('2026-11-25T10:00:00'),
      proceduralDueAt: endOf('2026-12-04'),
      proceduralRepliedAt: at('2026-11-26T10:00:00'),
      substantiveDueAt: endOf('2026-12-05'),
      closedAt: at('2026-11-30T10:00:00'),
      satisfaction: 'dissatisfied',
    }),
    // c8 B/C2 P3: procedural on the last evening (12-09 20:00 ≤ 12-09 23:59:59), 11.4 days. Open.
    kase({
      ...inB,
      assigneeId: ids.P3,
      kind: 'petition',
      intent: 'petition',
      status: 'in_progress',
      receivedAt: at('2026-11-28T10:00:00'),
      proceduralDueAt: endOf('2026-12-09'),
      proceduralRepliedAt: at('2026-12-09T20:00:00'),
    }),
    // c9 outside the period (August) although overdue: must not count anywhere.
    kase({
      ...inB,
      receivedAt: at('2026-08-01T10:00:00'),
      proceduralDueAt: endOf('2026-08-12'),
      substantiveDueAt: endOf('2026-11-02'),
    }),
    // c10 received at 12-01 00:00 exactly: the day after the period, excluded.
    kase({ ...inA, receivedAt: at('2026-12-01T00:00:00'), proceduralDueAt: endOf('2026-12-10') }),
    // c11 received at 11-01 00:00 exactly (included); no grid, group or assignee; procedural overdue.
    kase({ receivedAt: at('2026-11-01T00:00:00'), proceduralDueAt: endOf('2026-11-10') }),
    // c12 A/C1 P2: procedural on time after 1.0 day; substantive due 12-01 passed unanswered → late, overdue.
    kase({
      ...inA,
      assigneeId: ids.P2,
      status: 'in_progress',
      receivedAt: at('2026-11-01T12:00:00'),
      proceduralDueAt: endOf('2026-11-10'),
      proceduralRepliedAt: at('2026-11-02T12:00:00'),
      substantiveDueAt: endOf('2026-12-01'),
    }),
    // c13 B/C2 P3: procedural 1.0 day, substantive on time, monthly progress due 12-06 missed → overdue. 基本满意.
    kase({
      ...inB,
      assigneeId: ids.P3,
      status: 'in_progress',
      receivedAt: at('2026-11-06T10:00:00'),
      proceduralDueAt: endOf('2026-11-17'),
      proceduralRepliedAt: at('2026-11-07T10:00:00'),
      substantiveDueAt: endOf('2027-02-06'),
      substantiveRepliedAt: at('2026-11-20T10:00:00'),
      nextProgressDueAt: endOf('2026-12-06'),
      satisfaction: 'basically_satisfied',
    }),
  ]);
});

afterAll(async () => {
  await t?.close();
});

async function stats(query: string, token = ADMIN) {
  return t.app.inject({ method: 'GET', url: `/v1/stats?${query}`, headers: auth(token) });
}

const none = {
  substantiveOwed: 0,
  substantiveOnTime: 0,
  substantiveOnTimePct: null,
  medianDaysToProceduralReply: null,
  satisfactionAnswered: 0,
  satisfactionPct: null,
  aidApplied: 0,
  aidGrantedYuan: 0,
  aidApplications: 0,
  aidGranted: 0,
};

// Group A = c1 c2 c3 c4 c5 c12. procedural owed: c1 c2 c3 c4 c12 (c5 anonymous) = 5, on time c1 c4 c12 = 3 → 60%.
// substantive owed: c4 (replied) c12 (due passed) = 2, on time c4 = 1 → 50%. overdue c3 c12 = 2.
// open: all but c4 = 5. reply days 2.5, 11.0, 1.5, 1.0 → median (1.5+2.5)/2 = 2.0. 满意 1/1. aid c4, 5000.50.
const groupA = {
  received: 6,
  proceduralOwed: 5,
  proceduralOnTime: 3,
  proceduralOnTimePct: 60,
  substantiveOwed: 2,
  substantiveOnTime: 1,
  substantiveOnTimePct: 50,
  overdue: 2,
  open: 5,
  medianDaysToProceduralReply: 2,
  satisfactionAnswered: 1,
  satisfactionPct: 100,
  aidApplied: 1,
  aidGrantedYuan: 5000.5,
  aidApplications: 0,
  aidGranted: 0,
};
// Group B = c6 c7 c8 c13. procedural owed 4 (c6 unanswered past due), on time c7 c8 c13 = 3 → 75%.
// substantive owed c13 only (c7 was transferred and closed) → 1/1. overdue c6 c13 = 2. open c6 c8 c13 = 3.
// reply days 1.0, 11.4, 1.0 → median 1.0. answers 不满意 (c7) 基本满意 (c13) → 50%. aid c6, nothing granted.
const groupB = {
  received: 4,
  proceduralOwed: 4,
  proceduralOnTime: 3,
  proceduralOnTimePct: 75,
  substantiveOwed: 1,
  substantiveOnTime: 1,
  substantiveOnTimePct: 100,
  overdue: 2,
  open: 3,
  medianDaysToProceduralReply: 1,
  satisfactionAnswered: 2,
  satisfactionPct: 50,
  aidApplied: 1,
  aidGrantedYuan: 0,
  aidApplications: 0,
  aidGranted: 0,
};
// No group = c11: owed 1, late; overdue and open.
const noGroup = {
  ...none,
  received: 1,
  proceduralOwed: 1,
  proceduralOnTime: 0,
  proceduralOnTimePct: 0,
  overdue: 1,
  open: 1,
};
// All 11 cases in the period (c1–c8, c11–c13). procedural 6/10 → 60%; substantive 2/3 → 66.7%; overdue 5; open 9.
// reply days sorted 1.0 1.0 1.0 1.5 2.5 11.0 11.4 → median 1.5. answers 2 of 3 favourable → 66.7%. aid 2, 5000.50.
const totals = {
  received: 11,
  proceduralOwed: 10,
  proceduralOnTime: 6,
  proceduralOnTimePct: 60,
  substantiveOwed: 3,
  substantiveOnTime: 2,
  substantiveOnTimePct: 66.7,
  overdue: 5,
  open: 9,
  medianDaysToProceduralReply: 1.5,
  satisfactionAnswered: 3,
  satisfactionPct: 66.7,
  aidApplied: 2,
  aidGrantedYuan: 5000.5,
  aidApplications: 0,
  aidGranted: 0,
};

describe('GET /v1/stats', () => {
  it('groups by prosecutor group with every figure as counted by hand', async () => {
    const res = await stats('from=2026-11-01&to=2026-11-30&groupBy=group');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ from: '2026-11-01', to: '2026-11-30', groupBy: 'group' });
    expect(body.asOf).toBe('2026-12-10T10:00:00.000+08:00');
    expect(body.items).toEqual([
      { key: { code: 'SA', name: '第一检察组' }, ...groupA },
      { key: { code: 'SB', name: '第二检察组' }, ...groupB },
      { key: { code: null, name: '(未分派检察组)' }, ...noGroup },
    ]);
    expect(body.totals).toEqual(totals);
  });

  it('groups by community grid: the anonymous clue c5 of group A counts for community C2', async () => {
    const res = await stats('from=2026-11-01&to=2026-11-30&groupBy=grid');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    // c5 only adds to received and open (it owes no reply and has no reply time or answer).
    expect(body.items).toEqual([
      { key: { code: 'C1', name: '一社区' }, ...groupA, received: 5, open: 4 },
      { key: { code: 'C2', name: '二社区' }, ...groupB, received: 5, open: 4 },
      { key: { code: null, name: '(未定位社区)' }, ...noGroup },
    ]);
    expect(body.totals).toEqual(totals);
  });

  it('groups by assigned prosecutor', async () => {
    const res = await stats('from=2026-11-01&to=2026-11-30&groupBy=prosecutor');
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toEqual([
      // P1 = c1 c2: procedural 1/2; nothing substantive owed yet; reply days 2.5, 11.0 → 6.75 → 6.8.
      {
        key: { code: 'P1', name: '甲检察官' },
        ...none,
        received: 2,
        proceduralOwed: 2,
        proceduralOnTime: 1,
        proceduralOnTimePct: 50,
        overdue: 0,
        open: 2,
        medianDaysToProceduralReply: 6.8,
      },
      // P2 = c4 c12: procedural 2/2; substantive 1/2; c12 overdue and open; days 1.5, 1.0 → 1.25 → 1.3.
      {
        key: { code: 'P2', name: '乙检察官' },
        received: 2,
        proceduralOwed: 2,
        proceduralOnTime: 2,
        proceduralOnTimePct: 100,
        substantiveOwed: 2,
        substantiveOnTime: 1,
        substantiveOnTimePct: 50,
        overdue: 1,
        open: 1,
        medianDaysToProceduralReply: 1.3,
        satisfactionAnswered: 1,
        satisfactionPct: 100,
        aidApplied: 1,
        aidGrantedYuan: 5000.5,
        aidApplications: 0,
        aidGranted: 0,
      },
      // P3 = c7 c8 c13: procedural 3/3; substantive 1/1; c13 overdue; c8 c13 open; days 1.0 11.4 1.0 → 1.0.
      {
        key: { code: 'P3', name: '丙检察官' },
        received: 3,
        proceduralOwed: 3,
        proceduralOnTime: 3,
        proceduralOnTimePct: 100,
        substantiveOwed: 1,
        substantiveOnTime: 1,
        substantiveOnTimePct: 100,
        overdue: 1,
        open: 2,
        medianDaysToProceduralReply: 1,
        satisfactionAnswered: 2,
        satisfactionPct: 50,
        aidApplied: 0,
        aidGrantedYuan: 0,
        aidApplications: 0,
        aidGranted: 0,
      },
      // Unassigned = c3 c5 c6 c11: owed c3 c6 c11, none on time, all three overdue; all four open; aid c6.
      {
        key: { code: null, name: '(未指派检察官)' },
        ...none,
        received: 4,
        proceduralOwed: 3,
        proceduralOnTime: 0,
        proceduralOnTimePct: 0,
        overdue: 3,
        open: 4,
        aidApplied: 1,
      },
    ]);
  });

  it('shows a group leader only the groups they belong to', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/v1/tokens',
      headers: auth(ADMIN),
      payload: { role: 'group_leader', personId: ids.P3 },
    });
    expect(created.statusCode).toBe(201);
    const res = await stats('from=2026-11-01&to=2026-11-30&groupBy=group', created.json().token);
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toEqual([{ key: { code: 'SB', name: '第二检察组' }, ...groupB }]);
    expect(res.json().totals).toEqual(groupB);
  });

  it('refuses prosecutors and the bot', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/v1/tokens',
      headers: auth(ADMIN),
      payload: { role: 'prosecutor', personId: ids.P1 },
    });
    expect((await stats('from=2026-11-01&to=2026-11-30', created.json().token)).statusCode).toBe(403);
    expect((await stats('from=2026-11-01&to=2026-11-30', 'test-bot-token')).statusCode).toBe(403);
  });

  it('answers an empty period with zero counts and null percentages', async () => {
    const res = await stats('from=2025-01-01&to=2025-01-31');
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toEqual([]);
    expect(res.json().totals).toEqual({
      ...none,
      received: 0,
      proceduralOwed: 0,
      proceduralOnTime: 0,
      proceduralOnTimePct: null,
      overdue: 0,
      open: 0,
    });
  });

  it('defaults to the current calendar month in Shanghai when neither from nor to is given', async () => {
    const explicit = (await stats('from=2026-12-01&to=2026-12-31')).json();
    const res = await stats('');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ...explicit, asOf: res.json().asOf });
    expect(res.json()).toMatchObject({ from: '2026-12-01', to: '2026-12-31', groupBy: 'group' });
    const now = t.clock.now();
    try {
      // 30 November 16:00 UTC is already 1 December in Shanghai; 15:59 is still November.
      t.clock.set('2026-11-30T15:59:00Z');
      expect((await stats('')).json()).toMatchObject({ from: '2026-11-01', to: '2026-11-30' });
      expect((await stats('')).json().totals.received).toBe(totals.received);
      t.clock.set('2026-11-30T16:00:00Z');
      expect((await stats('groupBy=grid')).json()).toMatchObject({ from: '2026-12-01', to: '2026-12-31' });
    } finally {
      t.clock.set(now);
    }
  });

  it.each([
    ['from after to', 'from=2026-11-30&to=2026-11-01'],
    ['missing from', 'to=2026-11-30'],
    ['no such date', 'from=2026-02-30&to=2026-03-01'],
    ['not a date', 'from=yesterday&to=2026-11-30'],
    ['missing to', 'from=2026-11-01'],
    ['unknown groupBy', 'from=2026-11-01&to=2026-11-30&groupBy=street'],
    ['unknown parameter', 'from=2026-11-01&to=2026-11-30&group=SA'],
  ])('rejects %s with 400', async (_name, query) => {
    const res = await stats(query);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toMatch(/validation_failed|invalid_period/);
  });
});

describe('GET /v1/stats: the 检察建议 figures', () => {
  it('shows the reply rate and adoption rate of suggestions served in the period, in the principal’s groups', async () => {
    const s = (
      no: number,
      groupId: number,
      servedAt: string,
      reply?: 'adopted' | 'partly' | 'not_adopted',
    ) => ({
      suggestionNo: `JY-2026-${String(no).padStart(4, '0')}`,
      recipient: '某单位',
      type: '社会治理' as const,
      groupId,
      servedAt: at(servedAt),
      replyDueAt: endOf('2027-01-31'),
      dueRule: 'default',
      outcome: reply ?? null,
      repliedAt: reply ? at('2026-12-05T10:00') : null,
      createdBy: 'test',
      createdAt: at(servedAt),
    });
    await t.database.db.insert(suggestions).values([
      // In November: A served 3 (one adopted, one not adopted, one awaiting), B served 1 (partly adopted).
      s(1, ids.A, '2026-11-02T09:00', 'adopted'),
      s(2, ids.A, '2026-11-15T09:00', 'not_adopted'),
      s(3, ids.A, '2026-11-30T23:59'),
      s(4, ids.B, '2026-11-20T09:00', 'partly'),
      // Served 1 December 00:00 Shanghai: outside November.
      s(5, ids.A, '2026-12-01T00:00', 'adopted'),
    ]);
    const all = (await stats('from=2026-11-01&to=2026-11-30')).json();
    expect(all.suggestions).toEqual({
      served: 4,
      replied: 3,
      repliedOnTime: 3,
      replyRate: 0.75,
      adopted: 1,
      partlyAdopted: 1,
      adoptionRate: 0.333,
      ratedExcellent: 0,
    });
    const leader = await t.app.inject({
      method: 'POST',
      url: '/v1/tokens',
      headers: auth(ADMIN),
      payload: { role: 'group_leader', personId: ids.P3 },
    });
    const groupB = (await stats('from=2026-11-01&to=2026-11-30', leader.json().token)).json();
    expect(groupB.suggestions).toMatchObject({
      served: 1,
      replied: 1,
      replyRate: 1,
      adopted: 0,
      adoptionRate: 0,
    });
    expect((await stats('from=2025-01-01&to=2025-01-31')).json().suggestions).toMatchObject({
      served: 0,
      replyRate: null,
      adoptionRate: null,
    });
  });
});
