// Shanghai wall-clock conversions and local-date arithmetic.
import { describe, expect, it } from 'vitest';
import {
  addCalendarDays,
  addCalendarMonths,
  calendarDaysBetween,
  dayOfWeek,
  parseLocalDate,
} from '../../../api/deadlines/local-date.js';
import {
  shanghaiAt,
  shanghaiEndOfDay,
  shanghaiMinuteOfDay,
  toShanghaiDate,
  toShanghaiIso,
} from '../../../api/deadlines/shanghai-time.js';

describe('shanghai time', () => {
  it('puts 23:30 Shanghai (15:30 UTC) on the Shanghai date, and 16:00 UTC on the next one', () => {
    expect(toShanghaiDate(new Date('2026-09-28T15:30:00Z'))).toBe('2026-09-28');
    expect(toShanghaiDate(new Date('2026-09-28T15:59:59.999Z'))).toBe('2026-09-28');
    expect(toShanghaiDate(new Date('2026-09-28T16:00:00Z'))).toBe('2026-09-29');
  });

  it('builds instants at a Shanghai wall-clock time', () => {
    expect(shanghaiAt('2026-10-09', '09:00').toISOString()).toBe('2026-10-09T01:00:00.000Z');
    expect(shanghaiAt('2026-01-01', '00:00').toISOString()).toBe('2025-12-31T16:00:00.000Z');
  });

  it('ends a day at 23:59:59.999 +08:00', () => {
    const end = shanghaiEndOfDay('2026-10-13');
    expect(end.toISOString()).toBe('2026-10-13T15:59:59.999Z');
    expect(toShanghaiIso(end)).toBe('2026-10-13T23:59:59.999+08:00');
    expect(toShanghaiDate(end)).toBe('2026-10-13');
    expect(toShanghaiDate(new Date(end.getTime() + 1))).toBe('2026-10-14');
  });

  it('gives the minute of the Shanghai day', () => {
    expect(shanghaiMinuteOfDay(new Date('2026-09-28T15:30:00Z'))).toBe(23 * 60 + 30);
    expect(shanghaiMinuteOfDay(new Date('2026-09-28T00:00:00Z'))).toBe(8 * 60);
  });

  it('refuses malformed dates, times and instants', () => {
    expect(() => shanghaiAt('2026-02-30', '09:00')).toThrow(RangeError);
    expect(() => shanghaiAt('2026-2-3', '09:00')).toThrow(RangeError);
    expect(() => shanghaiAt('2026-02-03', '24:00')).toThrow(RangeError);
    expect(() => toShanghaiDate(new Date('nonsense'))).toThrow(RangeError);
  });
});

describe('local dates', () => {
  it('adds calendar days across month and year ends', () => {
    expect(addCalendarDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addCalendarDays('2028-03-01', -1)).toBe('2028-02-29');
    expect(addCalendarDays('2026-11-05', 30)).toBe('2026-12-05');
  });

  it("adds months ending on the corresponding day or the month's last day", () => {
    expect(addCalendarMonths('2026-09-28', 3)).toBe('2026-12-28');
    expect(addCalendarMonths('2026-11-30', 3)).toBe('2027-02-28');
    expect(addCalendarMonths('2027-11-30', 3)).toBe('2028-02-29');
    expect(addCalendarMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addCalendarMonths('2026-10-31', 3)).toBe('2027-01-31');
    expect(addCalendarMonths('2026-12-15', -12)).toBe('2025-12-15');
  });

  it('counts calendar days and names weekdays', () => {
    expect(calendarDaysBetween('2026-02-14', '2026-02-28')).toBe(14);
    expect(dayOfWeek('2026-10-10')).toBe(6);
    expect(dayOfWeek('2026-02-15')).toBe(0);
    expect(parseLocalDate('2028-02-29')).toEqual({ year: 2028, month: 2, day: 29 });
    expect(() => parseLocalDate('2027-02-29')).toThrow(RangeError);
  });
});
