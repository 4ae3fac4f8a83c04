// Minimal RFC 4180 reader: quoted fields (commas, doubled quotes, newlines), BOM, CRLF/LF, spreadsheet row numbers.
import type { CsvLineError } from './csv-types.js';

export interface CsvRecord {
  /** Spreadsheet row number (1-based); differs from the text line when a quoted field spans lines. */
  line: number;
  fields: string[];
}

export type CsvReadResult = { ok: true; records: CsvRecord[] } | { ok: false; errors: CsvLineError[] };

export function readCsv(text: string): CsvReadResult {
  const src = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  const errors: CsvLineError[] = [];
  let fields: string[] = [];
  let field = '';
  let i = 0;
  let recordHasContent = false;

  const endRecord = (): void => {
    fields.push(field);
    records.push({ line: records.length + 1, fields });
    fields = [];
    field = '';
    recordHasContent = false;
  };

  while (i < src.length) {
    const ch = src[i]!;
    if (ch === '"' && field === '') {
      const line = records.length + 1;
      let closed = false;
      i++;
      while (i < src.length) {
        if (src[i] === '"') {
          if (src[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          closed = true;
          i++;
          break;
        }
        field += src[i];
        i++;
      }
      recordHasContent = true;
      if (!closed) {
        errors.push({ line, message: 'quoted field is not closed (missing ")' });
        return { ok: false, errors };
      }
      const next = src[i];
      // Keep reading the rest as plain text so the row count, and later rows' numbers, stay right.
      if (next !== undefined && next !== ',' && next !== '\r' && next !== '\n') {
        errors.push({
          line,
          message: 'unexpected text after a closing quote (write "" for a quote inside quotes)',
        });
      }
      continue;
    }
    if (ch === ',') {
      fields.push(field);
      field = '';
      recordHasContent = true;
      i++;
      continue;
    }
    if (ch === '\r' || ch === '\n') {
      endRecord();
      i += ch === '\r' && src[i + 1] === '\n' ? 2 : 1;
      continue;
    }
    field += ch;
    recordHasContent = true;
    i++;
  }
  if (recordHasContent || field !== '' || fields.length > 0) endRecord();
  return errors.length > 0 ? { ok: false, errors } : { ok: true, records };
}
