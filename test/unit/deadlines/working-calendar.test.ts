// China's official working-day calendar: holidays, make-up working days, and the fallback for uncovered years.
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { addCalendarDays } from '../../../api/deadlines/local-date.js';
import {
  addWorkingDays,
  calendarCoverage,
  createWorkingCalendar,
  isWorkingDay,
  nextWorkingDayOnOrAfter,
  previousWorkingDayOnOrBefore,
  rangeCoverage,
  workingDaysBetween,
} from '../../../api/deadlines/working-calendar.js';

describe('official 2026 calendar', () => {
  it('knows the Spring Festival holiday (Feb 15–23) and its make-up Saturdays (Feb 14, Feb 28)', () => {
    expect(isWorkingDay('2026-02-13')).toBe(true);
    expect(isWorkingDay('2026-02-14')).toBe(true);
    for (let day = 15; day <= 23; day++) expect(isWorkingDay(`2026-02-${day}`)).toBe(false);
    expect(isWorkingDay('2026-02-24')).toBe(true);
    expect(isWorkingDay('2026-02-28')).toBe(true);
    expect(isWorkingDay('2026-03-01')).toBe(false);
  });

  it('knows National Day (Oct 1–7) and the make-up days Sunday Sep 20 and Saturday Oct 10', () => {
    expect(isWorkingDay('2026-09-20')).toBe(true);
    for (let day = 1; day <= 7; day++) expect(isWorkingDay(`2026-10-0${day}`)).toBe(false);
    expect(isWorkingDay('2026-10-08')).toBe(true);
    expect(isWorkingDay('2026-10-10')).toBe(true);
    expect(isWorkingDay('2026-10-11')).toBe(false);
  });

  it('treats ordinary weekends as rest days and weekdays as working days', () => {
    expect(isWorkingDay('2026-03-07')).toBe(false);
    expect(isWorkingDay('2026-03-08')).toBe(false);
    expect(isWorkingDay('2026-03-09')).toBe(true);
  });
});

describe('working-day arithmetic', () => {
  it('counts forward from the day after, including make-up Saturdays', () => {
    expect(addWorkingDays('2026-09-28', 7)).toBe('2026-10-13');
    expect(addWorkingDays('2026-02-12', 7)).toBe('2026-02-28');
    expect(addWorkingDays('2026-02-13', 1)).toBe('2026-02-14');
    expect(addWorkingDays('2026-02-14', 1)).toBe('2026-02-24');
  });

  it('counts backwards over a holiday', () => {
    expect(addWorkingDays('2026-10-13', -2)).toBe('2026-10-10');
    expect(addWorkingDays('2026-10-08', -1)).toBe('2026-09-30');
    expect(addWorkingDays('2026-02-24', -1)).toBe('2026-02-14');
  });

  it('returns the date itself for zero', () => {
    expect(addWorkingDays('2026-10-03', 0)).toBe('2026-10-03');
  });

  it('finds the nearest working day on either side', () => {
    expect(nextWorkingDayOnOrAfter('2026-10-01')).toBe('2026-10-08');
    expect(nextWorkingDayOnOrAfter('2026-10-10')).toBe('2026-10-10');
    expect(nextWorkingDayOnOrAfter('2026-02-15')).toBe('2026-02-24');
    expect(previousWorkingDayOnOrBefore('2026-10-07')).toBe('2026-09-30');
    expect(previousWorkingDayOnOrBefore('2026-02-23')).toBe('2026-02-14');
  });

  it('counts working days between dates, inverting addWorkingDays', () => {
    expect(workingDaysBetween('2026-09-28', '2026-10-13')).toBe(7);
    expect(workingDaysBetween('2026-10-01', '2026-10-07')).toBe(0);
    expect(workingDaysBetween('2026-02-13', '2026-02-28')).toBe(6);
    expect(workingDaysBetween('2026-10-13', '2026-10-13')).toBe(0);
    expect(workingDaysBetween('2026-10-13', '2026-10-10')).toBe(-2);
  });

  it('round-trips addWorkingDays through workingDaysBetween for any date and count', () => {
    const start = Date.UTC(2025, 0, 1);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 700 }), fc.integer({ min: -30, max: 30 }), (offset, n) => {
        const from = addCalendarDays(new Date(start).toISOString().slice(0, 10), offset);
        expect(workingDaysBetween(from, addWorkingDays(from, n))).toBe(n);
      }),
      { numRuns: 200 },
    );
  });

  it('refuses fractional counts and malformed dates', () => {
    expect(() => addWorkingDays('2026-10-01', 1.5)).toThrow(RangeError);
    expect(() => isWorkingDay('2026/10/01')).toThrow(RangeError);
  });
});

describe('coverage', () => {
  it('reports which years have official data', () => {
    expect(calendarCoverage(2004)).toBe('official');
    expect(calendarCoverage(2026)).toBe('official');
    expect(calendarCoverage(2003)).toBe('weekdays_only');
    expect(calendarCoverage(2027)).toBe('weekdays_only');
  });

  it('falls back to Monday–Friday for an uncovered year', () => {
    expect(isWorkingDay('2030-01-01')).toBe(true);
    expect(isWorkingDay('2030-01-05')).toBe(false);
    expect(addWorkingDays('2030-01-04', 1)).toBe('2030-01-07');
  });

  it('reports a range that reaches an uncovered year', () => {
    expect(rangeCoverage('2026-01-01', '2026-12-31')).toBe('official');
    expect(rangeCoverage('2026-11-30', '2027-03-01')).toBe('weekdays_only');
    expect(rangeCoverage('2027-03-01', '2026-11-30')).toBe('weekdays_only');
  });
});

describe('remembering calendar', () => {
  it('answers exactly like the package over holidays, make-up days and an uncovered year, asked twice', () => {
    const calendar = createWorkingCalendar();
    for (const pass of [1, 2]) {
      for (let offset = 0; offset < 800; offset++) {
        const date = addCalendarDays('2025-12-01', offset);
        expect(calendar.isWorkingDay(date), `${date} pass ${pass}`).toBe(isWorkingDay(date));
        for (const n of [-2, 1, 7])
          expect(calendar.addWorkingDays(date, n), `${date} ${n}`).toBe(addWorkingDays(date, n));
      }
    }
    expect(calendar.workingDaysBetween('2026-09-28', '2026-10-13')).toBe(7);
    expect(calendar.nextWorkingDayOnOrAfter('2026-10-01')).toBe('2026-10-08');
    expect(calendar.previousWorkingDayOnOrBefore('2026-02-23')).toBe('2026-02-14');
    expect(calendar.rangeCoverage('2026-11-30', '2027-03-01')).toBe('weekdays_only');
  });

  it('still refuses malformed dates and fractional counts, and does not remember them', () => {
    const calendar = createWorkingCalendar();
    for (const pass of [1, 2]) {
      expect(() => calendar.isWorkingDay('2026/10/01'), `pass ${pass}`).toThrow(RangeError);
      expect(() => calendar.addWorkingDays('2026-10-01', 1.5), `pass ${pass}`).toThrow(RangeError);
      expect(() => calendar.addWorkingDays('2026-13-01', 1), `pass ${pass}`).toThrow(RangeError);
    }
  });
});

describe('host time zone', () => {
  const original = process.env.TZ;
  afterEach(() => {
    process.env.TZ = original;
  });

  it.each(['America/Los_Angeles', 'UTC', 'Asia/Shanghai', 'Pacific/Kiritimati'])(
    'gives the same answers when the process runs in %s',
    (zone) => {
      process.env.TZ = zone;
      expect(isWorkingDay('2026-10-10')).toBe(true);
      expect(isWorkingDay('2026-10-01')).toBe(false);
      expect(isWorkingDay('2026-02-14')).toBe(true);
      expect(addWorkingDays('2026-09-28', 7)).toBe('2026-10-13');
    },
  );
});
