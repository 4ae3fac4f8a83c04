// The reporter's own words for texts people read: punctuation as typed, numbers masked, cut with "…".
import { maskSensitiveAsWritten, readableText } from '../../intents/index.js';

/** How much of a report a case keeps as its summary (notices, lists, status replies quote it). */
export const SUMMARY_CHARS = 60;

/** What handle() appends to a text cut at maxTextChars before storing it. */
const TRUNCATION_NOTE = /\n\[…已截断，原文共 \d+ 字\]$/u;

/** At most `max` characters (an emoji counts as one and is never split), ending in "…" when cut. */
export function cutWords(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  return `${chars
    .slice(0, max - 1)
    .join('')
    .trimEnd()}…`;
}

/**
 * A case's summary from the message as received (or as stored, with its truncation note): the reporter's
 * words and punctuation, wrappers dropped, phone and ID numbers masked, at most SUMMARY_CHARS characters.
 * The normalised text (half-width, simplified) is for the model only.
 */
export function summaryOfWords(text: string, max = SUMMARY_CHARS): string {
  const whole = text.replace(TRUNCATION_NOTE, '');
  // A message that is nothing but wrappers (a lone [图片]) is still summarised by what it was.
  const words = readableText(whole) || whole.replace(/\s+/gu, ' ').trim();
  return cutWords(maskSensitiveAsWritten(words), max);
}
