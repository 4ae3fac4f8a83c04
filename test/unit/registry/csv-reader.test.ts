// Tests the RFC 4180 reader: quoting, BOM, CRLF, blank lines and spreadsheet row numbers.
import { describe, expect, it } from 'vitest';
import { readCsv } from '../../../api/registry/csv/csv-reader.js';

const fields = (text: string) => {
  const read = readCsv(text);
  if (!read.ok) throw new Error(JSON.stringify(read.errors));
  return read.records.map((r) => [r.line, ...r.fields]);
};

describe('readCsv', () => {
  it('reads plain rows and ignores one trailing newline', () => {
    expect(fields('a,b\n1,2\n')).toEqual([
      [1, 'a', 'b'],
      [2, '1', '2'],
    ]);
  });

  it('handles quoted commas, doubled quotes and newlines inside quotes', () => {
    expect(fields('a,b\n"x, y","say ""hi"""\n"line1\nline2",z\nlast,row')).toEqual([
      [1, 'a', 'b'],
      [2, 'x, y', 'say "hi"'],
      [3, 'line1\nline2', 'z'],
      [4, 'last', 'row'],
    ]);
  });

  it('strips a BOM and accepts CRLF, including inside quotes', () => {
    expect(fields('\uFEFFa,b\r\n"1\r\n2",3\r\n')).toEqual([
      [1, 'a', 'b'],
      [2, '1\r\n2', '3'],
    ]);
  });

  it('keeps empty fields and counts blank lines as rows', () => {
    expect(fields('a,,c\n\n,,\n')).toEqual([
      [1, 'a', '', 'c'],
      [2, ''],
      [3, '', '', ''],
    ]);
  });

  it('reports an unclosed quote at the row where it starts', () => {
    expect(readCsv('a\n"open\nstill open')).toEqual({
      ok: false,
      errors: [{ line: 2, message: 'quoted field is not closed (missing ")' }],
    });
  });

  it('reports text after a closing quote', () => {
    const read = readCsv('a,b\n"x"y,2\n3,4');
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.errors.map((e) => e.line)).toEqual([2]);
  });
});
