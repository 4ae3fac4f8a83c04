// Drizzle table for the outbox: every message the bot must send, leased to the bot and acknowledged.
import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { cases } from './cases-schema.js';
import { notices } from './notices-schema.js';

export const OUTBOX_STATES = ['pending', 'leased', 'sent', 'dead'] as const;
export const RECIPIENT_KINDS = ['contact', 'room'] as const;

export const outbox = pgTable(
  'outbox',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    // Unique per reminder/reply so a sweep run twice, or by two processes, queues it once.
    dedupeKey: text('dedupe_key').notNull().unique(),
    toKind: text('to_kind', { enum: RECIPIENT_KINDS }).notNull(),
    toId: text('to_id').notNull(),
    // Encrypted with the data key until and after sending; the API decrypts only when it hands it to the bot.
    textEnc: text('text_enc').notNull(),
    purpose: text('purpose').notNull(),
    caseId: integer('case_id').references(() => cases.id),
    // A notice's copy to one room: its delivery counts are read from these rows.
    noticeId: integer('notice_id').references(() => notices.id),
    state: text('state', { enum: OUTBOX_STATES }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    availableAt: timestamp('available_at', { withTimezone: true }).notNull(),
    leaseUntil: timestamp('lease_until', { withTimezone: true }),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [
    index('outbox_ready_idx').on(t.availableAt).where(sql`${t.state} in ('pending', 'leased')`),
    index('outbox_case_idx').on(t.caseId),
    index('outbox_notice_idx').on(t.noticeId),
  ],
);
