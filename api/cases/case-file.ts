// The case file's reports: every message that joined the case, in full (decrypted), its chat record and attachments.
import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/create-db.js';
import { messages } from '../../db/schema/index.js';
import { type ChatRecordLine, splitChatRecord } from '../../intents/index.js';
import type { AttachmentStore } from '../attachments/attachment-store.js';
import { toIsoShanghai } from '../http/time-format.js';
import { mediationView } from '../mediation/mediation-view.js';
import type { FieldCipher } from '../security/field-cipher.js';
import { caseNotes } from './case-notes.js';

export const attachmentMetaSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  mimeType: z.string(),
  size: z.number().int(),
  sha256: z.string(),
});

/** One report as the case file shows it; who sent it is not here (that is the audited reporter path). */
export const reportSchema = z.object({
  receivedAt: z.string(),
  type: z.string(),
  /** Null once retention purged it. */
  text: z.string().nullable(),
  chatRecord: z.array(z.object({ speaker: z.string(), time: z.string(), text: z.string() })).nullable(),
  attachments: z.array(attachmentMetaSchema),
});

export type ReportView = z.infer<typeof reportSchema>;

/** A forwarded record, or a pasted one with at least two speakers: one "他说 10:30" line is not a record. */
function chatRecordOf(type: string, text: string): ChatRecordLine[] | null {
  const lines = splitChatRecord(text);
  return lines && (type === 'chat_history' || lines.length >= 2) ? lines : null;
}

export function createCaseFile(deps: { cipher: FieldCipher; attachments: AttachmentStore }) {
  return {
    reports: (db: Db, caseId: number) => reportsOf(deps, db, caseId),
    notes: (db: Db, caseId: number) => caseNotes(db, deps.cipher, caseId),
    mediation: (db: Db, caseId: number) => mediationView(db, deps.cipher, caseId),
  };
}

export type CaseFile = ReturnType<typeof createCaseFile>;

async function reportsOf(
  deps: { cipher: FieldCipher; attachments: AttachmentStore },
  db: Db,
  caseId: number,
): Promise<ReportView[]> {
  const rows = await db
    .select({
      messageId: messages.messageId,
      type: messages.type,
      text: messages.text,
      receivedAt: messages.receivedAt,
    })
    .from(messages)
    .where(eq(messages.caseId, caseId))
    .orderBy(asc(messages.receivedAt), asc(messages.id));
  const files = await deps.attachments.forMessages(
    db,
    rows.map((r) => r.messageId),
  );
  return rows.map((r) => {
    const text = r.text === null ? null : deps.cipher.decrypt(r.text);
    return {
      receivedAt: toIsoShanghai(r.receivedAt),
      type: r.type,
      text,
      chatRecord: text === null ? null : chatRecordOf(r.type, text),
      attachments: files.get(r.messageId) ?? [],
    };
  });
}
