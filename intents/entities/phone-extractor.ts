// Finds a mobile number (→ 11 digits) or a Fuzhou landline (→ 0591-NNNNNNNN) in normalised text, however grouped.
import { toHalfWidth } from '../normalize/text-normalizer.js';
import { findNumbers } from './number-spans.js';

export function extractPhone(text: string): string | undefined {
  const numbers = findNumbers(toHalfWidth(text));
  const mobile = numbers.find((n) => n.kind === 'mobile');
  if (mobile) return mobile.digits;
  const landline = numbers.find((n) => n.kind === 'landline' && /^0591\d{7,8}$/.test(n.digits));
  if (landline) return `0591-${landline.digits.slice(4)}`;
  return undefined;
}
