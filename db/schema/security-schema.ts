// Drizzle tables for API tokens (stored hashed), secrets sealed with the data key, and the audit log.
import { index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { people } from './registry-schema.js';

export const TOKEN_ROLES = ['admin', 'office', 'group_leader', 'prosecutor', 'bot'] as const;
export type TokenRole = (typeof TOKEN_ROLES)[number];

export const apiTokens = pgTable('api_tokens', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  tokenHash: text('token_hash').notNull().unique(),
  role: text('role', { enum: TOKEN_ROLES }).notNull(),
  personId: integer('person_id').references(() => people.id),
  label: text('label'),
  expiresAt: timestamp('expires_at', { withTimezone: true }),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const auditLog = pgTable(
  'audit_log',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    subject: text('subject').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [index('audit_log_at_idx').on(t.at)],
);

// Secrets the service makes for itself (the keyed-hash key), kept encrypted with the data key so a
// database dump alone cannot recompute a hash; rotate-key re-seals them, so the secret itself never changes.
export const sealedKeys = pgTable('sealed_keys', {
  name: text('name').primaryKey(),
  sealed: text('sealed').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
