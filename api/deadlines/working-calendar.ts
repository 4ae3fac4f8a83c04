// China's official working-day calendar (public holidays and make-up working days) from chinese-days,
// with a Monday–Friday fallback for years the package has no official arrangement for yet.
import chineseDays from 'chinese-days';
import { addCalendarDays, dayOfWeek, type LocalDate, parseLocalDate, yearOf } from './local-date.js';

/** 'official': the State Council arrangement is in the package; 'weekdays_only': Mon–Fri guessed. */
export type CalendarCoverage = 'official' | 'weekdays_only';

export interface WorkingCalendar {
  isWorkingDay(localDate: LocalDate): boolean;
  /** The n-th working day after localDate (n < 0: before it); localDate itself is never counted. */
  addWorkingDays(localDate: LocalDate, n: number): LocalDate;
  nextWorkingDayOnOrAfter(localDate: LocalDate): LocalDate;
  previousWorkingDayOnOrBefore(localDate: LocalDate): LocalDate;
  /** Working days in (from, to], or minus those in [to, from): inverts addWorkingDays. */
  workingDaysBetween(from: LocalDate, to: LocalDate): number;
  calendarCoverage(year: number): CalendarCoverage;
  /** 'weekdays_only' if any year touched by [from, to] lacks official data. */
  rangeCoverage(from: LocalDate, to: LocalDate): CalendarCoverage;
}

// chinese-days formats dates with the host's local getters, so it is handed local noon of the
// wanted day: that names the same calendar day in every host time zone.
function toPackageDate(localDate: LocalDate): Date {
  const { year, month, day } = parseLocalDate(localDate);
  return new Date(year, month - 1, day, 12);
}

export function calendarCoverage(year: number): CalendarCoverage {
  if (!Number.isInteger(year)) throw new RangeError(`year must be an integer: ${year}`);
  // Every official arrangement makes 1 January a public holiday; without one the year is not covered.
  const newYear = toPackageDate(`${String(year).padStart(4, '0')}-01-01`);
  return chineseDays.getHolidaysInRange(newYear, newYear, false).length > 0 ? 'official' : 'weekdays_only';
}

function lookUpWorkingDay(localDate: LocalDate, coverage: (year: number) => CalendarCoverage): boolean {
  if (coverage(yearOf(localDate)) === 'official') {
    return chineseDays.isWorkday(toPackageDate(localDate));
  }
  const weekday = dayOfWeek(localDate);
  return weekday >= 1 && weekday <= 5;
}

export function isWorkingDay(localDate: LocalDate): boolean {
  return lookUpWorkingDay(localDate, calendarCoverage);
}

/** The calendar's arithmetic over any working-day predicate and coverage lookup. */
function calendarOver(
  isWorking: (localDate: LocalDate) => boolean,
  coverage: (year: number) => CalendarCoverage,
): WorkingCalendar {
  const addWorking = (localDate: LocalDate, n: number): LocalDate => {
    if (!Number.isInteger(n)) throw new RangeError(`n must be an integer: ${n}`);
    const step = n < 0 ? -1 : 1;
    let remaining = Math.abs(n);
    let date = localDate;
    parseLocalDate(date);
    while (remaining > 0) {
      date = addCalendarDays(date, step);
      if (isWorking(date)) remaining--;
    }
    return date;
  };
  return {
    isWorkingDay: isWorking,
    addWorkingDays: addWorking,
    nextWorkingDayOnOrAfter: (localDate) => (isWorking(localDate) ? localDate : addWorking(localDate, 1)),
    previousWorkingDayOnOrBefore: (localDate) =>
      isWorking(localDate) ? localDate : addWorking(localDate, -1),
    workingDaysBetween(from, to) {
      parseLocalDate(from);
      parseLocalDate(to);
      const backwards = to < from;
      // Half-open on the far side so that workingDaysBetween(a, addWorkingDays(a, n)) === n for every n.
      let date = backwards ? to : addCalendarDays(from, 1);
      const end = backwards ? addCalendarDays(from, -1) : to;
      let count = 0;
      for (; date <= end; date = addCalendarDays(date, 1)) {
        if (isWorking(date)) count++;
      }
      return backwards ? -count : count;
    },
    calendarCoverage: coverage,
    rangeCoverage(from, to) {
      const [first, last] = from <= to ? [yearOf(from), yearOf(to)] : [yearOf(to), yearOf(from)];
      for (let year = first; year <= last; year++) {
        if (coverage(year) === 'weekdays_only') return 'weekdays_only';
      }
      return 'official';
    },
  };
}

/** Asks the package on every call; keeps no state. Long-lived services use createWorkingCalendar. */
export const officialWorkingCalendar: WorkingCalendar = Object.freeze(
  calendarOver(isWorkingDay, calendarCoverage),
);

export const {
  addWorkingDays,
  nextWorkingDayOnOrAfter,
  previousWorkingDayOnOrBefore,
  workingDaysBetween,
  rangeCoverage,
} = officialWorkingCalendar;

/**
 * The official calendar with its answers remembered per local date and year: the package's data is fixed,
 * and the sweep asks about the same few hundred dates for thousands of deadlines. Each instance owns its
 * caches, so nothing is shared between services built separately.
 */
export function createWorkingCalendar(): WorkingCalendar {
  const workingDays = new Map<LocalDate, boolean>();
  const coverages = new Map<number, CalendarCoverage>();
  const shifted = new Map<string, LocalDate>();
  const coverage = (year: number): CalendarCoverage => {
    let known = coverages.get(year);
    if (known === undefined) {
      known = calendarCoverage(year);
      coverages.set(year, known);
    }
    return known;
  };
  const isWorking = (localDate: LocalDate): boolean => {
    let known = workingDays.get(localDate);
    if (known === undefined) {
      // A malformed date throws here and so never becomes a key.
      known = lookUpWorkingDay(localDate, coverage);
      workingDays.set(localDate, known);
    }
    return known;
  };
  const base = calendarOver(isWorking, coverage);
  return Object.freeze({
    ...base,
    // The planner shifts each deadline's date by the same few offsets; the walk is remembered too.
    addWorkingDays(localDate: LocalDate, n: number): LocalDate {
      const key = `${localDate}|${n}`;
      let date = shifted.get(key);
      if (date === undefined) {
        date = base.addWorkingDays(localDate, n);
        shifted.set(key, date);
      }
      return date;
    },
  });
}
