// Case numbers GL-<year>-<6 digits>, drawn from a per-year Postgres sequence so no lock is held until commit.
import { type SQL, sql } from 'drizzle-orm';
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

/** Creates the year's sequence unless it exists, after the legacy per-year counter; holds an advisory lock until commit. */
async function createSequence(tx: Db, year: number): Promise<void> {
  const name = sequenceName(year);
  // The advisory lock makes a concurrent first case wait for this transaction, after which "if not exists"
  // finds the committed sequence. It starts after the legacy per-year counter so numbers issued before the
  // sequence are not reused.
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${name}))`);
  const legacy = Number(
    firstValue(
      await tx.execute(sql`select coalesce(max(last), 0) as last from case_counters where year = ${year}`),
    ),
  );
  await tx.execute(sql.raw(`create sequence if not exists ${name} start with ${legacy + 1}`));
}

/**
 * The years whose sequence is known to be committed, per database: for those a case insert can take its
 * number in a statement it sends anyway (`nextval` beside other values), with no look-up first. A year is
 * known only once its sequence was found already existing or created in a transaction of its own, never from
 * a creation inside a transaction that may still roll back.
 */
export interface CaseYears {
  known(year: number): boolean;
  /** Outside any transaction: creates the year's sequence (committed) unless it exists; no number is taken. */
  ensure(db: Db, year: number): Promise<void>;
  /** The next number, and the year learnt when its sequence already existed. */
  allocate(tx: Db, year: number): Promise<string>;
  /** SQL taking the year's next serial; only for a year that is `known`. */
  nextSerialSql(year: number): SQL<string>;
}

export function createCaseYears(): CaseYears {
  const years = new Set<number>();
  return {
    known: (year) => years.has(year),
    async ensure(db, year) {
      if (years.has(year)) return;
      const name = sequenceName(year);
      await db.transaction(async (tx) => {
        const exists = firstValue(await tx.execute(sql`select to_regclass(${name}) is not null as e`));
        if (exists !== true) await createSequence(tx, year);
      });
      years.add(year);
    },
    async allocate(tx, year) {
      const name = sequenceName(year);
      const serial = firstValue(await tx.execute(sql`select nextval(to_regclass(${name})) as n`));
      if (serial === null || serial === undefined) return allocateCaseNo(tx, year);
      years.add(year);
      return formatCaseNo(year, Number(serial));
    },
    nextSerialSql(year) {
      if (!years.has(year)) throw new Error(`the case-number sequence of ${year} is not known to exist`);
      return sql<string>`nextval(${sequenceName(year)}::regclass)::text`;
    },
  };
}

/**
 * nextval is not rolled back with its transaction, so a failed case insert leaves a gap in the
 * numbers (the README says so); in exchange concurrent reports no longer queue on one counter row.
 */
export async function allocateCaseNo(tx: Db, year: number): Promise<string> {
  const name = sequenceName(year);
  let serial = firstValue(await tx.execute(sql`select nextval(to_regclass(${name})) as n`));
  if (serial === null || serial === undefined) {
    // First case of the year: create the year's sequence once.
    await createSequence(tx, year);
    serial = firstValue(await tx.execute(sql`select nextval(to_regclass(${name})) as n`));
  }
  return formatCaseNo(year, Number(serial));
}
