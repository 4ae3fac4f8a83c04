// ?dryRun=true on the registry CSV imports: every line with its errors and what applying would do; nothing is written.
import { z } from 'zod';
import type { Db } from '../../db/create-db.js';
import { readCsv } from './csv/csv-reader.js';
import type { CsvLineError } from './csv/csv-types.js';
import { CsvInvalidError } from './csv-import.js';

/** Thrown at the end of a dry run's transaction so that everything it wrote is rolled back. */
export class DryRunRollback extends Error {
  constructor(readonly result: { created: number; updated: number }) {
    super('dry run: rolled back');
  }
}

export type ImportCounts = { created: number; updated: number };

/**
 * Applies a registry import (one at a time per process), or for a dry run runs the same import inside one
 * transaction (its batches become savepoints) and rolls it back with the counts: the preview cannot disagree
 * with applying.
 */
export function applyOrPreview(
  db: Db,
  options: { dryRun?: boolean },
  oneImportAtATime: <R>(work: () => Promise<R>) => Promise<R>,
  importInto: (db: Db) => Promise<ImportCounts>,
): Promise<ImportCounts> {
  if (options.dryRun)
    return db.transaction(async (tx) => {
      throw new DryRunRollback(await importInto(tx));
    });
  return oneImportAtATime(() => importInto(db));
}

export const dryRunQuery = z.object({
  dryRun: z
    .enum(['true', 'false'])
    .optional()
    .describe('true: check every line and report what would change, without applying anything'),
});

export const csvPreviewSchema = z.object({
  dryRun: z.literal(true),
  valid: z.boolean().describe('false when any line has an error: applying this file would change nothing'),
  created: z.number().int().describe('rows applying would create (0 when not valid)'),
  updated: z.number().int().describe('rows applying would update (0 when not valid)'),
  header: z.array(z.string()),
  lines: z.array(
    z.object({
      line: z.number().int().describe('spreadsheet row number; the header is line 1'),
      fields: z.array(z.string()),
      errors: z.array(z.string()),
    }),
  ),
  errors: z.array(z.object({ line: z.number().int(), message: z.string() })),
});

export type CsvPreview = z.infer<typeof csvPreviewSchema>;

/**
 * Runs the real import (same validation, same lookups, same writes) inside its transaction, which the import ends
 * by throwing DryRunRollback; so the preview can never disagree with what applying the file would do.
 */
export async function previewCsvImport(text: string, importDry: () => Promise<unknown>): Promise<CsvPreview> {
  let errors: CsvLineError[] = [];
  let result = { created: 0, updated: 0 };
  try {
    await importDry();
    throw new Error('a dry-run import returned instead of rolling back');
  } catch (error) {
    if (error instanceof DryRunRollback) result = error.result;
    else if (error instanceof CsvInvalidError) errors = (error.details as CsvLineError[] | undefined) ?? [];
    else throw error;
  }
  const read = readCsv(text);
  const records = read.ok ? read.records : [];
  const byLine = new Map<number, string[]>();
  for (const e of errors) byLine.set(e.line, [...(byLine.get(e.line) ?? []), e.message]);
  return {
    dryRun: true,
    valid: errors.length === 0,
    ...(errors.length === 0 ? result : { created: 0, updated: 0 }),
    header: records[0]?.fields ?? [],
    lines: records
      .slice(1)
      .map((r) => ({ line: r.line, fields: r.fields, errors: byLine.get(r.line) ?? [] })),
    errors,
  };
}
