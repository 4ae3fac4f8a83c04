// Re-encrypts every encrypted column from the old data key to a new one, all rows in one transaction.
import { eq, isNotNull } from 'drizzle-orm';
import type { Db } from '../../db/create-db.js';
import {
  attachments,
  caseEvents,
  caseNotes,
  cases,
  messages,
  outbox,
  people,
  sealedKeys,
  workRecords,
} from '../../db/schema/index.js';
import { storedBlob } from '../attachments/attachment-store.js';
import { createFieldCipher, type FieldCipher, FieldCipherError } from './field-cipher.js';

export interface RotationResult {
  /** Rows re-encrypted, per table.column. */
  rotated: Record<string, number>;
}

export class DataKeyRotationError extends Error {
  override name = 'DataKeyRotationError';
}

/**
 * Every column that holds field-cipher text blobs (binary ones: rotateAttachments). A new encrypted column
 * must be listed here, or rotation would leave it readable only with the retired key.
 */
const ENCRYPTED_COLUMNS = [
  {
    name: 'people.phone_enc',
    table: people,
    id: people.id,
    column: people.phoneEnc,
    update: (tx: Db, rowId: number | string, blob: string) =>
      tx
        .update(people)
        .set({ phoneEnc: blob })
        .where(eq(people.id, Number(rowId))),
  },
  {
    name: 'messages.text',
    table: messages,
    id: messages.id,
    column: messages.text,
    update: (tx: Db, rowId: number | string, blob: string) =>
      tx
        .update(messages)
        .set({ text: blob })
        .where(eq(messages.id, Number(rowId))),
  },
  {
    name: 'case_notes.text_enc',
    table: caseNotes,
    id: caseNotes.id,
    column: caseNotes.textEnc,
    update: (tx: Db, rowId: number | string, blob: string) =>
      tx
        .update(caseNotes)
        .set({ textEnc: blob })
        .where(eq(caseNotes.id, Number(rowId))),
  },
  {
    name: 'cases.summary_enc',
    table: cases,
    id: cases.id,
    column: cases.summaryEnc,
    update: (tx: Db, rowId: number | string, blob: string) =>
      tx
        .update(cases)
        .set({ summaryEnc: blob })
        .where(eq(cases.id, Number(rowId))),
  },
  {
    name: 'case_events.words_enc',
    table: caseEvents,
    id: caseEvents.id,
    column: caseEvents.wordsEnc,
    update: (tx: Db, rowId: number | string, blob: string) =>
      tx
        .update(caseEvents)
        .set({ wordsEnc: blob })
        .where(eq(caseEvents.id, Number(rowId))),
  },
  {
    name: 'work_records.note_enc',
    table: workRecords,
    id: workRecords.id,
    column: workRecords.noteEnc,
    update: (tx: Db, rowId: number | string, blob: string) =>
      tx
        .update(workRecords)
        .set({ noteEnc: blob })
        .where(eq(workRecords.id, Number(rowId))),
  },
  {
    name: 'outbox.text_enc',
    table: outbox,
    id: outbox.id,
    column: outbox.textEnc,
    update: (tx: Db, rowId: number | string, blob: string) =>
      tx
        .update(outbox)
        .set({ textEnc: blob })
        .where(eq(outbox.id, String(rowId))),
  },
] as const;

/** Attachments (binary blobs up to 20 MB) one row at a time, so memory holds one file, not all of them. */
async function rotateAttachments(tx: Db, from: FieldCipher, to: FieldCipher): Promise<number> {
  const ids = await tx
    .select({ id: attachments.id })
    .from(attachments)
    .where(isNotNull(attachments.data))
    .orderBy(attachments.id)
    .for('update');
  for (const { id } of ids) {
    const blob = await storedBlob(tx, id);
    if (!blob) continue;
    let clear: Buffer;
    try {
      clear = from.decryptBytes(blob);
    } catch (error) {
      if (!(error instanceof FieldCipherError)) throw error;
      throw new DataKeyRotationError(
        `attachments.data of row ${id} cannot be decrypted with the current key; nothing was changed`,
      );
    }
    const encryptor = to.bytesEncryptor();
    encryptor.update(clear);
    await tx.update(attachments).set({ data: encryptor.final() }).where(eq(attachments.id, id));
  }
  return ids.length;
}

/** Secrets sealed with the data key (the keyed-hash key): re-sealed, never replaced, so every hash stays valid. */
async function resealKeys(tx: Db, from: FieldCipher, to: FieldCipher): Promise<number> {
  const rows = await tx.select().from(sealedKeys).orderBy(sealedKeys.name).for('update');
  for (const row of rows) {
    let clear: string;
    try {
      clear = from.decrypt(row.sealed);
    } catch (error) {
      if (!(error instanceof FieldCipherError)) throw error;
      throw new DataKeyRotationError(
        `sealed_keys.sealed of ${row.name} cannot be decrypted with the current key; nothing was changed`,
      );
    }
    await tx
      .update(sealedKeys)
      .set({ sealed: to.encrypt(clear) })
      .where(eq(sealedKeys.name, row.name));
  }
  return rows.length;
}

export async function rotateDataKey(deps: {
  db: Db;
  oldKey: Buffer;
  newKey: Buffer;
}): Promise<RotationResult> {
  if (deps.oldKey.equals(deps.newKey))
    throw new DataKeyRotationError('the new key is the same as the old key');
  const from = createFieldCipher(deps.oldKey);
  const to = createFieldCipher(deps.newKey);
  const rotated: Record<string, number> = {};
  await deps.db.transaction(async (tx) => {
    for (const { name, table, id, column, update } of ENCRYPTED_COLUMNS) {
      const rows = await tx
        .select({ id, blob: column })
        .from(table)
        .where(isNotNull(column))
        .orderBy(id)
        .for('update');
      for (const row of rows) {
        let clear: string;
        try {
          clear = from.decrypt(row.blob!);
        } catch (error) {
          if (!(error instanceof FieldCipherError)) throw error;
          // Nothing is written: the transaction rolls back and every row keeps its old key.
          throw new DataKeyRotationError(
            `${name} of row ${row.id} cannot be decrypted with the current key; nothing was changed`,
          );
        }
        await update(tx, row.id, to.encrypt(clear));
      }
      rotated[name] = rows.length;
    }
    rotated['attachments.data'] = await rotateAttachments(tx, from, to);
    rotated['sealed_keys.sealed'] = await resealKeys(tx, from, to);
  });
  return { rotated };
}
