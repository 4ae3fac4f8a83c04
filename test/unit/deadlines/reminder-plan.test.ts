// The reminder planner: right reminders at the right times, once each, deferred in quiet hours.
import { describe, expect, it } from 'vitest';
import { createReminderPlanner, type OpenDeadline } from '../../../api/deadlines/reminder-plan.js';
import { shanghaiEndOfDay } from '../../../api/deadlines/shanghai-time.js';

const planner = createReminderPlanner();
const shanghai = (iso: string) => new Date(`${iso}+08:00`);

// Received 2026-09-28: procedural reply due end of 2026-10-13 (National Day, make-up Saturday Oct 10).
const procedural: OpenDeadline = {
  caseNo: 'GL-2026-000001',
  kind: 'procedural',
  dueAt: shanghaiEndOfDay('2026-10-13'),
};
const substantive: OpenDeadline = {
  caseNo: 'GL-2026-000001',
  kind: 'substantive',
  dueAt: shanghaiEndOfDay('2026-12-28'),
};

const keysAt = (deadlines: OpenDeadline[], iso: string) =>
  planner.plan(deadlines, shanghai(iso)).map((r) => r.key);

describe('procedural reminders', () => {
  it('reminds 2 working days before at 09:00, counting the make-up Saturday', () => {
    expect(keysAt([procedural], '2026-10-10T08:59:59')).toEqual([]);
    const [reminder, ...rest] = planner.plan([procedural], shanghai('2026-10-10T09:00:00'));
    expect(rest).toEqual([]);
    expect(reminder).toEqual({
      key: 'GL-2026-000001:procedural@2026-10-13:before:2026-10-10',
      caseNo: 'GL-2026-000001',
      deadlineKind: 'procedural',
      reminderKind: 'before',
      dueAt: procedural.dueAt,
      fireAt: shanghai('2026-10-10T09:00:00'),
      audience: 'assignee',
      deferToDigest: false,
    });
  });

  it('keeps planning the same key until the next reminder is due, so the store sends it once', () => {
    expect(keysAt([procedural], '2026-10-12T15:00:00')).toEqual([
      'GL-2026-000001:procedural@2026-10-13:before:2026-10-10',
    ]);
    expect(keysAt([procedural], '2026-10-13T08:59:00')).toEqual([
      'GL-2026-000001:procedural@2026-10-13:before:2026-10-10',
    ]);
  });

  it('reminds on the due day at 09:00', () => {
    const reminders = planner.plan([procedural], shanghai('2026-10-13T09:00:00'));
    expect(reminders.map((r) => [r.reminderKind, r.fireAt.toISOString()])).toEqual([
      ['due_today', '2026-10-13T01:00:00.000Z'],
    ]);
  });

  it('reminds daily while overdue and escalates to the group leader after 1 working day overdue', () => {
    expect(keysAt([procedural], '2026-10-14T09:00:00')).toEqual([
      'GL-2026-000001:procedural@2026-10-13:overdue:2026-10-14',
    ]);
    const reminders = planner.plan([procedural], shanghai('2026-10-15T09:00:00'));
    expect(reminders.map((r) => [r.key, r.audience])).toEqual([
      ['GL-2026-000001:procedural@2026-10-13:escalation:2026-10-15', 'group_leader'],
      ['GL-2026-000001:procedural@2026-10-13:overdue:2026-10-15', 'assignee'],
    ]);
  });

  it('waits over a weekend before escalating', () => {
    const friday: OpenDeadline = { ...procedural, dueAt: shanghaiEndOfDay('2026-10-16') };
    const kindsAt = (iso: string) => planner.plan([friday], shanghai(iso)).map((r) => r.reminderKind);
    expect(kindsAt('2026-10-19T10:00:00')).toEqual(['overdue']);
    expect(kindsAt('2026-10-20T08:59:00')).toEqual(['overdue']);
    expect(kindsAt('2026-10-20T09:00:00')).toEqual(['escalation', 'overdue']);
  });

  it('does not count National Day as a working day overdue', () => {
    const beforeHoliday: OpenDeadline = { ...procedural, dueAt: shanghaiEndOfDay('2026-09-30') };
    const escalation = (iso: string) =>
      planner.plan([beforeHoliday], shanghai(iso)).filter((r) => r.reminderKind === 'escalation');
    expect(escalation('2026-10-07T12:00:00')).toEqual([]);
    expect(escalation('2026-10-08T12:00:00')).toEqual([]);
    expect(escalation('2026-10-09T09:00:00').map((r) => r.key)).toEqual([
      'GL-2026-000001:procedural@2026-09-30:escalation:2026-10-09',
    ]);
  });
});

describe('substantive and progress reminders', () => {
  it('reminds 14 and 3 calendar days before, then on the day', () => {
    expect(keysAt([substantive], '2026-12-14T08:00:00')).toEqual([]);
    expect(keysAt([substantive], '2026-12-14T09:00:00')).toEqual([
      'GL-2026-000001:substantive@2026-12-28:before:2026-12-14',
    ]);
    expect(keysAt([substantive], '2026-12-25T09:30:00')).toEqual([
      'GL-2026-000001:substantive@2026-12-28:before:2026-12-25',
    ]);
    expect(keysAt([substantive], '2026-12-28T09:30:00')).toEqual([
      'GL-2026-000001:substantive@2026-12-28:due_today:2026-12-28',
    ]);
  });

  it('gives separate keys to two progress deadlines of one case', () => {
    const first: OpenDeadline = {
      caseNo: 'GL-2026-000002',
      kind: 'progress',
      dueAt: shanghaiEndOfDay('2026-11-03'),
    };
    const second: OpenDeadline = { ...first, dueAt: shanghaiEndOfDay('2026-12-03') };
    const reminders = planner.plan([first, second], shanghai('2026-11-19T09:00:00'));
    expect(reminders.map((r) => r.key)).toEqual([
      'GL-2026-000002:progress@2026-11-03:escalation:2026-11-05',
      'GL-2026-000002:progress@2026-11-03:overdue:2026-11-19',
      'GL-2026-000002:progress@2026-12-03:before:2026-11-19',
    ]);
  });

  it('uses working days for the judicial-aid materials notice', () => {
    const aid: OpenDeadline = {
      caseNo: 'GL-2026-000003',
      kind: 'aid_notice',
      dueAt: shanghaiEndOfDay('2026-10-08'),
    };
    expect(keysAt([aid], '2026-09-29T09:00:00')).toEqual([
      'GL-2026-000003:aid_notice@2026-10-08:before:2026-09-29',
    ]);
  });
});

describe('after downtime', () => {
  it('sends only the latest reminder of each deadline, not a burst for the missed days', () => {
    const reminders = planner.plan([procedural], shanghai('2026-10-20T10:00:00'));
    expect(reminders.map((r) => r.key)).toEqual([
      'GL-2026-000001:procedural@2026-10-13:escalation:2026-10-15',
      'GL-2026-000001:procedural@2026-10-13:overdue:2026-10-20',
    ]);
  });

  it('skips the 14-day reminder when the 3-day one is already due', () => {
    expect(keysAt([substantive], '2026-12-26T10:00:00')).toEqual([
      'GL-2026-000001:substantive@2026-12-28:before:2026-12-25',
    ]);
  });

  it("sends yesterday's overdue reminder before today's 09:00", () => {
    expect(keysAt([procedural], '2026-10-20T08:30:00')).toContain(
      'GL-2026-000001:procedural@2026-10-13:overdue:2026-10-19',
    );
  });
});

describe('a sweep every 20 minutes over the life of a deadline', () => {
  it('plans each reminder once under a stable key, with no duplicates and nothing missed', () => {
    const seen = new Map<string, number>();
    const start = shanghai('2026-09-28T10:00:00').getTime();
    const end = shanghai('2026-10-19T23:00:00').getTime();
    for (let t = start; t <= end; t += 20 * 60_000) {
      for (const reminder of planner.plan([procedural], new Date(t))) {
        if (!seen.has(reminder.key)) seen.set(reminder.key, t);
        expect(reminder.fireAt.getTime()).toBeLessThanOrEqual(t);
      }
    }
    expect([...seen.keys()]).toEqual([
      'GL-2026-000001:procedural@2026-10-13:before:2026-10-10',
      'GL-2026-000001:procedural@2026-10-13:due_today:2026-10-13',
      'GL-2026-000001:procedural@2026-10-13:overdue:2026-10-14',
      'GL-2026-000001:procedural@2026-10-13:escalation:2026-10-15',
      'GL-2026-000001:procedural@2026-10-13:overdue:2026-10-15',
      'GL-2026-000001:procedural@2026-10-13:overdue:2026-10-16',
      'GL-2026-000001:procedural@2026-10-13:overdue:2026-10-17',
      'GL-2026-000001:procedural@2026-10-13:overdue:2026-10-18',
      'GL-2026-000001:procedural@2026-10-13:overdue:2026-10-19',
    ]);
    // Each was first planned at its 09:00 fire time, never at night.
    for (const firstPlannedAt of seen.values()) {
      expect(new Date(firstPlannedAt).toISOString().slice(11, 16)).toBe('01:00');
    }
  });

  it('plans the same reminders when run twice at the same instant', () => {
    const now = shanghai('2026-10-15T11:00:00');
    expect(planner.plan([procedural, substantive], now)).toEqual(
      planner.plan([procedural, substantive], now),
    );
  });
});

describe('quiet hours', () => {
  it('are 21:00–08:00 Shanghai by default', () => {
    expect(planner.isQuietHours(shanghai('2026-10-14T20:59:59'))).toBe(false);
    expect(planner.isQuietHours(shanghai('2026-10-14T21:00:00'))).toBe(true);
    expect(planner.isQuietHours(shanghai('2026-10-15T03:00:00'))).toBe(true);
    expect(planner.isQuietHours(shanghai('2026-10-15T07:59:59'))).toBe(true);
    expect(planner.isQuietHours(shanghai('2026-10-15T08:00:00'))).toBe(false);
    // 23:30 Shanghai is 15:30 UTC
    expect(planner.isQuietHours(new Date('2026-10-14T15:30:00Z'))).toBe(true);
  });

  it('find the next moment a push may go out', () => {
    const noon = shanghai('2026-10-14T12:00:00');
    expect(planner.nextPushWindowStart(noon)).toEqual(noon);
    expect(planner.nextPushWindowStart(shanghai('2026-10-14T22:00:00'))).toEqual(
      shanghai('2026-10-15T08:00:00'),
    );
    expect(planner.nextPushWindowStart(shanghai('2026-10-15T03:00:00'))).toEqual(
      shanghai('2026-10-15T08:00:00'),
    );
  });

  it('defer reminders planned at night to the morning digest', () => {
    const reminders = planner.plan([procedural], shanghai('2026-10-15T22:00:00'));
    expect(reminders.map((r) => [r.reminderKind, r.deferToDigest])).toEqual([
      ['escalation', true],
      ['overdue', true],
    ]);
    expect(planner.plan([procedural], shanghai('2026-10-15T20:00:00')).every((r) => !r.deferToDigest)).toBe(
      true,
    );
  });

  it('are configurable, including a window that does not cross midnight', () => {
    const late = createReminderPlanner({ quietHours: { start: '22:00', end: '07:00' } });
    expect(late.isQuietHours(shanghai('2026-10-14T21:30:00'))).toBe(false);
    expect(late.isQuietHours(shanghai('2026-10-15T06:59:00'))).toBe(true);
    const lunch = createReminderPlanner({ quietHours: { start: '12:00', end: '13:30' } });
    expect(lunch.isQuietHours(shanghai('2026-10-14T12:30:00'))).toBe(true);
    expect(lunch.isQuietHours(shanghai('2026-10-14T22:00:00'))).toBe(false);
    expect(lunch.nextPushWindowStart(shanghai('2026-10-14T12:30:00'))).toEqual(
      shanghai('2026-10-14T13:30:00'),
    );
  });
});

describe('morning digest', () => {
  it('is due once a day from 08:30 Shanghai', () => {
    expect(planner.digestDue(shanghai('2026-10-15T08:29:00'), '2026-10-14')).toBe(false);
    expect(planner.digestDue(shanghai('2026-10-15T08:30:00'), '2026-10-14')).toBe(true);
    expect(planner.digestDue(shanghai('2026-10-15T08:30:00'), null)).toBe(true);
    expect(planner.digestDue(shanghai('2026-10-15T15:00:00'), '2026-10-15')).toBe(false);
  });

  it('is caught up later in the day after downtime, but never pushed at night', () => {
    expect(planner.digestDue(shanghai('2026-10-15T14:00:00'), '2026-10-13')).toBe(true);
    expect(planner.digestDue(shanghai('2026-10-15T22:00:00'), '2026-10-14')).toBe(false);
  });

  it('takes another time', () => {
    const early = createReminderPlanner({ digestTime: '08:05' });
    expect(early.digestDue(shanghai('2026-10-15T08:05:00'), '2026-10-14')).toBe(true);
  });
});

describe('configuration', () => {
  it('can keep overdue reminders to working days', () => {
    const weekdays = createReminderPlanner({ overdueOnWorkingDaysOnly: true });
    expect(weekdays.plan([procedural], shanghai('2026-10-18T10:00:00')).map((r) => r.key)).toContain(
      'GL-2026-000001:procedural@2026-10-13:overdue:2026-10-16',
    );
  });

  it('takes other reminder times and offsets', () => {
    const custom = createReminderPlanner({
      reminderTime: '10:00',
      before: { procedural: { unit: 'working_days', offsets: [3, 1] } },
    });
    expect(custom.plan([procedural], shanghai('2026-10-09T10:00:00')).map((r) => r.key)).toEqual([
      'GL-2026-000001:procedural@2026-10-13:before:2026-10-09',
    ]);
    expect(custom.plan([procedural], shanghai('2026-10-12T09:59:00')).map((r) => r.key)).toEqual([
      'GL-2026-000001:procedural@2026-10-13:before:2026-10-09',
    ]);
    expect(custom.config.before.substantive.offsets).toEqual([14, 3]);
  });

  it('refuses malformed configuration', () => {
    expect(() => createReminderPlanner({ reminderTime: '9am' })).toThrow(RangeError);
    expect(() => createReminderPlanner({ quietHours: { start: '25:00' } })).toThrow(RangeError);
    expect(() =>
      createReminderPlanner({ before: { progress: { unit: 'calendar_days', offsets: [0] } } }),
    ).toThrow(RangeError);
  });
});

describe('nextReminderAt: when the sweep must look at a case again', () => {
  const keysAt = (p: typeof planner, deadlines: OpenDeadline[], t: number) =>
    new Set(p.plan(deadlines, new Date(t)).map((r) => r.key));

  for (const [name, p] of [
    ['default', planner],
    [
      'overdue on working days only, escalating after 2',
      createReminderPlanner({ overdueOnWorkingDaysOnly: true, escalateAfterWorkingDays: 2 }),
    ],
  ] as const)
    it(`no new reminder appears before it, and one does at it (${name})`, () => {
      const deadlines = [procedural, substantive];
      let t = shanghai('2026-09-20T10:00:00').getTime();
      const end = shanghai('2027-01-20T10:00:00').getTime();
      let wakes = 0;
      while (t < end) {
        const next = p.nextReminderAt(deadlines, new Date(t));
        expect(next).not.toBeNull();
        const n = next!.getTime();
        expect(n).toBeGreaterThan(t);
        const before = keysAt(p, deadlines, t);
        // Every 3 hours up to it, nothing the planner did not already give at t.
        for (let s = t + 3 * 3_600_000; s < n; s += 3 * 3_600_000)
          for (const key of keysAt(p, deadlines, s)) expect(before.has(key), key).toBe(true);
        for (const key of keysAt(p, deadlines, n - 1)) expect(before.has(key), key).toBe(true);
        expect([...keysAt(p, deadlines, n)].some((key) => !before.has(key))).toBe(true);
        t = n;
        wakes++;
      }
      // Two before-reminders and the due day for each, then one wake a day while overdue: not one per sweep.
      expect(wakes).toBeLessThan(130);
    });

  it('owes nothing when there is no open deadline', () => {
    expect(planner.nextReminderAt([], shanghai('2026-10-15T11:00:00'))).toBeNull();
  });
});
