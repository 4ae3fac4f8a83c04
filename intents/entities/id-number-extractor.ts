// Detects 18-character resident ID numbers with a valid checksum, however grouped, and masks them; the clear number is never returned.
import { toHalfWidth } from '../normalize/text-normalizer.js';
import { findNumbers, hasValidIdChecksum } from './number-spans.js';

export function isValidIdNumber(id: string): boolean {
  return hasValidIdChecksum(id);
}

export function maskIdNumber(id: string): string {
  return `${id.slice(0, 6)}********${id.slice(14).toUpperCase()}`;
}

/** The first valid ID number in the text, masked (350102********1233). */
export function extractIdNumber(text: string): string | undefined {
  const id = findNumbers(toHalfWidth(text)).find((n) => n.kind === 'id' && hasValidIdChecksum(n.digits));
  return id ? maskIdNumber(id.digits) : undefined;
}

/** The text with every ID number (valid or not) blanked out, so its digits read as no phone or amount. */
export function blankIdNumbers(text: string): string {
  const half = toHalfWidth(text);
  const ids = findNumbers(half).filter((n) => n.kind === 'id');
  if (ids.length === 0) return half;
  const chars = half.split('');
  for (const id of ids) for (let k = id.start; k < id.end; k++) chars[k] = ' ';
  return chars.join('');
}
