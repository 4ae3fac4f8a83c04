// The monthly performance review (JSON and .xlsx) against a hand-counted fixture: prosecutors' cases, field work, lectures; grids' clues.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  caseEvents,
  caseReports,
  cases,
  grids,
  groupMembers,
  groups,
  lectureRequests,
  people,
  workRecords,
} from '../../db/schema/index.js';
import { ADMIN, auth, createTestApp, type TestApp } from '../helpers/test-app.js';

// asOf: 2026-12-10 10:00 Shanghai; the month reviewed is November 2026.
const NOW = '2026-12-10T10:00:00+08:00';
const at = (local: string) => new Date(`${local}+08:00`);
const endOf = (day: string) => at(`${day}T23:59:59.999`);
const FORMULA_GRID = '=HYPERLINK("http://x")社区';

let t: TestApp;
let ids: Record<'A' | 'B' | 'C1' | 'C2' | 'C3' | 'P1' | 'P2' | 'P3' | 'M1' | 'M2' | 'M3' | 'R1', number>;
let leaderB: string;

type CaseInsert = typeof cases.$inferInsert;
let seq = 0;
function kase(c: Partial<CaseInsert> & Pick<CaseInsert, 'receivedAt'>): CaseInsert {
  seq += 1;
  return {
    caseNo: `GL-2026-${String(seq).padStart(6, '0')}`,
    kind: 'dispute',
    intent: 'report_dispute',
    summaryEnc: t.app.services.registry.fieldCipher.encrypt(`fixture ${seq}`),
    proceduralDueAt: endOf('2026-11-30'),
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
  const [C1, C2, C3] = await db
    .insert(grids)
    .values([
      { code: 'C1', name: '一社区', level: 'community', parentId: street!.id, ownerGroupId: A!.id },
      { code: 'C2', name: '二社区', level: 'community', parentId: street!.id, ownerGroupId: B!.id },
      { code: 'C3', name: FORMULA_GRID, level: 'community', parentId: street!.id, ownerGroupId: A!.id },
    ])
    .returning();
  const [P1, P2, P3, M1, M2, M3, R1] = await db
    .insert(people)
    .values([
      { code: 'P1', name: '甲检察官', role: 'prosecutor' },
      { code: 'P2', name: '乙检察官', role: 'prosecutor' },
      { code: 'P3', name: '丙检察官', role: 'prosecutor' },
      { code: 'M1', name: '网格员一', role: 'grid_member', gridId: C1!.id },
      { code: 'M2', name: '网格员二', role: 'grid_member', gridId: C1!.id },
      { code: 'M3', name: '网格员三', role: 'grid_member', gridId: C2!.id },
      { code: 'R1', name: '居民', role: 'resident' },
      { code: 'M4', name: '网格员四', role: 'grid_member', gridId: C3!.id },
    ])
    .returning();
  await db.insert(groupMembers).values([
    { groupId: A!.id, personId: P1!.id, role: 'leader' },
    { groupId: A!.id, personId: P2!.id, role: 'member' },
    { groupId: B!.id, personId: P3!.id, role: 'leader' },
  ]);
  ids = {
    A: A!.id,
    B: B!.id,
    C1: C1!.id,
    C2: C2!.id,
    C3: C3!.id,
    P1: P1!.id,
    P2: P2!.id,
    P3: P3!.id,
    M1: M1!.id,
    M2: M2!.id,
    M3: M3!.id,
    R1: R1!.id,
  };
  const inA = { groupId: ids.A, communityId: ids.C1 };
  const inB = { groupId: ids.B, communityId: ids.C2 };
  const clue = { kind: 'clue' as const, intent: 'report_clue' };
  const rows = await db
    .insert(cases)
    .values([
      // c1 P1: procedural on time; 满意. Open.
      kase({
        ...inA,
        assigneeId: ids.P1,
        status: 'accepted',
        receivedAt: at('2026-11-02T10:00:00'),
        proceduralDueAt: endOf('2026-11-11'),
        proceduralRepliedAt: at('2026-11-04T22:00:00'),
        satisfaction: 'satisfied',
      }),
      // c2 P1: procedural two days late; 不满意. Open.
      kase({
        ...inA,
        assigneeId: ids.P1,
        status: 'accepted',
        receivedAt: at('2026-11-03T09:00:00'),
        proceduralDueAt: endOf('2026-11-12'),
        proceduralRepliedAt: at('2026-11-14T09:00:00'),
        satisfaction: 'dissatisfied',
      }),
      // c3 P3: procedural never given, due 11-20 → owed, not on time, overdue. Open.
      kase({
        ...inB,
        assigneeId: ids.P3,
        receivedAt: at('2026-11-10T08:00:00'),
        proceduralDueAt: endOf('2026-11-20'),
      }),
      // c4 P1, received in October: not November's.
      kase({
        ...inA,
        assigneeId: ids.P1,
        receivedAt: at('2026-10-31T23:00:00'),
        proceduralDueAt: endOf('2026-11-11'),
      }),
      // k1 from M1 (C1), accepted → in progress.
      kase({
        ...inA,
        ...clue,
        reporterId: ids.M1,
        status: 'accepted',
        receivedAt: at('2026-11-05T10:00:00'),
      }),
      // k2 from M2 (C1), also forwarded by M1: rejected then closed → not accepted; counts once for C1.
      kase({ ...inA, ...clue, reporterId: ids.M2, status: 'closed', receivedAt: at('2026-11-06T10:00:00') }),
      // k3 from a resident, forwarded by M3 (C2) and M1 (C1): answered and closed → concluded, for both grids.
      kase({ ...inA, ...clue, reporterId: ids.R1, status: 'closed', receivedAt: at('2026-11-07T10:00:00') }),
      // k4 from M3 (C2): not yet decided → pending.
      kase({ ...inB, ...clue, reporterId: ids.M3, receivedAt: at('2026-11-30T23:59:00') }),
      // k5 from M1 in October: not November's.
      kase({
        ...inA,
        ...clue,
        reporterId: ids.M1,
        status: 'accepted',
        receivedAt: at('2026-10-20T10:00:00'),
      }),
      // k6 a dispute from M1: not a clue.
      kase({ ...inA, reporterId: ids.M1, receivedAt: at('2026-11-08T10:00:00') }),
      // k7 from M3 (C2): passed to the competent department → transferred.
      kase({
        ...inB,
        ...clue,
        reporterId: ids.M3,
        status: 'transferred',
        receivedAt: at('2026-11-09T10:00:00'),
      }),
      // k8 from M1, received 1 December 00:00 Shanghai: December's.
      kase({ ...inA, ...clue, reporterId: ids.M1, receivedAt: at('2026-12-01T00:00:00') }),
    ])
    .returning({ id: cases.id, caseNo: cases.caseNo });
  const caseId = (n: number) => rows[n - 1]!.id;
  const [k2, k3] = [caseId(6), caseId(7)];
  const report = (caseNo: number, reporterId: number) => ({
    caseId: caseId(caseNo),
    messageId: `m-${caseNo}-${reporterId}`,
    reporterId,
    reportedAt: at('2026-11-08T10:00:00'),
  });
  await db.insert(caseReports).values([report(6, ids.M1), report(7, ids.M3), report(7, ids.M1)]);
  const event = (caseId: number, type: string) => ({
    caseId,
    type,
    actor: 'test',
    at: at('2026-11-09T10:00:00'),
  });
  await db
    .insert(caseEvents)
    .values([
      event(k2, 'rejected'),
      event(k2, 'closed'),
      event(k3, 'accepted'),
      event(k3, 'resolved'),
      event(k3, 'closed'),
    ]);

  const work = (personId: number, kind: '走访' | '座谈' | '讲座' | '志愿服务', workedOn: string) => ({
    personId,
    kind,
    gridId: ids.C1,
    workedOn,
    noteEnc: '记录',
    createdAt: at(`${workedOn}T18:00:00`),
  });
  await db
    .insert(workRecords)
    .values([
      work(ids.P1, '走访', '2026-11-01'),
      work(ids.P1, '走访', '2026-11-30'),
      work(ids.P1, '座谈', '2026-11-15'),
      work(ids.P1, '走访', '2026-10-31'),
      work(ids.P1, '志愿服务', '2026-12-01'),
      work(ids.P3, '讲座', '2026-11-15'),
    ]);
  const lecture = (
    state: 'requested' | 'scheduled' | 'cancelled',
    scheduledAt: string | null,
    speaker: string | null,
  ) => ({
    gridId: ids.C1,
    topic: '反诈',
    state,
    scheduledAt: scheduledAt ? at(scheduledAt) : null,
    speaker,
    createdAt: at('2026-11-01T10:00:00'),
  });
  await db.insert(lectureRequests).values([
    // Held 20 November by two speakers: one lecture for each.
    lecture('scheduled', '2026-11-20T15:00:00', '甲检察官、丙检察官'),
    // Cancelled, and one scheduled for December: neither counts.
    lecture('cancelled', '2026-11-25T15:00:00', '甲检察官'),
    lecture('scheduled', '2026-12-20T15:00:00', '甲检察官'),
    lecture('requested', null, null),
  ]);

  const created = await t.app.inject({
    method: 'POST',
    url: '/v1/tokens',
    headers: auth(ADMIN),
    payload: { role: 'group_leader', personId: ids.P3 },
  });
  leaderB = created.json().token;
});
afterAll(async () => {
  await t?.close();
});

const review = (token = ADMIN, month = '2026-11') =>
  t.app.inject({ method: 'GET', url: `/v1/reports/performance?month=${month}`, headers: auth(token) });
const workbook = (token = ADMIN, month = '2026-11') =>
  t.app.inject({ method: 'GET', url: `/v1/reports/performance.xlsx?month=${month}`, headers: auth(token) });

const noWork = { 走访: 0, 座谈: 0, 讲座: 0, 志愿服务: 0, total: 0 };
const noAnswers = { answered: 0, satisfied: 0, basicallySatisfied: 0, dissatisfied: 0, pct: null };
const p1 = {
  person: { code: 'P1', name: '甲检察官' },
  groups: ['第一检察组'],
  cases: { handled: 2, open: 2, overdue: 0 },
  procedural: { owed: 2, onTime: 1, onTimePct: 50 },
  substantive: { owed: 0, onTime: 0, onTimePct: null },
  satisfaction: { answered: 2, satisfied: 1, basicallySatisfied: 0, dissatisfied: 1, pct: 50 },
  fieldWork: { 走访: 2, 座谈: 1, 讲座: 0, 志愿服务: 0, total: 3 },
  lecturesGiven: 1,
};
const p2 = {
  person: { code: 'P2', name: '乙检察官' },
  groups: ['第一检察组'],
  cases: { handled: 0, open: 0, overdue: 0 },
  procedural: { owed: 0, onTime: 0, onTimePct: null },
  substantive: { owed: 0, onTime: 0, onTimePct: null },
  satisfaction: noAnswers,
  fieldWork: noWork,
  lecturesGiven: 0,
};
const p3 = {
  person: { code: 'P3', name: '丙检察官' },
  groups: ['第二检察组'],
  cases: { handled: 1, open: 1, overdue: 1 },
  procedural: { owed: 1, onTime: 0, onTimePct: 0 },
  substantive: { owed: 0, onTime: 0, onTimePct: null },
  satisfaction: noAnswers,
  fieldWork: { ...noWork, 讲座: 1, total: 1 },
  lecturesGiven: 1,
};
const none = { pending: 0, inProgress: 0, concluded: 0, transferred: 0, notAccepted: 0 };
// C1: k1 in progress, k2 not accepted, k3 concluded (forwarded by M1). C2: k3 concluded, k4 pending, k7 transferred.
const c1 = {
  grid: { code: 'C1', name: '一社区' },
  members: 2,
  clues: 3,
  valid: 2,
  validPct: 66.7,
  outcomes: { ...none, inProgress: 1, notAccepted: 1, concluded: 1 },
};
const c2 = {
  grid: { code: 'C2', name: '二社区' },
  members: 1,
  clues: 3,
  valid: 2,
  validPct: 66.7,
  outcomes: { ...none, concluded: 1, pending: 1, transferred: 1 },
};
const c3 = {
  grid: { code: 'C3', name: FORMULA_GRID },
  members: 1,
  clues: 0,
  valid: 0,
  validPct: null,
  outcomes: none,
};

describe('GET /v1/reports/performance (the 绩效 page)', () => {
  it('reviews every prosecutor and every grid with members, as counted by hand', async () => {
    const res = await review();
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ month: '2026-11', from: '2026-11-01', to: '2026-11-30' });
    expect(body.asOf).toBe('2026-12-10T10:00:00.000+08:00');
    expect(body.prosecutors).toMatchObject([p1, p2, p3]);
    expect(body.prosecutors[0].person.id).toBe(ids.P1);
    expect(body.grids).toMatchObject([c1, c2, c3]);
  });

  it('gives the same on-time figures as GET /v1/stats by prosecutor', async () => {
    const stats = (
      await t.app.inject({
        method: 'GET',
        url: '/v1/stats?from=2026-11-01&to=2026-11-30&groupBy=prosecutor',
        headers: auth(ADMIN),
      })
    ).json();
    const review_ = (await review()).json();
    for (const p of review_.prosecutors) {
      const s = stats.items.find((i: { key: { code: string } }) => i.key.code === p.person.code);
      if (!s) continue;
      expect(p.procedural).toEqual({
        owed: s.proceduralOwed,
        onTime: s.proceduralOnTime,
        onTimePct: s.proceduralOnTimePct,
      });
      expect(p.satisfaction.pct).toBe(s.satisfactionPct);
    }
  });

  it('shows a group leader their group’s prosecutors, cases and grids only', async () => {
    const res = await review(leaderB);
    expect(res.statusCode).toBe(200);
    expect(res.json().prosecutors).toMatchObject([p3]);
    // k3 belongs to group A: the leader of B sees C2's other two clues.
    expect(res.json().grids).toMatchObject([
      { ...c2, clues: 2, valid: 1, validPct: 50, outcomes: { ...none, pending: 1, transferred: 1 } },
    ]);
  });

  it('counts December in December: work records, lectures and clues of the other month are left out', async () => {
    const body = (await review(ADMIN, '2026-12')).json();
    expect(body.prosecutors[0]).toMatchObject({
      fieldWork: { ...noWork, 志愿服务: 1, total: 1 },
      // The lecture of 20 December is still to come on 10 December.
      lecturesGiven: 0,
      cases: { handled: 0 },
    });
    expect(body.grids[0]).toMatchObject({ clues: 1, outcomes: { ...none, pending: 1 } });
  });

  it('refuses a bad month with 400, prosecutors and the bot with 403, strangers with 401', async () => {
    for (const m of ['2026-13', '2026-1', 'November', '2026-11-01'])
      expect((await review(ADMIN, m)).statusCode).toBe(400);
    const prosecutor = await t.app.inject({
      method: 'POST',
      url: '/v1/tokens',
      headers: auth(ADMIN),
      payload: { role: 'prosecutor', personId: ids.P1 },
    });
    expect((await review(prosecutor.json().token)).statusCode).toBe(403);
    expect((await workbook(prosecutor.json().token)).statusCode).toBe(403);
    expect((await review('test-bot-token')).statusCode).toBe(403);
    expect(
      (await t.app.inject({ method: 'GET', url: '/v1/reports/performance.xlsx?month=2026-11' })).statusCode,
    ).toBe(401);
  });
});

describe('GET /v1/reports/performance.xlsx (the workbook)', () => {
  it('is an Excel workbook with the same figures, and no cell starts a formula', async () => {
    const res = await workbook();
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(res.headers['content-disposition']).toContain('performance-2026-11.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['说明', '检察官', '网格']);
    const prosecutors = wb.getWorksheet('检察官')!;
    const headerRow = (prosecutors.getRow(1).values as unknown[]).slice(1);
    const p1Row = (prosecutors.getRow(2).values as unknown[]).slice(1);
    const cell = (name: string) => p1Row[headerRow.indexOf(name)];
    expect(cell('检察官')).toBe('甲检察官');
    expect(cell('办理案件')).toBe(2);
    expect(cell('程序性按期率')).toBe('50.0%');
    expect(cell('实体性按期率')).toBe('—');
    expect(cell('满意率')).toBe('50.0%');
    expect(cell('走访')).toBe(2);
    expect(cell('实地工作合计')).toBe(3);
    expect(cell('普法讲座')).toBe(1);
    const gridSheet = wb.getWorksheet('网格')!;
    expect((gridSheet.getRow(2).values as unknown[]).slice(1)).toEqual([
      'C1',
      '一社区',
      2,
      3,
      2,
      '66.7%',
      0,
      1,
      1,
      0,
      1,
    ]);
    expect(gridSheet.getRow(4).getCell(2).value).toBe(`'${FORMULA_GRID}`);
    let cells = 0;
    for (const sheet of wb.worksheets)
      sheet.eachRow((row) =>
        row.eachCell((c) => {
          cells++;
          expect(c.type).not.toBe(ExcelJS.ValueType.Formula);
          if (typeof c.value === 'string') expect(c.value).not.toMatch(/^[=+\-@\t\r\n]/);
        }),
      );
    expect(cells).toBeGreaterThan(60);
    const scope = (await workbook(leaderB)).rawPayload;
    const leaderWb = new ExcelJS.Workbook();
    await leaderWb.xlsx.load(scope as unknown as ArrayBuffer);
    expect(leaderWb.getWorksheet('说明')!.getRow(2).getCell(2).value).toBe(
      '2026-11-01 至 2026-11-30（第二检察组）',
    );
    expect(leaderWb.getWorksheet('检察官')!.rowCount).toBe(2);
  });
});
