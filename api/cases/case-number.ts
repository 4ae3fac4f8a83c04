// Case numbers GL-<year>-<6 digits>, allocated from a per-year counter row inside the caller's transaction.
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/create-db.js';
import { caseCounters } from '../../db/schema/index.js';

export function formatCaseNo(year: number, serial: number): string {
  return `GL-${year}-${String(serial).padStart(6, '0')}`;
}

export async function allocateCaseNo(tx: Db, year: number): Promise<string> {
  const [row] = await tx
    .insert(caseCounters)
    .values({ year, last: 1 })
    .onConflictDoUpdate({ target: caseCounters.year, set: { last: sql`${caseCounters.last} + 1` } })
    .returning({ last: caseCounters.last });
  if (!row) throw new Error('case counter allocation returned no row');
  return formatCaseNo(year, row.last);
}
