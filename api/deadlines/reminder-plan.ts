// Decides which deadline reminders are due at a given instant; the sweep stores them under their keys.
import { addCalendarDays, type LocalDate } from './local-date.js';
import {
  type BeforeSchedule,
  DEFAULT_BEFORE_SCHEDULES,
  type DeadlineKind,
  type OpenDeadline,
} from './open-deadlines.js';
import {
  type ClockTime,
  clockTimeToMinutes,
  shanghaiAt,
  shanghaiMinuteOfDay,
  toShanghaiDate,
} from './shanghai-time.js';
import { createWorkingCalendar, type WorkingCalendar } from './working-calendar.js';

export type { BeforeSchedule, DeadlineKind, OpenDeadline };
export type ReminderKind = 'before' | 'due_today' | 'overdue' | 'escalation';
export type ReminderAudience = 'assignee' | 'group_leader';

export interface PlannedReminder {
  /** Unique per case, deadline, reminder kind and occurrence: insert with ON CONFLICT DO NOTHING. */
  key: string;
  caseNo: string;
  deadlineKind: DeadlineKind;
  reminderKind: ReminderKind;
  dueAt: Date;
  fireAt: Date;
  audience: ReminderAudience;
  /** Planned during quiet hours: goes into the next morning digest, never pushed at night. */
  deferToDigest: boolean;
}

export interface ReminderConfig {
  reminderTime: ClockTime;
  before: Readonly<Record<DeadlineKind, BeforeSchedule>>;
  escalateAfterWorkingDays: number;
  /** Send the daily overdue reminder on working days only (default: every day, as the rules say). */
  overdueOnWorkingDaysOnly: boolean;
  quietHours: { start: ClockTime; end: ClockTime };
  digestTime: ClockTime;
}

const DEFAULT_BEFORE: Readonly<Record<DeadlineKind, BeforeSchedule>> = DEFAULT_BEFORE_SCHEDULES;

export const DEFAULT_REMINDER_CONFIG: Readonly<ReminderConfig> = Object.freeze({
  reminderTime: '09:00',
  before: DEFAULT_BEFORE,
  escalateAfterWorkingDays: 1,
  overdueOnWorkingDaysOnly: false,
  quietHours: Object.freeze({ start: '21:00', end: '08:00' }),
  digestTime: '08:30',
});

export interface ReminderPlanner {
  readonly config: Readonly<ReminderConfig>;
  /** Reminders whose time has come at `now`: per deadline only the latest assignee reminder, plus any escalation. */
  plan(deadlines: readonly OpenDeadline[], now: Date): PlannedReminder[];
  /**
   * The first instant after `now` at which `plan` would give a reminder it does not give at `now` (the next
   * 'before', the due day, the next day overdue, the escalation); null when the deadlines owe no more reminders.
   * The sweep stores it as case_reminders.next_reminder_at and does not look at the case again until then.
   */
  nextReminderAt(deadlines: readonly OpenDeadline[], now: Date): Date | null;
  isQuietHours(instant: Date): boolean;
  /** `instant` itself outside quiet hours, else the moment quiet hours end. */
  nextPushWindowStart(instant: Date): Date;
  /** Whether today's morning digest should go out now, given the Shanghai date of the last one. */
  digestDue(now: Date, lastDigestLocalDate: LocalDate | null): boolean;
}

export type ReminderConfigInput = Partial<Omit<ReminderConfig, 'before' | 'quietHours'>> & {
  before?: Partial<Record<DeadlineKind, BeforeSchedule>>;
  quietHours?: Partial<ReminderConfig['quietHours']>;
};

function resolveConfig(input: ReminderConfigInput): Readonly<ReminderConfig> {
  const config: ReminderConfig = {
    ...DEFAULT_REMINDER_CONFIG,
    ...input,
    before: { ...DEFAULT_REMINDER_CONFIG.before, ...input.before },
    quietHours: { ...DEFAULT_REMINDER_CONFIG.quietHours, ...input.quietHours },
  };
  for (const time of [
    config.reminderTime,
    config.digestTime,
    config.quietHours.start,
    config.quietHours.end,
  ]) {
    clockTimeToMinutes(time);
  }
  for (const [kind, schedule] of Object.entries(config.before)) {
    if (schedule.offsets.some((offset) => !Number.isInteger(offset) || offset < 1)) {
      throw new RangeError(`reminder offsets for ${kind} must be positive integers`);
    }
  }
  if (!Number.isInteger(config.escalateAfterWorkingDays) || config.escalateAfterWorkingDays < 0) {
    throw new RangeError('escalateAfterWorkingDays must be a whole number');
  }
  return Object.freeze(config);
}

interface Occurrence {
  reminderKind: ReminderKind;
  fireDate: LocalDate;
  fireAt: Date;
}

export function createReminderPlanner(
  input: ReminderConfigInput = {},
  calendar: WorkingCalendar = createWorkingCalendar(),
): ReminderPlanner {
  const config = resolveConfig(input);
  const quietStart = clockTimeToMinutes(config.quietHours.start);
  const quietEnd = clockTimeToMinutes(config.quietHours.end);
  const at = (date: LocalDate): Date => shanghaiAt(date, config.reminderTime);

  const isQuietHours = (instant: Date): boolean => {
    const minute = shanghaiMinuteOfDay(instant);
    if (quietStart === quietEnd) return false;
    return quietStart < quietEnd
      ? minute >= quietStart && minute < quietEnd
      : minute >= quietStart || minute < quietEnd;
  };

  const nextPushWindowStart = (instant: Date): Date => {
    if (!isQuietHours(instant)) return instant;
    const today = toShanghaiDate(instant);
    const endToday = shanghaiAt(today, config.quietHours.end);
    return endToday.getTime() > instant.getTime()
      ? endToday
      : shanghaiAt(addCalendarDays(today, 1), config.quietHours.end);
  };

  // The one day whose reminder is the latest already due: today once reminder time has passed, else yesterday.
  const latestOverdueDate = (dueDate: LocalDate, now: Date): LocalDate | null => {
    const today = toShanghaiDate(now);
    let date = at(today).getTime() <= now.getTime() ? today : addCalendarDays(today, -1);
    if (config.overdueOnWorkingDaysOnly) date = calendar.previousWorkingDayOnOrBefore(date);
    return date > dueDate ? date : null;
  };

  const assigneeOccurrences = (deadline: OpenDeadline, now: Date): Occurrence[] => {
    const dueDate = toShanghaiDate(deadline.dueAt);
    const schedule = config.before[deadline.kind];
    const occurrences: Occurrence[] = schedule.offsets.map((offset) => {
      const fireDate =
        schedule.unit === 'working_days'
          ? calendar.addWorkingDays(dueDate, -offset)
          : addCalendarDays(dueDate, -offset);
      return { reminderKind: 'before', fireDate, fireAt: at(fireDate) };
    });
    occurrences.push({ reminderKind: 'due_today', fireDate: dueDate, fireAt: at(dueDate) });
    const overdueDate = latestOverdueDate(dueDate, now);
    if (overdueDate)
      occurrences.push({ reminderKind: 'overdue', fireDate: overdueDate, fireAt: at(overdueDate) });
    return occurrences;
  };

  const toReminder = (
    deadline: OpenDeadline,
    occurrence: Occurrence,
    audience: ReminderAudience,
    deferToDigest: boolean,
  ): PlannedReminder => ({
    key: `${deadline.caseNo}:${deadline.kind}@${toShanghaiDate(deadline.dueAt)}:${occurrence.reminderKind}:${occurrence.fireDate}`,
    caseNo: deadline.caseNo,
    deadlineKind: deadline.kind,
    reminderKind: occurrence.reminderKind,
    dueAt: deadline.dueAt,
    fireAt: occurrence.fireAt,
    audience,
    deferToDigest,
  });

  const plan = (deadlines: readonly OpenDeadline[], now: Date): PlannedReminder[] => {
    const deferToDigest = isQuietHours(now);
    const reminders: PlannedReminder[] = [];
    for (const deadline of deadlines) {
      const dueAt = deadline.dueAt.getTime();
      // A 'before' or 'due_today' reminder is meaningless once its deadline has passed.
      const fired = assigneeOccurrences(deadline, now).filter(
        (o) =>
          o.fireAt.getTime() <= now.getTime() && (o.reminderKind === 'overdue' || o.fireAt.getTime() < dueAt),
      );
      // Only the latest due occurrence: a sweep after downtime sends one reminder, not a burst.
      const latest = fired.reduce<Occurrence | null>(
        (best, o) => (best === null || o.fireAt.getTime() > best.fireAt.getTime() ? o : best),
        null,
      );
      if (latest) reminders.push(toReminder(deadline, latest, 'assignee', deferToDigest));

      if (now.getTime() > dueAt) {
        // "After N working days overdue": the N working days following the due day must all pass.
        const fireDate = calendar.addWorkingDays(
          toShanghaiDate(deadline.dueAt),
          config.escalateAfterWorkingDays + 1,
        );
        const fireAt = at(fireDate);
        if (fireAt.getTime() <= now.getTime()) {
          reminders.push(
            toReminder(
              deadline,
              { reminderKind: 'escalation', fireDate, fireAt },
              'group_leader',
              deferToDigest,
            ),
          );
        }
      }
    }
    return reminders.sort((a, b) => a.fireAt.getTime() - b.fireAt.getTime() || a.key.localeCompare(b.key));
  };

  const nextReminderAt = (deadlines: readonly OpenDeadline[], now: Date): Date | null => {
    const t = now.getTime();
    let next: number | null = null;
    const consider = (instant: Date) => {
      const at_ = instant.getTime();
      if (at_ > t && (next === null || at_ < next)) next = at_;
    };
    const today = toShanghaiDate(now);
    for (const deadline of deadlines) {
      const dueDate = toShanghaiDate(deadline.dueAt);
      // 'before' and 'due_today' count only before the deadline passes (as in plan).
      for (const o of assigneeOccurrences(deadline, now))
        if (o.reminderKind !== 'overdue' && o.fireAt.getTime() < deadline.dueAt.getTime()) consider(o.fireAt);
      // The next daily overdue reminder: the first day after the due day whose reminder time is still ahead.
      let day = at(today).getTime() > t ? today : addCalendarDays(today, 1);
      if (day <= dueDate) day = addCalendarDays(dueDate, 1);
      if (config.overdueOnWorkingDaysOnly) day = calendar.nextWorkingDayOnOrAfter(day);
      consider(at(day));
      consider(at(calendar.addWorkingDays(dueDate, config.escalateAfterWorkingDays + 1)));
    }
    return next === null ? null : new Date(next);
  };

  const digestDue = (now: Date, lastDigestLocalDate: LocalDate | null): boolean => {
    const today = toShanghaiDate(now);
    if (lastDigestLocalDate !== null && lastDigestLocalDate >= today) return false;
    return shanghaiAt(today, config.digestTime).getTime() <= now.getTime() && !isQuietHours(now);
  };

  return { config, plan, nextReminderAt, isQuietHours, nextPushWindowStart, digestDue };
}
