// When the deadline sweep must next plan each case's reminders: a narrow table, so the sweep never writes cases.
import { sql } from 'drizzle-orm';
import { index, integer, pgTable, timestamp } from 'drizzle-orm/pg-core';
import { cases } from './cases-schema.js';

/**
 * One row per case that has had an open deadline. Triggers on `cases` keep it in step (migration
 * 0022): a new case with an open deadline, and any change to a column the deadline rules read, set
 * `next_reminder_at` to the epoch ("plan me at the next sweep"), or to null once nothing is owed; the sweep
 * writes the planner's next instant. Kept apart from `cases` because the sweep rewrites 100,000 of these at
 * once after a bulk change: here that is a 3-column row and two indexes, in `cases` it was a wide row and 18.
 */
export const caseReminders = pgTable(
  'case_reminders',
  {
    caseId: integer('case_id')
      .primaryKey()
      .references(() => cases.id, { onDelete: 'cascade' }),
    // Null: the case owes no reminder until one of its deadline columns changes.
    nextReminderAt: timestamp('next_reminder_at', { withTimezone: true }),
  },
  (t) => [
    // The sweep reads only the cases whose next reminder is due, in the order it claims them: with the id in
    // the key the planner takes this index even when its statistics still say every row is due.
    index('case_reminders_next_idx')
      .on(t.nextReminderAt, t.caseId)
      .where(sql`${t.nextReminderAt} is not null`),
  ],
);
