// Drizzle tables for inbound WeChat messages (idempotency by message id) and short bot dialogues.
import { index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { cases } from './cases-schema.js';
import { people } from './registry-schema.js';

export const messages = pgTable(
  'messages',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    // WeChat's own id: a replay after re-login carries the same one, so it is the idempotency key.
    messageId: text('message_id').notNull().unique(),
    // Null for an anonymous report: nothing in its row names the sender (see senderHash).
    fromWechatId: text('from_wechat_id'),
    // Anonymous reports only: the sender's keyed hash (purpose 'sender'), for per-sender limits and repeats.
    senderHash: text('sender_hash'),
    personId: integer('person_id').references(() => people.id),
    roomId: text('room_id'),
    type: text('type').notNull(),
    // Raw text is purged after the retention period; the case keeps its summary and events.
    text: text('text'),
    textPurgedAt: timestamp('text_purged_at', { withTimezone: true }),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    parse: jsonb('parse').$type<Record<string, unknown>>(),
    response: jsonb('response')
      .$type<{ caseNo?: string; reply: string | null; asked?: 'clarify' }>()
      .notNull(),
    caseId: integer('case_id').references(() => cases.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('messages_received_idx').on(t.receivedAt),
    index('messages_from_idx').on(t.fromWechatId),
    index('messages_sender_hash_idx').on(t.senderHash),
  ],
);

export const dialogues = pgTable('dialogues', {
  // One open dialogue per WeChat contact, e.g. waiting for the community they live in.
  wechatId: text('wechat_id').primaryKey(),
  kind: text('kind').notNull(),
  state: jsonb('state').$type<Record<string, unknown>>().notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
});
