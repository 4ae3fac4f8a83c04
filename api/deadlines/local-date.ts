// Calendar arithmetic on local dates written 'YYYY-MM-DD', independent of the host's time zone.

export type LocalDate = string;

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

export interface DateParts {
  year: number;
  month: number;
  day: number;
}

export function parseLocalDate(localDate: LocalDate): DateParts {
  const match = LOCAL_DATE.exec(localDate);
  if (!match) throw new RangeError(`not a local date (YYYY-MM-DD): ${localDate}`);
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new RangeError(`no such date: ${localDate}`);
  }
  return { year, month, day };
}

export function formatLocalDate({ year, month, day }: DateParts): LocalDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

// Day number since the epoch; UTC is used only as a time-zone-free arithmetic space.
function toDayNumber(localDate: LocalDate): number {
  const { year, month, day } = parseLocalDate(localDate);
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

function fromDayNumber(dayNumber: number): LocalDate {
  const d = new Date(dayNumber * DAY_MS);
  return formatLocalDate({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() });
}

export function addCalendarDays(localDate: LocalDate, days: number): LocalDate {
  if (!Number.isInteger(days)) throw new RangeError(`days must be an integer: ${days}`);
  return fromDayNumber(toDayNumber(localDate) + days);
}

/** Same day of the month `months` later, or that month's last day when it has no such day. */
export function addCalendarMonths(localDate: LocalDate, months: number): LocalDate {
  if (!Number.isInteger(months)) throw new RangeError(`months must be an integer: ${months}`);
  const { year, month, day } = parseLocalDate(localDate);
  const index = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(index / 12);
  const targetMonth = (index % 12) + 1;
  return formatLocalDate({
    year: targetYear,
    month: targetMonth,
    day: Math.min(day, daysInMonth(targetYear, targetMonth)),
  });
}

export function calendarDaysBetween(from: LocalDate, to: LocalDate): number {
  return toDayNumber(to) - toDayNumber(from);
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(localDate: LocalDate): number {
  return new Date(toDayNumber(localDate) * DAY_MS).getUTCDay();
}

export function yearOf(localDate: LocalDate): number {
  return parseLocalDate(localDate).year;
}
