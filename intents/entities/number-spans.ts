// Finds phone, ID and card numbers in half-width text however they are grouped: spaces, dots, dashes, +86.

export type NumberKind = 'mobile' | 'landline' | 'id' | 'card';

export interface NumberSpan {
  kind: NumberKind;
  /** The number itself: a mobile without its country code, an ID with an upper-case X, a landline with its area code. */
  digits: string;
  /** Where each character of `digits` stands in the scanned text. */
  positions: number[];
  /** The characters of `digits` to hide, [from, to): the middle of the number, its head and tail stay readable. */
  maskFrom: number;
  maskTo: number;
  /** The whole written number, separators and country code included: [start, end) of the scanned text. */
  start: number;
  end: number;
}

interface Chunk {
  digits: string;
  start: number;
  /** A trailing X, only ever the check character of an ID number. */
  x: boolean;
  /** The last three digits of an amount with thousands commas (24,407,130): they start no number. */
  tail: boolean;
}

// Between the groups of one number: horizontal spaces, dots, dashes, brackets and invisible joiners (not newlines).
const SEPARATOR = String.raw`[ \t\u00a0\u1680\u2000-\u200d\u202f\u205f\u2060\ufeff.\-_()·•‧・。｡‐‑‒–—―−]`;
const SEPARATOR_GAP_RE = new RegExp(`^${SEPARATOR}{1,3}$`);
// An X is kept with its digits: only an ID reading counts it (as its check character).
const GROUP_RE = /\d+[Xx]?/g;
const CASE_NO_RE = /(?<![A-Za-z])gl[\s\-_—–]*(?:19|20)\d{2}[\s\-_—–]*\d{6}(?!\d)/gi;
const MIN_DIGITS = 10;
const MAX_DIGITS = 23;
const MAX_CHUNKS = 8;
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK_CHARS = '10X98765432';

export function hasValidIdChecksum(id: string): boolean {
  if (!/^\d{17}[\dXx]$/.test(id)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(id[i]) * ID_WEIGHTS[i]!;
  return ID_CHECK_CHARS[sum % 11] === id[17]!.toUpperCase();
}

function plausibleDate(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= 31 && year >= 1900 && year <= 2099;
}

/** An 18-character ID: a region code, then a birth date. Grouped numbers must show one to count. */
function plausibleId(id: string): boolean {
  if (!/^[1-9]\d{16}[\dX]$/.test(id)) return false;
  return (
    hasValidIdChecksum(id) ||
    plausibleDate(Number(id.slice(6, 10)), Number(id.slice(10, 12)), Number(id.slice(12, 14)))
  );
}

/** The 15-digit ID issued before 1999: region code, then yymmdd. */
function plausibleOldId(id: string): boolean {
  return (
    /^[1-9]\d{14}$/.test(id) &&
    plausibleDate(1900 + Number(id.slice(6, 8)), Number(id.slice(8, 10)), Number(id.slice(10, 12)))
  );
}

/** 13 800 138 000: an amount with thousands groups, never how anyone writes a phone. */
function thousandsGrouped(chunks: readonly Chunk[]): boolean {
  return (
    chunks.length >= 2 && chunks[0]!.digits.length <= 3 && chunks.slice(1).every((c) => c.digits.length === 3)
  );
}

/**
 * Groups as people write a number: three digits or more, an ID's last group two or more. So the day of a date
 * (2026-12-13 123456789元) is never read as the head of a phone.
 */
function writtenAsOne(chunks: readonly Chunk[]): boolean {
  if (chunks.length === 1) return true;
  return (
    chunks.every((c, k) => c.digits.length + (c.x ? 1 : 0) >= (k === chunks.length - 1 ? 2 : 3)) &&
    !thousandsGrouped(chunks)
  );
}

/** Card numbers are written in fours: 6222 0212 3456 7890 123. */
function groupedInFours(chunks: readonly Chunk[]): boolean {
  return chunks.length >= 3 && chunks.slice(0, -1).every((c) => c.digits.length === 4);
}

interface Reading {
  kind: NumberKind;
  /** Leading digits that are not part of the number (the 86 of +86). */
  skip: number;
  length: number;
  keepHead: number;
  keepTail: number;
}

const COUNTRY_CODES = ['86', '0086'];

function readMobile(chunks: readonly Chunk[], digits: string): Reading | null {
  for (const prefix of ['', ...COUNTRY_CODES]) {
    if (digits.length !== prefix.length + 11 || !digits.startsWith(prefix)) continue;
    if (!/^1[3-9]$/.test(digits.slice(prefix.length, prefix.length + 2))) continue;
    // +86 139 1234 5678: the country code is a group of its own, the number's groups follow the usual rule.
    const own = prefix && chunks[0]!.digits === prefix ? chunks.slice(1) : chunks;
    const groups = own.map((c) => c.digits.length);
    if (own.length > 1 && (groups.some((n) => n < 3) || thousandsGrouped(own))) continue;
    return { kind: 'mobile', skip: prefix.length, length: 11, keepHead: 3, keepTail: 4 };
  }
  return null;
}

function read(chunks: readonly Chunk[]): Reading | null {
  const single = chunks.length === 1;
  const digits = chunks.map((c) => c.digits).join('');
  const n = digits.length;
  const id: Reading = { kind: 'id', skip: 0, length: 18, keepHead: 6, keepTail: 4 };
  if (chunks.at(-1)!.x && n === 17 && (single || (writtenAsOne(chunks) && plausibleId(`${digits}X`))))
    return id;
  if (n === 18 && (single || (writtenAsOne(chunks) && plausibleId(digits)))) return id;
  const mobile = readMobile(chunks, digits);
  if (mobile) return mobile;
  if (!single && !writtenAsOne(chunks)) return null;
  if (n === 15 && !single && plausibleOldId(digits))
    return { kind: 'id', skip: 0, length: 15, keepHead: 6, keepTail: 3 };
  if (n >= 15 && n <= MAX_DIGITS && (single || groupedInFours(chunks)))
    return { kind: 'card', skip: 0, length: n, keepHead: 4, keepTail: 4 };
  const area = /^0(?:10|2\d)/.test(digits) ? 3 : /^0[3-9]\d\d/.test(digits) ? 4 : 0;
  // 010, 02x or 0xxx, then a local number of 7 or 8 digits that starts with 2 to 9: 0591 8765 4321.
  if (area && n - area >= 7 && n - area <= 8 && /[2-9]/.test(digits[area]!)) {
    const local = chunks.slice(1);
    if (single || (chunks[0]!.digits.length === area && local.every((c) => c.digits.length >= 3)))
      return { kind: 'landline', skip: 0, length: n, keepHead: area, keepTail: 4 };
  }
  return null;
}

/** Runs of digit groups, split where a case number (GL-2026-000123) stands: its digits are nobody's phone. */
function runsOf(text: string): Chunk[][] {
  const caseNumbers = [...text.matchAll(CASE_NO_RE)].map((m) => [m.index, m.index + m[0].length] as const);
  const runs: Chunk[][] = [];
  let run: Chunk[] = [];
  let nextCase = 0;
  const close = () => {
    if (run.length) runs.push(run);
    run = [];
  };
  for (const m of text.matchAll(GROUP_RE)) {
    const start = m.index;
    // Both lists run left to right, so one pointer walks the case numbers.
    while (nextCase < caseNumbers.length && caseNumbers[nextCase]![1] <= start) nextCase++;
    const inCase = caseNumbers[nextCase];
    if (inCase && start >= inCase[0]) {
      close();
      continue;
    }
    const previous = run.at(-1);
    // An X closes an ID, so nothing continues after it.
    if (
      !previous ||
      previous.x ||
      !SEPARATOR_GAP_RE.test(text.slice(previous.start + previous.digits.length, start))
    )
      close();
    const x = /[Xx]$/.test(m[0]);
    const tail = m[0].length === 3 && /\d,\d{3},$/.test(text.slice(Math.max(0, start - 6), start));
    run.push({ digits: x ? m[0].slice(0, -1) : m[0], start, x, tail });
  }
  close();
  return runs;
}

/** Every phone, landline, ID and card number in `text` (half-width), left to right, none overlapping. */
export function findNumbers(text: string): NumberSpan[] {
  const found: NumberSpan[] = [];
  for (const run of runsOf(text)) {
    let i = 0;
    while (i < run.length) {
      if (run[i]!.tail) {
        i++;
        continue;
      }
      let last = i;
      let total = run[i]!.digits.length;
      while (
        last + 1 < run.length &&
        last + 1 - i < MAX_CHUNKS &&
        total + run[last + 1]!.digits.length <= MAX_DIGITS
      ) {
        last++;
        total += run[last]!.digits.length;
      }
      // The longest grouping starting here that reads as a number wins: 350102 19800101 1234 is one ID.
      let taken = 0;
      for (let j = last; j >= i && taken === 0; j--) {
        // Nothing shorter than a landline is read: most windows end here without building a string.
        if (total + (run[j]!.x ? 1 : 0) < MIN_DIGITS) break;
        const size = total;
        total -= run[j]!.digits.length;
        if (size === 14) continue;
        const chunks = run.slice(i, j + 1);
        const reading = read(chunks);
        if (!reading) continue;
        found.push(spanOf(chunks, reading));
        taken = chunks.length;
      }
      i += taken || 1;
    }
  }
  return found;
}

function spanOf(chunks: readonly Chunk[], reading: Reading): NumberSpan {
  const positions: number[] = [];
  for (const c of chunks) {
    for (let k = 0; k < c.digits.length; k++) positions.push(c.start + k);
    if (c.x && reading.kind === 'id') positions.push(c.start + c.digits.length);
  }
  const all = chunks.map((c) => c.digits).join('') + (reading.kind === 'id' && chunks.at(-1)!.x ? 'X' : '');
  const digits = all.slice(reading.skip, reading.skip + reading.length);
  const own = positions.slice(reading.skip, reading.skip + reading.length);
  return {
    kind: reading.kind,
    digits,
    positions: own,
    maskFrom: reading.keepHead,
    maskTo: reading.length - reading.keepTail,
    start: chunks[0]!.start,
    end: own.at(-1)! + 1,
  };
}
