// Drizzle table for return visits (回访): a dissatisfied survey answer becomes a task for the group leader.
import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { cases } from './cases-schema.js';
import { groups, people } from './registry-schema.js';

export const RETURN_VISIT_STATES = ['open', 'done'] as const;

export const returnVisits = pgTable(
  'return_visits',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    // One return visit per case: a second 不满意 on the same case is the same task.
    caseId: integer('case_id')
      .notNull()
      .unique()
      .references(() => cases.id, { onDelete: 'cascade' }),
    groupId: integer('group_id').references(() => groups.id),
    leaderId: integer('leader_id').references(() => people.id),
    state: text('state', { enum: RETURN_VISIT_STATES }).notNull().default('open'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    doneAt: timestamp('done_at', { withTimezone: true }),
  },
  (t) => [index('return_visits_open_due_idx').on(t.dueAt).where(sql`${t.state} = 'open'`)],
);
