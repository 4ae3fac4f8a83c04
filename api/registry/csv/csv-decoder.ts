// Turns an uploaded CSV file's bytes into text: UTF-8 (with or without BOM), UTF-16 with BOM, or GBK/GB18030 as Excel saves it on Chinese Windows; anything else is refused, never guessed into mojibake.
import type { CsvLineError } from './csv-types.js';

export type CsvEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';

export type CsvDecodeResult =
  | { ok: true; text: string; encoding: CsvEncoding }
  | {
      ok: false;
      reason: 'unknown_charset' | 'undecodable' | 'damaged';
      message: string;
      errors?: CsvLineError[];
    };

const SAVE_AS_HINT =
  'in Excel choose 另存为 → "CSV UTF-8（逗号分隔）", or save as "CSV（逗号分隔）" on Chinese Windows';

/** Charset labels a client may declare, mapped to the decoder used; GB18030 decodes GBK and GB2312 too. */
const DECLARED: Record<string, CsvEncoding> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  gbk: 'gb18030',
  gb2312: 'gb18030',
  gb18030: 'gb18030',
  cp936: 'gb18030',
  'x-gbk': 'gb18030',
  'utf-16le': 'utf-16le',
  'utf-16be': 'utf-16be',
};

/**
 * Decodes strictly: a byte sequence that is not valid in the chosen encoding is an error, not U+FFFD.
 * Without a declared charset: a BOM decides; else valid UTF-8 is UTF-8 (GBK text of any length is
 * almost never valid UTF-8); else valid GB18030 is GBK/GB18030; else the file is refused.
 */
export function decodeCsvBytes(bytes: Uint8Array, declaredCharset?: string): CsvDecodeResult {
  const declared = declaredCharset?.trim().toLowerCase();
  if (declared) {
    const encoding = DECLARED[declared];
    if (!encoding)
      return {
        ok: false,
        reason: 'unknown_charset',
        message: `charset ${declared} is not supported: send UTF-8 or GBK/GB18030 (${SAVE_AS_HINT})`,
      };
    // UTF-8 Chinese is often valid GB18030 too (鼓楼 reads as 榧撴ゼ): a label contradicting UTF-8 bytes is refused.
    const looksUtf8 = encoding !== 'utf-8' && hasNonAscii(strictDecode(bytes, 'utf-8') ?? '');
    const text = looksUtf8 ? null : strictDecode(withoutBom(bytes, encoding), encoding);
    if (text === null)
      return {
        ok: false,
        reason: 'undecodable',
        message: `the file is not valid ${declared} text as its Content-Type says; ${SAVE_AS_HINT}`,
      };
    return checked(text, encoding);
  }

  const bom = bomOf(bytes);
  if (bom) {
    const text = strictDecode(bytes.subarray(bom.length), bom.encoding);
    if (text === null)
      return {
        ok: false,
        reason: 'undecodable',
        message: `the file starts with a ${bom.encoding.toUpperCase()} byte-order mark but is not valid ${bom.encoding.toUpperCase()} text; ${SAVE_AS_HINT}`,
      };
    return checked(text, bom.encoding);
  }
  for (const encoding of ['utf-8', 'gb18030'] as const) {
    const text = strictDecode(bytes, encoding);
    if (text !== null) return checked(text, encoding);
  }
  return {
    ok: false,
    reason: 'undecodable',
    message: `the file is neither UTF-8 nor GBK/GB18030 text; ${SAVE_AS_HINT}`,
  };
}

function hasNonAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return true;
  return false;
}

function bomOf(bytes: Uint8Array): { encoding: CsvEncoding; length: number } | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return null;
}

function withoutBom(bytes: Uint8Array, encoding: CsvEncoding): Uint8Array {
  const bom = bomOf(bytes);
  return bom && bom.encoding === encoding ? bytes.subarray(bom.length) : bytes;
}

function strictDecode(bytes: Uint8Array, encoding: CsvEncoding): string | null {
  try {
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** U+FFFD in decoded text means the file was already damaged by an earlier wrong conversion: storing it would keep the mojibake. */
function checked(text: string, encoding: CsvEncoding): CsvDecodeResult {
  if (!text.includes('\uFFFD')) return { ok: true, text, encoding };
  const errors: CsvLineError[] = [];
  text.split(/\r\n|\r|\n/).forEach((line, index) => {
    if (line.includes('\uFFFD'))
      errors.push({
        line: index + 1,
        message: 'contains "\uFFFD": text damaged by an earlier wrong encoding; retype it and save again',
      });
  });
  return {
    ok: false,
    reason: 'damaged',
    message: `the file contains damaged characters (\uFFFD) on ${errors.length} line(s); fix them and save again (${SAVE_AS_HINT})`,
    errors,
  };
}
