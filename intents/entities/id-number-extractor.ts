// Detects 18-character resident ID numbers with a valid checksum and masks them; the clear number is never returned.

const ID_RE = /(?<![\dA-Za-z])(\d{17}[\dXx])(?![\dA-Za-z])/g;
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

export function isValidIdNumber(id: string): boolean {
  if (!/^\d{17}[\dXx]$/.test(id)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(id[i]) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11] === id[17]!.toUpperCase();
}

export function maskIdNumber(id: string): string {
  return `${id.slice(0, 6)}********${id.slice(14).toUpperCase()}`;
}

/** The first valid ID number in the text, masked (350102********1233). */
export function extractIdNumber(text: string): string | undefined {
  for (const m of text.matchAll(ID_RE)) {
    if (isValidIdNumber(m[1]!)) return maskIdNumber(m[1]!);
  }
  return undefined;
}
