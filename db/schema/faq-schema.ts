// Drizzle table for the legal FAQ the bot answers from: reviewed entries the office edits and retires.
import { index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import type { FaqSource } from '../../intents/types.js';

export const faqEntries = pgTable(
  'faq_entries',
  {
    // Stable, readable ids (labour-wage-arrears): the reviewed file and the audit log refer to them.
    id: text('id').primaryKey(),
    topic: text('topic').notNull(),
    question: text('question').notNull(),
    alternatives: jsonb('alternatives').$type<string[]>().notNull().default([]),
    answer: text('answer').notNull(),
    sources: jsonb('sources').$type<FaqSource[]>().notNull(),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }).notNull(),
    reviewedBy: text('reviewed_by'),
    reviewNotes: text('review_notes'),
    // Retired entries are kept (the audit log points at them) but never answered.
    retiredAt: timestamp('retired_at', { withTimezone: true }),
    retiredBy: text('retired_by'),
    retiredReason: text('retired_reason'),
    // Bumped on every change: API processes compare sum(revision) to know their matcher is stale.
    revision: integer('revision').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('faq_entries_topic_idx').on(t.topic)],
);
