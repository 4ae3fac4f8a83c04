// Applies a validated CSV import in short transactions with a pause between them: embedded PGlite runs one transaction at a time, so one long import would hold every other request (and /health) until it ended.
import { setImmediate as nextTurn } from 'node:timers/promises';

/** Rows written per transaction: a handful of set-based statements, tens of milliseconds on PGlite. */
export const IMPORT_BATCH_ROWS = 100;

/** Calls `apply` on consecutive slices of `rows`, letting waiting requests run between slices. */
export async function inBatches<T>(
  rows: readonly T[],
  apply: (batch: readonly T[]) => Promise<void>,
  size = IMPORT_BATCH_ROWS,
): Promise<void> {
  for (let start = 0; start < rows.length; start += size) {
    await apply(rows.slice(start, start + size));
    await nextTurn();
  }
}

/** Runs imports of one kind one after another within this process (batches of two imports never interleave). */
export function createImportQueue(): <R>(work: () => Promise<R>) => Promise<R> {
  let tail: Promise<unknown> = Promise.resolve();
  return (work) => {
    const run = tail.then(work, work);
    tail = run.catch(() => undefined);
    return run;
  };
}
