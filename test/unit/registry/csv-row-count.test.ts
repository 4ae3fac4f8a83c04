// The import bound counts data rows as a spreadsheet does, without parsing: quoted line breaks and blank rows do not count.
import { describe, expect, it } from 'vitest';
import { countCsvRows, MAX_CSV_ROWS } from '../../../api/registry/csv-import.js';

describe('countCsvRows', () => {
  it.each([
    ['header only', 'name,role\n', 0],
    ['two rows, CRLF', 'name,role\r\na,b\r\nc,d\r\n', 2],
    ['no final newline', 'name,role\na,b\nc,d', 2],
    ['blank and comma-only rows', 'name,role\n\na,b\n,\n  \nc,d\n\n', 2],
    ['a quoted line break', 'name,note\na,"line one\nline two"\nb,c\n', 2],
    ['a BOM', '\uFEFFname\na\n', 1],
  ])('%s', (_what, text, rows) => {
    expect(countCsvRows(text)).toBe(rows);
  });

  it('stops counting just past the limit', () => {
    const text = `h\n${'x\n'.repeat(MAX_CSV_ROWS * 3)}`;
    expect(countCsvRows(text)).toBe(MAX_CSV_ROWS + 1);
    expect(countCsvRows(`h\n${'x\n'.repeat(MAX_CSV_ROWS)}`)).toBe(MAX_CSV_ROWS);
  });
});
