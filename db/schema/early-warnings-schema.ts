// Drizzle tables for early warning (several clues of one kind from one community) and the meetings held on it.
import { date, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { grids, groups } from './registry-schema.js';

export const earlyWarnings = pgTable(
  'early_warnings',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    gridId: integer('grid_id')
      .notNull()
      .references(() => grids.id),
    category: text('category').notNull(),
    groupId: integer('group_id').references(() => groups.id),
    clueCount: integer('clue_count').notNull(),
    windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
    proposedAt: timestamp('proposed_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('early_warnings_grid_category_idx').on(t.gridId, t.category, t.proposedAt)],
);

export const MEETING_KINDS = ['圆桌会议', '联席会议', '座谈会'] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];

export const meetings = pgTable(
  'meetings',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    kind: text('kind', { enum: MEETING_KINDS }).notNull(),
    groupId: integer('group_id').references(() => groups.id),
    gridId: integer('grid_id').references(() => grids.id),
    warningId: integer('warning_id').references(() => earlyWarnings.id),
    heldOn: date('held_on', { mode: 'string' }).notNull(),
    attendees: text('attendees').notNull(),
    outcome: text('outcome').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('meetings_held_idx').on(t.heldOn)],
);
