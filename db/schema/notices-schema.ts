// Drizzle table for notices (普法通知) to opted-in bound group chats: drafted, approved by a group leader, sent.
import { index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { lectureRequests } from './lectures-schema.js';
import { grids, groups, people } from './registry-schema.js';

export const NOTICE_STATES = ['draft', 'approved'] as const;
export const NOTICE_SOURCES = ['manual', 'legal_day', 'lecture'] as const;

export const notices = pgTable(
  'notices',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    // The group whose communities' rooms it goes to, and whose leader approves it.
    groupId: integer('group_id')
      .notNull()
      .references(() => groups.id),
    // One community (or grassroots grid) only; null: every community the group owns.
    gridId: integer('grid_id').references(() => grids.id),
    // A public announcement, written to be posted in group chats: kept in clear.
    text: text('text').notNull(),
    source: text('source', { enum: NOTICE_SOURCES }).notNull(),
    lectureId: integer('lecture_id').references(() => lectureRequests.id),
    // The legal day (YYYY-MM-DD) a legal_day notice is for.
    legalDay: text('legal_day'),
    state: text('state', { enum: NOTICE_STATES }).notNull().default('draft'),
    draftedById: integer('drafted_by_id').references(() => people.id),
    draftedBy: text('drafted_by').notNull(),
    approvedBy: text('approved_by'),
    approvedAt: timestamp('approved_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('notices_group_state_idx').on(t.groupId, t.state)],
);
