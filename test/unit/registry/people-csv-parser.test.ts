// Tests people CSV import validation: roles, grids, groups, WeChat ids, phones, line numbers.
import { describe, expect, it } from 'vitest';
import { parsePeopleCsv } from '../../../api/registry/csv/people-csv-parser.js';
import { normalisePhone } from '../../../api/registry/csv/phone-validator.js';

const grids = new Set(['GL-S01-C01', 'GL-S05-C01']);
const groups = new Set(['GRP-01', 'GRP-02']);
const HEADER = 'name,role,wechat_id,grid_code,group_code,phone';

describe('parsePeopleCsv', () => {
  it('accepts a valid file and normalises phones', () => {
    const csv = [
      HEADER,
      '林一,group_leader,wx-lin,,GRP-01,138 1234 5678',
      '陈二,联络员,wx-chen,,GRP-01,0591-87654321',
      '"黄三, 网格员",grid_member,wx-huang,GL-S05-C01,,',
      '郑四,prosecutor,wx-zheng,,,',
    ].join('\n');
    expect(parsePeopleCsv(csv, grids, groups)).toEqual({
      ok: true,
      rows: [
        {
          line: 2,
          name: '林一',
          role: 'group_leader',
          wechatId: 'wx-lin',
          gridCode: null,
          groupCode: 'GRP-01',
          phone: '13812345678',
        },
        {
          line: 3,
          name: '陈二',
          role: 'liaison',
          wechatId: 'wx-chen',
          gridCode: null,
          groupCode: 'GRP-01',
          phone: '0591-87654321',
        },
        {
          line: 4,
          name: '黄三, 网格员',
          role: 'grid_member',
          wechatId: 'wx-huang',
          gridCode: 'GL-S05-C01',
          groupCode: null,
          phone: null,
        },
        {
          line: 5,
          name: '郑四',
          role: 'prosecutor',
          wechatId: 'wx-zheng',
          gridCode: null,
          groupCode: null,
          phone: null,
        },
      ],
    });
  });

  it('allows the optional columns to be left out', () => {
    const result = parsePeopleCsv('wechat_id,role,name\nwx-1,prosecutor,林一\n', grids);
    expect(result).toMatchObject({ ok: true, rows: [{ line: 2, wechatId: 'wx-1', phone: null }] });
  });

  it('names the one bad line and returns no rows', () => {
    const csv = `${HEADER}\n林一,prosecutor,wx-1,,,\n陈二,grid_member,wx-2,GL-S09-C99,,\n黄三,prosecutor,wx-3,,,\n`;
    const result = parsePeopleCsv(csv, grids, groups);
    expect(result).toEqual({
      ok: false,
      errors: [{ line: 3, message: 'grid_code GL-S09-C99 is not a known grid' }],
    });
    expect('rows' in result).toBe(false);
  });

  it('flags every broken rule with its line', () => {
    const csv = [
      HEADER,
      ',judge,,,,',
      '林一,grid_member,wx-1,,GRP-01,',
      '陈二,liaison,wx-1,,,12345',
      '黄三,group_leader,wx-3,,GRP-01,',
      '郑四,group_leader,wx-4,,GRP-01,',
      '王五,prosecutor,wx-5,,GRP-09,',
    ].join('\n');
    const result = parsePeopleCsv(csv, grids, groups);
    expect(result).toEqual({
      ok: false,
      errors: [
        { line: 2, message: 'name is required' },
        { line: 2, message: 'role "judge" must be one of prosecutor, grid_member, group_leader, liaison' },
        { line: 2, message: 'wechat_id is required' },
        { line: 3, message: 'a grid member needs a grid_code' },
        { line: 3, message: 'a grid member belongs to no prosecutor group' },
        { line: 4, message: 'duplicate wechat_id wx-1 (first on line 3)' },
        { line: 4, message: 'a liaison needs a group_code' },
        { line: 4, message: 'phone "12345" is neither a mobile number nor a 0591 landline' },
        { line: 6, message: 'group GRP-01 already has a group_leader on line 5' },
        { line: 7, message: 'group_code GRP-09 is not a known group' },
      ],
    });
  });

  it('reads a BOM and CRLF export with a quoted multi-line name', () => {
    const csv = `\uFEFF${HEADER}\r\n"林\r\n一",prosecutor,wx-1,,,\r\n陈二,prosecutor,wx-2,,,bad\r\n`;
    expect(parsePeopleCsv(csv, grids)).toEqual({
      ok: false,
      errors: [{ line: 3, message: 'phone "bad" is neither a mobile number nor a 0591 landline' }],
    });
  });
});

describe('normalisePhone', () => {
  it.each([
    ['13812345678', '13812345678'],
    ['+86 138-1234-5678', '13812345678'],
    ['１３８１２３４５６７８', '13812345678'],
    ['0591-87654321', '0591-87654321'],
    ['(0591) 2345 6789', '0591-23456789'],
  ])('accepts %s', (raw, expected) => {
    expect(normalisePhone(raw)).toBe(expected);
  });

  it.each(['12812345678', '1381234567', '010-87654321', '0591-0765432', '87654321', 'abc'])(
    'rejects %s',
    (raw) => {
      expect(normalisePhone(raw)).toBeNull();
    },
  );
});
