// The CSV decoder reads UTF-8 (BOM or not), UTF-16 with BOM and GBK/GB18030, and refuses what it cannot read rather than guess.
import { describe, expect, it } from 'vitest';
import { decodeCsvBytes } from '../../../api/registry/csv/csv-decoder.js';
import { encodeGbk } from '../../helpers/gbk-encoder.js';

const TEXT = 'name,role,wechat_id\n张三丰,grid_member,wxid_1\n鼓楼区·三坊七巷（示例）,prosecutor,wxid_2\n';
const utf8 = Buffer.from(TEXT, 'utf8');

describe('decodeCsvBytes', () => {
  it.each([
    ['UTF-8 without BOM', utf8, 'utf-8'],
    ['UTF-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8]), 'utf-8'],
    ['GBK as Excel saves it', encodeGbk(TEXT), 'gb18030'],
    [
      'UTF-16LE with BOM',
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(TEXT, 'utf16le')]),
      'utf-16le',
    ],
  ])('reads %s', (_name, bytes, encoding) => {
    expect(decodeCsvBytes(bytes)).toEqual({ ok: true, text: TEXT, encoding });
  });

  it('honours a declared charset that matches the bytes', () => {
    expect(decodeCsvBytes(encodeGbk(TEXT), 'GBK')).toMatchObject({ ok: true, text: TEXT });
    expect(decodeCsvBytes(utf8, 'utf-8')).toMatchObject({ ok: true, text: TEXT });
  });

  it('refuses a declared charset the bytes contradict instead of storing mojibake', () => {
    // These UTF-8 bytes are also valid GB18030 (榧撴ゼ): only the label check stops the mojibake.
    expect(decodeCsvBytes(Buffer.from('name\n鼓楼\n'), 'gbk')).toMatchObject({
      ok: false,
      reason: 'undecodable',
    });
    expect(decodeCsvBytes(utf8, 'gbk')).toMatchObject({ ok: false, reason: 'undecodable' });
    expect(decodeCsvBytes(encodeGbk(TEXT), 'utf-8')).toMatchObject({ ok: false, reason: 'undecodable' });
    expect(decodeCsvBytes(utf8, 'latin1')).toMatchObject({ ok: false, reason: 'unknown_charset' });
  });

  it('refuses bytes that are neither UTF-8 nor GB18030, with advice on how to save the file', () => {
    const result = decodeCsvBytes(Buffer.from([0x6e, 0x61, 0x6d, 0x65, 0x0a, 0xff, 0xff, 0x80, 0x0a]));
    expect(result).toMatchObject({ ok: false, reason: 'undecodable' });
    expect(result.ok || result.message).toMatch(/neither UTF-8 nor GBK\/GB18030.*CSV UTF-8/);
  });

  it('refuses text already damaged by a wrong conversion (U+FFFD), naming its lines', () => {
    const result = decodeCsvBytes(Buffer.from('name,role\n��������,grid_member\nok,prosecutor\n'));
    expect(result).toMatchObject({ ok: false, reason: 'damaged', errors: [{ line: 2 }] });
  });
});
