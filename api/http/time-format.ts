// Formats instants as ISO 8601 with the Asia/Shanghai offset, as every API response shows times.
const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;

export function toIsoShanghai(instant: Date): string {
  const shifted = new Date(instant.getTime() + SHANGHAI_OFFSET_MS).toISOString();
  return `${shifted.slice(0, 23)}+08:00`;
}

export function toIsoShanghaiOrNull(instant: Date | null | undefined): string | null {
  return instant ? toIsoShanghai(instant) : null;
}

/** 2026年10月13日 — how a date is written to a resident. */
export function toChineseDate(instant: Date): string {
  const d = new Date(instant.getTime() + SHANGHAI_OFFSET_MS);
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
}

export function shanghaiYear(instant: Date): number {
  return new Date(instant.getTime() + SHANGHAI_OFFSET_MS).getUTCFullYear();
}
