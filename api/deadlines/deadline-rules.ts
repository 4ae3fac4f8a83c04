// The legal clocks: when the procedural, substantive, progress and judicial-aid replies fall due.
import { addCalendarDays, addCalendarMonths, type LocalDate } from './local-date.js';
import { shanghaiEndOfDay, toShanghaiDate } from './shanghai-time.js';
import { type CalendarCoverage, createWorkingCalendar, type WorkingCalendar } from './working-calendar.js';

export interface DeadlineConfig {
  proceduralWorkingDays: number;
  substantiveMonths: number;
  progressEveryMonths: number;
  aidMaterialsNoticeWorkingDays: number;
  aidCompletionDays: number;
  /** A period whose last day is a rest day ends on the next working day (Civil Code art. 203). */
  aidCompletionMovesOffRestDays: boolean;
}

export const DEFAULT_DEADLINE_CONFIG: Readonly<DeadlineConfig> = Object.freeze({
  proceduralWorkingDays: 7,
  substantiveMonths: 3,
  progressEveryMonths: 1,
  aidMaterialsNoticeWorkingDays: 5,
  aidCompletionDays: 30,
  aidCompletionMovesOffRestDays: true,
});

export interface DeadlineRules {
  readonly config: Readonly<DeadlineConfig>;
  proceduralDueAt(receivedAt: Date): Date;
  substantiveDueAt(receivedAt: Date): Date;
  /** The index-th progress deadline (1 = first after the substantive one). */
  progressDueAt(receivedAt: Date, index: number): Date;
  progressDueAts(receivedAt: Date, count: number): Date[];
  /** The earliest progress deadline strictly later than `after`. */
  nextProgressDueAt(receivedAt: Date, after: Date): Date;
  aidMaterialsNoticeDueAt(receivedAt: Date): Date;
  aidCompletionDueAt(noticeSentAt: Date): Date;
  /** Whether the working days between two instants come from official data or a Mon–Fri guess. */
  coverage(from: Date, to: Date): CalendarCoverage;
}

function assertPositiveInteger(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1)
    throw new RangeError(`${name} must be a positive integer: ${value}`);
}

export function createDeadlineRules(
  config: Partial<DeadlineConfig> = {},
  calendar: WorkingCalendar = createWorkingCalendar(),
): DeadlineRules {
  const resolved: Readonly<DeadlineConfig> = Object.freeze({ ...DEFAULT_DEADLINE_CONFIG, ...config });
  assertPositiveInteger('proceduralWorkingDays', resolved.proceduralWorkingDays);
  assertPositiveInteger('substantiveMonths', resolved.substantiveMonths);
  assertPositiveInteger('progressEveryMonths', resolved.progressEveryMonths);
  assertPositiveInteger('aidMaterialsNoticeWorkingDays', resolved.aidMaterialsNoticeWorkingDays);
  assertPositiveInteger('aidCompletionDays', resolved.aidCompletionDays);

  // The day of receipt is never counted: every period starts on the following day.
  const afterWorkingDays = (from: Date, days: number): Date =>
    shanghaiEndOfDay(calendar.addWorkingDays(toShanghaiDate(from), days));

  const monthsFromReceipt = (receivedAt: Date, months: number): Date => {
    const lastDay: LocalDate = addCalendarMonths(toShanghaiDate(receivedAt), months);
    return shanghaiEndOfDay(calendar.nextWorkingDayOnOrAfter(lastDay));
  };

  // Each progress deadline is counted from the receipt date, not from the previous (possibly moved
  // or month-end-clipped) deadline, so that Nov 30 gives Feb 28, Mar 30, Apr 30 rather than drifting.
  const progressDueAt = (receivedAt: Date, index: number): Date => {
    assertPositiveInteger('index', index);
    return monthsFromReceipt(receivedAt, resolved.substantiveMonths + index * resolved.progressEveryMonths);
  };

  return {
    config: resolved,
    proceduralDueAt: (receivedAt) => afterWorkingDays(receivedAt, resolved.proceduralWorkingDays),
    substantiveDueAt: (receivedAt) => monthsFromReceipt(receivedAt, resolved.substantiveMonths),
    progressDueAt,
    progressDueAts: (receivedAt, count) => {
      if (!Number.isInteger(count) || count < 0)
        throw new RangeError(`count must be a whole number: ${count}`);
      return Array.from({ length: count }, (_, i) => progressDueAt(receivedAt, i + 1));
    },
    nextProgressDueAt: (receivedAt, after) => {
      if (Number.isNaN(after.getTime())) throw new RangeError('after must be a valid Date');
      let index = 1;
      let due = progressDueAt(receivedAt, index);
      while (due.getTime() <= after.getTime()) {
        index++;
        due = progressDueAt(receivedAt, index);
      }
      return due;
    },
    aidMaterialsNoticeDueAt: (receivedAt) =>
      afterWorkingDays(receivedAt, resolved.aidMaterialsNoticeWorkingDays),
    aidCompletionDueAt: (noticeSentAt) => {
      const lastDay = addCalendarDays(toShanghaiDate(noticeSentAt), resolved.aidCompletionDays);
      return shanghaiEndOfDay(
        resolved.aidCompletionMovesOffRestDays ? calendar.nextWorkingDayOnOrAfter(lastDay) : lastDay,
      );
    },
    coverage: (from, to) => calendar.rangeCoverage(toShanghaiDate(from), toShanghaiDate(to)),
  };
}
