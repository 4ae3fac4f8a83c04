// The legal clocks across holidays, make-up Saturdays, month ends and late-night receipts.
import { describe, expect, it } from 'vitest';
import { createDeadlineRules, DEFAULT_DEADLINE_CONFIG } from '../../../api/deadlines/deadline-rules.js';
import { toShanghaiIso } from '../../../api/deadlines/shanghai-time.js';

const rules = createDeadlineRules();
const shanghai = (iso: string) => new Date(`${iso}+08:00`);
const iso = (d: Date) => toShanghaiIso(d);
const endOf = (localDate: string) => `${localDate}T23:59:59.999+08:00`;

describe('procedural reply (7 working days, receipt day not counted)', () => {
  it.each([
    ['2026-09-28T00:00:01', '2026-10-13'],
    ['2026-09-28T10:00:00', '2026-10-13'],
    ['2026-09-28T23:59:59', '2026-10-13'],
  ])('received %s → due end of %s across National Day with make-up Saturday Oct 10', (received, due) => {
    expect(iso(rules.proceduralDueAt(shanghai(received)))).toBe(endOf(due));
  });

  it('treats 23:30 Shanghai (15:30 UTC) as the Shanghai date, and 00:30 as the next one', () => {
    expect(iso(rules.proceduralDueAt(new Date('2026-09-28T15:30:00Z')))).toBe(endOf('2026-10-13'));
    expect(iso(rules.proceduralDueAt(new Date('2026-09-28T16:30:00Z')))).toBe(endOf('2026-10-14'));
  });

  it('counts from the day after a receipt on a public holiday', () => {
    // Oct 8, 9, 10 (make-up Sat), 12, 13, 14, 15
    expect(iso(rules.proceduralDueAt(shanghai('2026-10-03T11:00:00')))).toBe(endOf('2026-10-15'));
  });

  it('spans Spring Festival 2026 with both make-up Saturdays counted', () => {
    // Feb 13, 14 (make-up Sat), 24, 25, 26, 27, 28 (make-up Sat)
    expect(iso(rules.proceduralDueAt(shanghai('2026-02-12T09:00:00')))).toBe(endOf('2026-02-28'));
    // Feb 14 (make-up Sat), 24, 25, 26, 27, 28 (make-up Sat), Mar 2
    expect(iso(rules.proceduralDueAt(shanghai('2026-02-13T16:00:00')))).toBe(endOf('2026-03-02'));
    // Received mid-holiday: Feb 24, 25, 26, 27, 28 (make-up Sat), Mar 2, Mar 3
    expect(iso(rules.proceduralDueAt(shanghai('2026-02-18T12:00:00')))).toBe(endOf('2026-03-03'));
  });

  it('counts a receipt on a make-up Saturday like any other day', () => {
    // Oct 12, 13, 14, 15, 16, 19, 20
    expect(iso(rules.proceduralDueAt(shanghai('2026-10-10T15:00:00')))).toBe(endOf('2026-10-20'));
  });
});

describe('substantive reply (3 calendar months, moved off rest days)', () => {
  it('ends on the corresponding day of the month', () => {
    expect(iso(rules.substantiveDueAt(shanghai('2026-09-28T10:00:00')))).toBe(endOf('2026-12-28'));
  });

  it('uses the Shanghai date of a late-night receipt', () => {
    expect(iso(rules.substantiveDueAt(new Date('2026-05-31T15:30:00Z')))).toBe(endOf('2026-08-31'));
  });

  it("ends on the month's last day when there is no corresponding day, then moves to a working day", () => {
    // Nov 30, 2026 → Feb 28, 2027 is a Sunday → Monday Mar 1 (2027 by the Mon–Fri fallback)
    expect(iso(rules.substantiveDueAt(shanghai('2026-11-30T10:00:00')))).toBe(endOf('2027-03-01'));
    // Leap year: Nov 30, 2027 → Feb 29, 2028 (a Tuesday)
    expect(iso(rules.substantiveDueAt(shanghai('2027-11-30T10:00:00')))).toBe(endOf('2028-02-29'));
    // Oct 31, 2025 → Jan 31, 2026 is a Saturday → Monday Feb 2
    expect(iso(rules.substantiveDueAt(shanghai('2025-10-31T10:00:00')))).toBe(endOf('2026-02-02'));
  });

  it('moves a deadline falling in Spring Festival or National Day to the first working day after', () => {
    expect(iso(rules.substantiveDueAt(shanghai('2025-11-18T10:00:00')))).toBe(endOf('2026-02-24'));
    expect(iso(rules.substantiveDueAt(shanghai('2026-07-02T10:00:00')))).toBe(endOf('2026-10-08'));
  });

  it('keeps a deadline that falls on a make-up Saturday', () => {
    expect(iso(rules.substantiveDueAt(shanghai('2026-07-10T10:00:00')))).toBe(endOf('2026-10-10'));
    expect(iso(rules.substantiveDueAt(shanghai('2025-11-28T10:00:00')))).toBe(endOf('2026-02-28'));
  });
});

describe('progress replies (monthly after the substantive deadline)', () => {
  it('counts each from the receipt date so month-end clipping does not drift', () => {
    expect(rules.progressDueAts(shanghai('2026-11-30T10:00:00'), 4).map(iso)).toEqual([
      endOf('2027-03-30'),
      endOf('2027-04-30'),
      endOf('2027-05-31'),
      endOf('2027-06-30'),
    ]);
  });

  it('moves progress deadlines off rest days and holidays', () => {
    // Received Jun 3, 2026: substantive Sep 3; progress Oct 3 (holiday) → Oct 8, Nov 3, Dec 3
    expect(rules.progressDueAts(shanghai('2026-06-03T10:00:00'), 3).map(iso)).toEqual([
      endOf('2026-10-08'),
      endOf('2026-11-03'),
      endOf('2026-12-03'),
    ]);
  });

  it('finds the next progress deadline strictly after an instant', () => {
    const received = shanghai('2026-06-03T10:00:00');
    expect(iso(rules.nextProgressDueAt(received, shanghai('2026-07-01T00:00:00')))).toBe(endOf('2026-10-08'));
    expect(iso(rules.nextProgressDueAt(received, shanghai('2026-10-08T12:00:00')))).toBe(endOf('2026-10-08'));
    expect(iso(rules.nextProgressDueAt(received, rules.progressDueAt(received, 1)))).toBe(
      endOf('2026-11-03'),
    );
    expect(iso(rules.nextProgressDueAt(received, shanghai('2026-11-20T10:00:00')))).toBe(endOf('2026-12-03'));
  });

  it('returns nothing for zero and refuses negative counts', () => {
    expect(rules.progressDueAts(shanghai('2026-06-03T10:00:00'), 0)).toEqual([]);
    expect(() => rules.progressDueAts(shanghai('2026-06-03T10:00:00'), -1)).toThrow(RangeError);
  });
});

describe('judicial aid', () => {
  it('gives 5 working days for the materials notice', () => {
    // Sep 29, 30, Oct 8, 9, 10 (make-up Sat)
    expect(iso(rules.aidMaterialsNoticeDueAt(shanghai('2026-09-28T10:00:00')))).toBe(endOf('2026-10-10'));
  });

  it('gives the applicant 30 calendar days from the notice, moved off a rest day', () => {
    expect(iso(rules.aidCompletionDueAt(shanghai('2026-03-02T10:00:00')))).toBe(endOf('2026-04-01'));
    // Sep 5 + 30 = Oct 5 (National Day) → Oct 8
    expect(iso(rules.aidCompletionDueAt(shanghai('2026-09-05T10:00:00')))).toBe(endOf('2026-10-08'));
    const strict = createDeadlineRules({ aidCompletionMovesOffRestDays: false });
    expect(iso(strict.aidCompletionDueAt(shanghai('2026-09-05T10:00:00')))).toBe(endOf('2026-10-05'));
  });
});

describe('configuration and coverage', () => {
  it('has the documented defaults', () => {
    expect(rules.config).toEqual(DEFAULT_DEADLINE_CONFIG);
    expect(rules.config.proceduralWorkingDays).toBe(7);
    expect(rules.config.substantiveMonths).toBe(3);
  });

  it('takes other periods', () => {
    const custom = createDeadlineRules({
      proceduralWorkingDays: 5,
      substantiveMonths: 2,
      progressEveryMonths: 2,
    });
    expect(iso(custom.proceduralDueAt(shanghai('2026-09-28T10:00:00')))).toBe(endOf('2026-10-10'));
    expect(iso(custom.substantiveDueAt(shanghai('2026-09-28T10:00:00')))).toBe(endOf('2026-11-30'));
    expect(iso(custom.progressDueAt(shanghai('2026-09-28T10:00:00'), 1))).toBe(endOf('2027-01-28'));
  });

  it('refuses nonsensical configuration and invalid instants', () => {
    expect(() => createDeadlineRules({ proceduralWorkingDays: 0 })).toThrow(RangeError);
    expect(() => createDeadlineRules({ substantiveMonths: 1.5 })).toThrow(RangeError);
    expect(() => rules.proceduralDueAt(new Date(Number.NaN))).toThrow(RangeError);
  });

  it('says when a deadline relies on the Mon–Fri guess', () => {
    const received = shanghai('2026-11-30T10:00:00');
    expect(rules.coverage(received, rules.proceduralDueAt(received))).toBe('official');
    expect(rules.coverage(received, rules.substantiveDueAt(received))).toBe('weekdays_only');
  });
});
