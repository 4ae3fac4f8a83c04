// Formats instants for API responses and residents, on the Asia/Shanghai helpers of api/deadlines.
import { parseLocalDate } from '../deadlines/local-date.js';
import { toShanghaiDate, toShanghaiIso } from '../deadlines/shanghai-time.js';

/** ISO 8601 with the +08:00 offset, as every API response shows times. */
export const toIsoShanghai = toShanghaiIso;

export function toIsoShanghaiOrNull(instant: Date | null | undefined): string | null {
  return instant ? toShanghaiIso(instant) : null;
}

/** 2026年10月13日 — how a date is written to a resident. */
export function toChineseDate(instant: Date): string {
  const { year, month, day } = parseLocalDate(toShanghaiDate(instant));
  return `${year}年${month}月${day}日`;
}

export function shanghaiYear(instant: Date): number {
  return parseLocalDate(toShanghaiDate(instant)).year;
}
