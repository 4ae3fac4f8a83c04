// Drizzle tables for the 检察建议 register: suggestions served on units, their source cases, replies and ratings.
import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { cases } from './cases-schema.js';
import { groups } from './registry-schema.js';

export const SUGGESTION_TYPES = ['社会治理', '公益诉讼诉前', '诉讼监督', '其他'] as const;
export type SuggestionType = (typeof SUGGESTION_TYPES)[number];
export const SUGGESTION_OUTCOMES = ['adopted', 'partly', 'not_adopted'] as const;
export type SuggestionOutcome = (typeof SUGGESTION_OUTCOMES)[number];
export const SUGGESTION_RATINGS = ['excellent', 'good', 'fair', 'poor'] as const;
export type SuggestionRating = (typeof SUGGESTION_RATINGS)[number];

export const suggestions = pgTable(
  'suggestions',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    suggestionNo: text('suggestion_no').notNull().unique(),
    recipient: text('recipient').notNull(),
    type: text('type', { enum: SUGGESTION_TYPES }).notNull(),
    urgent: boolean('urgent').notNull().default(false),
    // The group that made it (of its first source case, or named): it is reminded, its leader escalated to.
    groupId: integer('group_id').references(() => groups.id),
    servedAt: timestamp('served_at', { withTimezone: true }).notNull(),
    replyDueAt: timestamp('reply_due_at', { withTimezone: true }).notNull(),
    // Which rule in suggestion-rules.ts set the due date, so a figure can be traced to its source.
    dueRule: text('due_rule').notNull(),
    outcome: text('outcome', { enum: SUGGESTION_OUTCOMES }),
    replyText: text('reply_text'),
    repliedAt: timestamp('replied_at', { withTimezone: true }),
    followUpNote: text('follow_up_note'),
    followUpAt: timestamp('follow_up_at', { withTimezone: true }),
    rating: text('rating', { enum: SUGGESTION_RATINGS }),
    remindedAt: timestamp('reminded_at', { withTimezone: true }),
    escalatedAt: timestamp('escalated_at', { withTimezone: true }),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('suggestions_awaiting_due_idx').on(t.replyDueAt).where(sql`${t.repliedAt} is null`),
    index('suggestions_served_idx').on(t.servedAt),
  ],
);

export const suggestionCases = pgTable(
  'suggestion_cases',
  {
    suggestionId: integer('suggestion_id')
      .notNull()
      .references(() => suggestions.id, { onDelete: 'cascade' }),
    caseId: integer('case_id')
      .notNull()
      .references(() => cases.id, { onDelete: 'cascade' }),
  },
  (t) => [
    primaryKey({ columns: [t.suggestionId, t.caseId] }),
    index('suggestion_cases_case_idx').on(t.caseId),
  ],
);
