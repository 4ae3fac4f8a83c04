// A co-reporter's status query: only their own report, by their own number, in general words.
import { and, eq, isNotNull, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/create-db.js';
import { caseReports, cases } from '../../db/schema/index.js';
import { coReportTexts } from './co-report-texts.js';

const ownReports = (personId: number) =>
  and(eq(caseReports.reporterId, personId), isNotNull(caseReports.receiptNo));

/** The answer for a receipt number of this person's, or null when it is not one (answered as not found). */
export async function coReportStatus(tx: Db, personId: number, receiptNo: string): Promise<string | null> {
  const [row] = await tx
    .select({ status: cases.status })
    .from(caseReports)
    .innerJoin(cases, eq(cases.id, caseReports.caseId))
    .where(and(eq(caseReports.receiptNo, receiptNo), ownReports(personId)));
  return row ? coReportTexts.status(receiptNo, row.status) : null;
}

/**
 * For "查询" without a number: this person's merged reports whose case is still open, newest first, as one JSON
 * text value to read beside other facts in one statement (turned into lines by coReportLinesOf).
 */
export function coReportLinesSql(personId: number, limit: number): SQL<string> {
  return sql<string>`(select coalesce(json_agg(json_build_object('receiptNo', x.receipt_no, 'status', x.status) order by x.reported_at desc, x.id desc), '[]')::text
    from (select r.id, r.receipt_no, c.status, r.reported_at from case_reports r join cases c on c.id = r.case_id
           where r.reporter_id = ${personId}::int and r.receipt_no is not null and c.status <> 'closed'
           order by r.reported_at desc, r.id desc limit ${limit}::int) x)`;
}

/** The status lines of what coReportLinesSql read. */
export function coReportLinesOf(json: string): string[] {
  const rows = JSON.parse(json) as { receiptNo: string; status: string }[];
  return rows.map((r) => coReportTexts.listLine(r.receiptNo, r.status));
}

/** The number a merged message's sender knows it by: their receipt, or null when they reported the case first. */
export async function receiptOfMessage(tx: Db, messageId: string): Promise<string | null> {
  const [row] = await tx
    .select({ receiptNo: caseReports.receiptNo })
    .from(caseReports)
    .where(eq(caseReports.messageId, messageId));
  return row?.receiptNo ?? null;
}
