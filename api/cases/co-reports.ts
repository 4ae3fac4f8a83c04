// Co-reporters: a report merged into someone else's case gets a number of its own, never the case's.
import { and, eq, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/create-db.js';
import { caseReports } from '../../db/schema/index.js';
import { shanghaiYear } from '../http/time-format.js';
import { allocateCaseNo } from './case-number.js';
import type { CaseRow } from './case-service.js';

export interface ReporterOfReport {
  anonymous: boolean;
  reporterId: number | null;
  /** An anonymous reporter's keyed hash; null for a named one. */
  senderHash: string | null;
  receivedAt: Date;
}

export interface Receipt {
  /** The number this reporter knows the matter by: the case's own for its first reporter, else their receipt. */
  number: string;
  /** The first reporter's case (theirs to read); false for a co-reporter. */
  ownCase: boolean;
  /** A new receipt number to store on the report row (a new co-reporter); null for a repeat. */
  newReceiptNo: string | null;
}

/** Who a report row belongs to: the named reporter, or the anonymous sender's hash. */
function sameReporter(r: ReporterOfReport): SQL | null {
  if (!r.anonymous && r.reporterId !== null) return eq(caseReports.reporterId, r.reporterId);
  if (r.anonymous && r.senderHash !== null) return eq(caseReports.senderHash, r.senderHash);
  return null;
}

/**
 * The receipt for a report that matched an open case: the same sender repeating it keeps the number they
 * already have (and counts once); anyone else gets a new number from the case-number series.
 */
export async function receiptFor(tx: Db, row: CaseRow, reporter: ReporterOfReport): Promise<Receipt> {
  if (!reporter.anonymous && !row.anonymous && row.reporterId === reporter.reporterId)
    return { number: row.caseNo, ownCase: true, newReceiptNo: null };
  const same = sameReporter(reporter);
  if (same) {
    const [earlier] = await tx
      .select({ receiptNo: caseReports.receiptNo })
      .from(caseReports)
      .where(and(eq(caseReports.caseId, row.id), same))
      .orderBy(caseReports.id)
      .limit(1);
    if (earlier)
      return earlier.receiptNo
        ? { number: earlier.receiptNo, ownCase: false, newReceiptNo: null }
        : { number: row.caseNo, ownCase: true, newReceiptNo: null };
  }
  const receiptNo = await allocateCaseNo(tx, shanghaiYear(reporter.receivedAt));
  return { number: receiptNo, ownCase: false, newReceiptNo: receiptNo };
}

/**
 * How many people reported a case: a named reporter once however often they wrote, an anonymous one once per
 * sender hash (rows from before hashes were kept count once each).
 */
export const distinctReporters = sql<number>`count(distinct coalesce('p' || ${caseReports.reporterId}::text, 'h' || ${caseReports.senderHash}, 'm' || ${caseReports.messageId}))`;
