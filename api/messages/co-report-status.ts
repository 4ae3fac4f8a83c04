// A co-reporter's status query: only their own report, by their own number, in general words.
import { and, desc, eq, isNotNull, ne } from 'drizzle-orm';
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

/** Lines for "查询" without a number: this person's merged reports whose case is still open. */
export async function coReportLines(tx: Db, personId: number, limit: number): Promise<string[]> {
  const rows = await tx
    .select({ receiptNo: caseReports.receiptNo, status: cases.status })
    .from(caseReports)
    .innerJoin(cases, eq(cases.id, caseReports.caseId))
    .where(and(ownReports(personId), ne(cases.status, 'closed')))
    .orderBy(desc(caseReports.reportedAt))
    .limit(limit);
  return rows.map((r) => coReportTexts.listLine(r.receiptNo!, r.status));
}

/** The number a merged message's sender knows it by: their receipt, or null when they reported the case first. */
export async function receiptOfMessage(tx: Db, messageId: string): Promise<string | null> {
  const [row] = await tx
    .select({ receiptNo: caseReports.receiptNo })
    .from(caseReports)
    .where(eq(caseReports.messageId, messageId));
  return row?.receiptNo ?? null;
}
