// Drizzle tables for console sign-in: one-time codes sent through WeChat and the sessions they open.
import { index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { people } from './registry-schema.js';
import { TOKEN_ROLES } from './security-schema.js';

export const loginCodes = pgTable('login_codes', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  // One pending code per person: a new 登录 replaces the old one.
  personId: integer('person_id')
    .notNull()
    .unique()
    .references(() => people.id, { onDelete: 'cascade' }),
  // HMAC of the code under a random per-code salt; the code itself is never stored.
  codeHash: text('code_hash').notNull(),
  salt: text('salt').notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  failedAttempts: integer('failed_attempts').notNull().default(0),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});

export const consoleSessions = pgTable(
  'console_sessions',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    // SHA-256 of the cookie's random value; the value itself is only ever in the browser.
    tokenHash: text('token_hash').notNull().unique(),
    role: text('role', { enum: TOKEN_ROLES }).notNull(),
    personId: integer('person_id').references(() => people.id, { onDelete: 'cascade' }),
    actor: text('actor').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('console_sessions_last_seen_idx').on(t.lastSeenAt)],
);
