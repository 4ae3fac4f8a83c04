// Case numbers GL-<year>-<6 digits>, drawn from a per-year Postgres sequence so no lock is held until commit.
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/create-db.js';

export function formatCaseNo(year: number, serial: number): string {
  return `GL-${year}-${String(serial).padStart(6, '0')}`;
}

function sequenceName(year: number): string {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new RangeError(`not a case year: ${year}`);
  return `case_no_${year}`;
}

function firstValue(result: unknown): unknown {
  // postgres.js returns an array of rows, PGlite an object with rows.
  const rows = Array.isArray(result) ? result : (result as { rows?: unknown[] }).rows;
  const row = rows?.[0] as Record<string, unknown> | undefined;
  return row ? Object.values(row)[0] : undefined;
}

/**
 * nextval is not rolled back with its transaction, so a failed case insert leaves a gap in the
 * numbers (the README says so); in exchange concurrent reports no longer queue on one counter row.
 */
export async function allocateCaseNo(tx: Db, year: number): Promise<string> {
  const name = sequenceName(year);
  let serial = firstValue(await tx.execute(sql`select nextval(to_regclass(${name})) as n`));
  if (serial === null || serial === undefined) {
    // First case of the year: create the year's sequence once. The advisory lock makes a concurrent
    // first case wait for this transaction, after which "if not exists" finds the committed sequence.
    // It starts after the legacy per-year counter so numbers issued before the sequence are not reused.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${name}))`);
    const legacy = Number(
      firstValue(
        await tx.execute(sql`select coalesce(max(last), 0) as last from case_counters where year = ${year}`),
      ),
    );
    await tx.execute(sql.raw(`create sequence if not exists ${name} start with ${legacy + 1}`));
    serial = firstValue(await tx.execute(sql`select nextval(to_regclass(${name})) as n`));
  }
  return formatCaseNo(year, Number(serial));
}
