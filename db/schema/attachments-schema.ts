// Drizzle table for message attachments (photos, files, voice, video), kept encrypted in the database itself.
import { type SQL, sql } from 'drizzle-orm';
import { customType, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * bytea as a Buffer on both drivers. Written as base64 decoded by the database: PGlite encodes a binary
 * parameter in JavaScript byte by byte (a 20 MB file took about a minute), decode() does it in C.
 */
const bytea = customType<{ data: Buffer; driverData: Uint8Array | SQL }>({
  dataType: () => 'bytea',
  toDriver: (value) => sql`decode(${value.toString('base64')}, 'base64')`,
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value as Uint8Array)),
});

export const attachments = pgTable(
  'attachments',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    // The WeChat message that carried the file: one file per message, and a replayed upload is recognised.
    messageId: text('message_id').notNull().unique(),
    name: text('name').notNull(),
    mimeType: text('mime_type').notNull(),
    size: integer('size').notNull(),
    // Of the clear bytes, so a copy handed out can be checked against what WeChat delivered.
    sha256: text('sha256').notNull(),
    // AES-256-GCM with the data key (field-cipher bytes format); null once purged by retention.
    data: bytea('data'),
    purgedAt: timestamp('purged_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('attachments_created_idx').on(t.createdAt)],
);

/** Reads the stored blob as base64 (decoded in JavaScript): several times faster than bytea on PGlite. */
export const attachmentDataBase64 = sql<string | null>`encode(${attachments.data}, 'base64')`;
