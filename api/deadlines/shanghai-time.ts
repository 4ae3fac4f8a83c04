// Converts instants to and from Asia/Shanghai wall-clock time with a fixed +08:00 offset (China has no DST).
import { addCalendarDays, type LocalDate, parseLocalDate } from './local-date.js';

const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const CLOCK_TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** A wall-clock time 'HH:MM', 24-hour. */
export type ClockTime = string;

function assertInstant(instant: Date): void {
  if (!(instant instanceof Date) || Number.isNaN(instant.getTime())) {
    throw new RangeError('expected a valid Date');
  }
}

export function parseClockTime(time: ClockTime): { hours: number; minutes: number } {
  const match = CLOCK_TIME.exec(time);
  if (!match) throw new RangeError(`not a clock time (HH:MM): ${time}`);
  return { hours: Number(match[1]), minutes: Number(match[2]) };
}

export function clockTimeToMinutes(time: ClockTime): number {
  const { hours, minutes } = parseClockTime(time);
  return hours * 60 + minutes;
}

export function toShanghaiDate(instant: Date): LocalDate {
  assertInstant(instant);
  return new Date(instant.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** Whole days from 1970-01-01 to the Shanghai date of `instant`: date differences without formatting dates. */
export function shanghaiDayNumber(instant: Date): number {
  assertInstant(instant);
  return Math.floor((instant.getTime() + SHANGHAI_OFFSET_MS) / 86_400_000);
}

/** Minutes since Shanghai midnight, fractional within the minute. */
export function shanghaiMinuteOfDay(instant: Date): number {
  assertInstant(instant);
  const shifted = new Date(instant.getTime() + SHANGHAI_OFFSET_MS);
  return shifted.getUTCHours() * 60 + shifted.getUTCMinutes() + shifted.getUTCSeconds() / 60;
}

export function shanghaiAt(localDate: LocalDate, time: ClockTime): Date {
  const { year, month, day } = parseLocalDate(localDate);
  const { hours, minutes } = parseClockTime(time);
  return new Date(Date.UTC(year, month - 1, day, hours, minutes) - SHANGHAI_OFFSET_MS);
}

export function shanghaiStartOfDay(localDate: LocalDate): Date {
  return shanghaiAt(localDate, '00:00');
}

/** 23:59:59.999 +08:00 on that date: deadlines run to the end of their last day. */
export function shanghaiEndOfDay(localDate: LocalDate): Date {
  return new Date(shanghaiStartOfDay(addCalendarDays(localDate, 1)).getTime() - 1);
}

/** ISO 8601 with the +08:00 offset, e.g. 2026-10-13T23:59:59.999+08:00. */
export function toShanghaiIso(instant: Date): string {
  assertInstant(instant);
  return `${new Date(instant.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 23)}+08:00`;
}
