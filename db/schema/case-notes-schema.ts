// Drizzle table for internal notes on a case (备注): seen by the owning group and the office, stored encrypted.
import { index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { cases } from './cases-schema.js';
import { people } from './registry-schema.js';

export const caseNotes = pgTable(
  'case_notes',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    caseId: integer('case_id')
      .notNull()
      .references(() => cases.id, { onDelete: 'cascade' }),
    // Audit label of the writer (`wechat:12`, `token:3`, …) and, for a person, who they are.
    actor: text('actor').notNull(),
    authorPersonId: integer('author_person_id').references(() => people.id),
    // The name shown beside the note, as it was when written.
    authorName: text('author_name').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    // AES-256-GCM with the data key (api/security/field-cipher.ts); never in clear.
    textEnc: text('text_enc').notNull(),
  },
  (t) => [index('case_notes_case_idx').on(t.caseId, t.at)],
);
