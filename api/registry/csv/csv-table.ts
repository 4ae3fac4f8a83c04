// Turns CSV text into named-column rows: checks the header, skips blank rows, flags rows with too many fields.
import { readCsv } from './csv-reader.js';
import type { CsvLineError } from './csv-types.js';

export interface CsvTableRow<C extends string> {
  line: number;
  values: Record<C, string>;
}

export type CsvTableResult<C extends string> =
  | { ok: true; rows: CsvTableRow<C>[] }
  | { ok: false; errors: CsvLineError[] };

const normaliseHeader = (h: string): string =>
  h
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');

export function readCsvTable<C extends string>(
  text: string,
  required: readonly C[],
  optional: readonly C[] = [],
): CsvTableResult<C> {
  const read = readCsv(text);
  if (!read.ok) return read;
  const [header, ...records] = read.records;
  const known = new Set<string>([...required, ...optional]);
  const headerNames = (header?.fields ?? []).map(normaliseHeader);
  const expected = `expected columns: ${[...required, ...optional].join(',')}`;
  if (headerNames.every((h) => h === '')) return fail(1, `header row required; ${expected}`);

  const errors: CsvLineError[] = [];
  const seen = new Set<string>();
  for (const name of headerNames) {
    if (name === '') errors.push({ line: 1, message: 'header has an empty column name' });
    else if (!known.has(name)) errors.push({ line: 1, message: `unknown column "${name}"; ${expected}` });
    else if (seen.has(name)) errors.push({ line: 1, message: `column "${name}" appears twice` });
    seen.add(name);
  }
  const missing = required.filter((c) => !seen.has(c));
  if (missing.length > 0) errors.push({ line: 1, message: `missing column(s): ${missing.join(', ')}` });
  if (errors.length > 0) return { ok: false, errors };

  const rows: CsvTableRow<C>[] = [];
  for (const record of records) {
    if (record.fields.every((f) => f.trim() === '')) continue;
    if (record.fields.length > headerNames.length) {
      errors.push({
        line: record.line,
        message: `${record.fields.length} fields but the header has ${headerNames.length} (a comma inside a value needs quotes)`,
      });
      continue;
    }
    const values = Object.fromEntries([...known].map((c) => [c, ''])) as Record<C, string>;
    // Spreadsheets may drop trailing empty cells, so a short row means blank trailing values.
    headerNames.forEach((name, i) => {
      values[name as C] = (record.fields[i] ?? '').trim();
    });
    rows.push({ line: record.line, values });
  }
  if (errors.length > 0) return { ok: false, errors };
  if (rows.length === 0) return fail(2, 'the file has a header but no data rows');
  return { ok: true, rows };
}

function fail(line: number, message: string): { ok: false; errors: CsvLineError[] } {
  return { ok: false, errors: [{ line, message }] };
}
