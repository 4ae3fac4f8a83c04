// Tests grid CSV import validation: header, levels, parents, duplicates, line numbers, all-or-nothing.
import { describe, expect, it } from 'vitest';
import { parseGridsCsv } from '../../../api/registry/csv/grids-csv-parser.js';

const existing = new Set(['GL-S01', 'GL-S01-C01']);

describe('parseGridsCsv', () => {
  it('accepts a valid file with parents in the file or the registry, in any order', () => {
    const csv = [
      'code,name,level,parent_code',
      'GL-S01-C01-G09,中山社区第9网格,grassroots,GL-S01-C01',
      'X-C01-G01,新社区第1网格,网格,X-C01',
      'X-C01,"新社区, 东片",community,X',
      'X,新街道,street,',
    ].join('\n');
    expect(parseGridsCsv(csv, existing)).toEqual({
      ok: true,
      rows: [
        {
          line: 2,
          code: 'GL-S01-C01-G09',
          name: '中山社区第9网格',
          level: 'grassroots',
          parentCode: 'GL-S01-C01',
          divisionCode: null,
        },
        {
          line: 3,
          code: 'X-C01-G01',
          name: '新社区第1网格',
          level: 'grassroots',
          parentCode: 'X-C01',
          divisionCode: null,
        },
        {
          line: 4,
          code: 'X-C01',
          name: '新社区, 东片',
          level: 'community',
          parentCode: 'X',
          divisionCode: null,
        },
        { line: 5, code: 'X', name: '新街道', level: 'street', parentCode: null, divisionCode: null },
      ],
    });
  });

  it('takes an optional 12-digit division_code and refuses any other value', () => {
    const ok = parseGridsCsv(
      'code,name,level,parent_code,division_code\nGL-S01-C01,中山社区,community,GL-S01,350102001001\nGL-S01-C01-G01,中山社区第1网格,grassroots,GL-S01-C01,\n',
      existing,
    );
    expect(ok).toMatchObject({
      ok: true,
      rows: [{ code: 'GL-S01-C01', divisionCode: '350102001001' }, { divisionCode: null }],
    });
    const bad = parseGridsCsv(
      'code,name,level,parent_code,division_code\nGL-S01-C01,中山社区,community,GL-S01,350102001\n',
      existing,
    );
    expect(bad).toEqual({
      ok: false,
      errors: [{ line: 2, message: 'division_code "350102001" must be the 12-digit official code' }],
    });
  });

  it('names the one bad line and returns no rows', () => {
    const csv = 'code,name,level,parent_code\nA,甲,street,\nA-1,乙,village,A\nA-2,丙,community,A\n';
    const result = parseGridsCsv(csv, existing);
    expect(result).toEqual({
      ok: false,
      errors: [{ line: 3, message: 'level "village" must be street, community or grassroots' }],
    });
    expect('rows' in result).toBe(false);
  });

  it('flags duplicates, unknown parents and wrong parent levels', () => {
    const csv = [
      'code,name,level,parent_code',
      'A,甲,street,',
      'A,甲2,street,',
      'B-1,乙,community,NOPE',
      'C-1,丙,grassroots,GL-S01',
      'D-1,丁,community,GL-S01-C01',
    ].join('\r\n');
    const levels = new Map([
      ['GL-S01', 'street'],
      ['GL-S01-C01', 'community'],
    ] as const);
    const result = parseGridsCsv(csv, levels);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      { line: 3, message: 'duplicate code A (first on line 2)' },
      { line: 4, message: 'parent_code NOPE is neither in this file nor in the registry' },
      { line: 5, message: 'parent GL-S01 is a street; a grassroots needs a community' },
      { line: 6, message: 'parent GL-S01-C01 is a community; a community needs a street' },
    ]);
  });

  it('refuses to change the level of an existing grid when levels are known', () => {
    const result = parseGridsCsv(
      'code,name,level,parent_code\nGL-S01-C01,x,street,\n',
      new Map([['GL-S01-C01', 'community']]),
    );
    expect(result).toEqual({
      ok: false,
      errors: [{ line: 2, message: 'grid GL-S01-C01 already exists as community; its level cannot change' }],
    });
  });

  it('requires the header and its columns', () => {
    expect(parseGridsCsv('', existing)).toMatchObject({ ok: false, errors: [{ line: 1 }] });
    const noHeader = parseGridsCsv('A,甲,street,\n', existing);
    expect(noHeader.ok).toBe(false);
    if (!noHeader.ok) expect(noHeader.errors.every((e) => e.line === 1)).toBe(true);
    expect(parseGridsCsv('code,name,level\nA,甲,street\n', existing)).toEqual({
      ok: false,
      errors: [{ line: 1, message: 'missing column(s): parent_code' }],
    });
  });

  it('accepts a BOM, CRLF, blank lines and counts rows after a multi-line name', () => {
    const csv = '\uFEFFcode,name,level,parent_code\r\nA,"甲\r\n街道",street,\r\n\r\nB,,community,A\r\n\r\n';
    expect(parseGridsCsv(csv, existing)).toEqual({
      ok: false,
      errors: [{ line: 4, message: 'name is required' }],
    });
  });

  it('rejects rows with more fields than the header', () => {
    const result = parseGridsCsv('code,name,level,parent_code\nA,甲,乙,street,\n', existing);
    expect(result).toMatchObject({ ok: false, errors: [{ line: 2 }] });
  });
});
