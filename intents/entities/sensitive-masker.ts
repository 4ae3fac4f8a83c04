// Masks phone numbers, ID numbers and card numbers inside free text however they are grouped, for logs and stored copies.
import { toHalfWidth } from '../normalize/text-normalizer.js';
import { findNumbers } from './number-spans.js';

/** Half-width text with the middle digits of every phone, ID and card number replaced by '*', separators kept. */
export function maskSensitive(text: string): string {
  const half = toHalfWidth(text);
  const spans = findNumbers(half);
  if (spans.length === 0) return half;
  const chars = half.split('');
  for (const span of spans) {
    for (let k = span.maskFrom; k < span.maskTo; k++) chars[span.positions[k]!] = '*';
  }
  return chars.join('');
}

/**
 * The same masking on the text as written: full-width digits and punctuation stay as the reporter typed them
 * (half-width conversion is one UTF-16 unit for one, so the spans found on it fit the original).
 */
export function maskSensitiveAsWritten(text: string): string {
  const spans = findNumbers(toHalfWidth(text));
  if (spans.length === 0) return text;
  const chars = text.split('');
  for (const span of spans) {
    for (let k = span.maskFrom; k < span.maskTo; k++) chars[span.positions[k]!] = '*';
  }
  return chars.join('');
}
