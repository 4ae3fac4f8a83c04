// Drizzle table for phone links: a prosecutor's short-lived link to one case's page in WeChat's browser.
import { index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { cases } from './cases-schema.js';
import { groups, people } from './registry-schema.js';

export const phoneLinks = pgTable(
  'phone_links',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    // SHA-256 of the link's token; the token itself is only ever in the WeChat message.
    tokenHash: text('token_hash').notNull().unique(),
    caseId: integer('case_id')
      .notNull()
      .references(() => cases.id, { onDelete: 'cascade' }),
    // The prosecutor the link acts as.
    personId: integer('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    // The group that owned the case when the link was made: a transfer away ends the link, even a transfer back.
    groupId: integer('group_id')
      .notNull()
      .references(() => groups.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    revokedBy: text('revoked_by'),
  },
  (t) => [index('phone_links_case_idx').on(t.caseId), index('phone_links_person_idx').on(t.personId)],
);
