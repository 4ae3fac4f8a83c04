// Keeps the attachments the bot uploads (streamed, size- and type-checked, sha256 recorded) encrypted in the database.
import { createHash } from 'node:crypto';
import { eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/create-db.js';
import { attachmentDataBase64, attachments } from '../../db/schema/index.js';
import { AppError, BadRequestError, ConflictError } from '../http/domain-errors.js';
import type { FieldCipher } from '../security/field-cipher.js';
import {
  contentMatchesType,
  isAllowedMimeType,
  MAX_ATTACHMENT_BYTES,
  plainMimeType,
  SIGNATURE_BYTES,
} from './attachment-policy.js';

export interface AttachmentMeta {
  id: number;
  name: string;
  mimeType: string;
  size: number;
  sha256: string;
}

export interface NewAttachment {
  messageId: string;
  name: string;
  mimeType: string;
  /** The bytes as they arrive; never held in the clear beyond one chunk. */
  body: AsyncIterable<Uint8Array>;
  /** Content-Length when the sender gave one: an oversized upload is refused before it is read. */
  declaredLength?: number | undefined;
}

export class AttachmentTooLargeError extends AppError {
  constructor(limit: number) {
    super('attachment_too_large', `an attachment may be at most ${limit} bytes`, 413);
  }
}

export class AttachmentTypeError extends AppError {
  constructor(message: string) {
    super('attachment_type_not_allowed', message, 415);
  }
}

const META = {
  id: attachments.id,
  name: attachments.name,
  mimeType: attachments.mimeType,
  size: attachments.size,
  sha256: attachments.sha256,
};

export function createAttachmentStore(deps: { db: Db; cipher: FieldCipher; maxBytes?: number }) {
  const { db, cipher } = deps;
  const maxBytes = deps.maxBytes ?? MAX_ATTACHMENT_BYTES;

  async function existing(messageId: string): Promise<AttachmentMeta | null> {
    const [row] = await db.select(META).from(attachments).where(eq(attachments.messageId, messageId));
    return row ?? null;
  }

  return {
    maxBytes,

    /** Stores one message's attachment; nothing is written unless every check passes. */
    async save(input: NewAttachment): Promise<AttachmentMeta> {
      const name = input.name.replace(/[\\/]/g, '_').trim();
      if (!name)
        throw new BadRequestError('the attachment needs a file name', undefined, 'attachment_name_required');
      const mimeType = plainMimeType(input.mimeType);
      if (!isAllowedMimeType(mimeType))
        throw new AttachmentTypeError(`attachments of type "${mimeType.slice(0, 100)}" are not accepted`);
      if (input.declaredLength !== undefined && input.declaredLength > maxBytes)
        throw new AttachmentTooLargeError(maxBytes);
      const before = await existing(input.messageId);
      if (before)
        throw new ConflictError(
          `message ${input.messageId} already has attachment ${before.id}`,
          'attachment_exists',
        );

      const hash = createHash('sha256');
      const encryptor = cipher.bytesEncryptor();
      let size = 0;
      let head = Buffer.alloc(0);
      for await (const chunk of input.body) {
        size += chunk.byteLength;
        if (size > maxBytes) throw new AttachmentTooLargeError(maxBytes);
        if (head.length < SIGNATURE_BYTES) {
          head = Buffer.concat([head, chunk.subarray(0, SIGNATURE_BYTES - head.length)]);
          if (head.length >= SIGNATURE_BYTES && !contentMatchesType(head, mimeType))
            throw new AttachmentTypeError(`the file's content is not ${mimeType}`);
        }
        hash.update(chunk);
        encryptor.update(chunk);
      }
      if (size === 0) throw new BadRequestError('the attachment is empty', undefined, 'attachment_empty');
      if (!contentMatchesType(head, mimeType))
        throw new AttachmentTypeError(`the file's content is not ${mimeType}`);

      const [row] = await db
        .insert(attachments)
        .values({
          messageId: input.messageId,
          name: name.slice(0, 200),
          mimeType,
          size,
          sha256: hash.digest('hex'),
          data: encryptor.final(),
        })
        .onConflictDoNothing({ target: attachments.messageId })
        .returning(META);
      // A concurrent upload of the same message won: this one changes nothing.
      if (!row)
        throw new ConflictError(`message ${input.messageId} already has an attachment`, 'attachment_exists');
      return row;
    },

    /** Attachments of the given WeChat messages, by message id. */
    async forMessages(tx: Db, messageIds: string[]): Promise<Map<string, AttachmentMeta[]>> {
      const byMessage = new Map<string, AttachmentMeta[]>();
      if (messageIds.length === 0) return byMessage;
      const rows = await tx
        .select({ ...META, messageId: attachments.messageId })
        .from(attachments)
        .where(inArray(attachments.messageId, messageIds))
        .orderBy(attachments.id);
      for (const { messageId, ...meta } of rows)
        byMessage.set(messageId, [...(byMessage.get(messageId) ?? []), meta]);
      return byMessage;
    },

    async meta(
      tx: Db,
      id: number,
    ): Promise<(AttachmentMeta & { messageId: string; purged: boolean }) | null> {
      const [row] = await tx
        .select({ ...META, messageId: attachments.messageId, purgedAt: attachments.purgedAt })
        .from(attachments)
        .where(eq(attachments.id, id));
      if (!row) return null;
      const { purgedAt, ...rest } = row;
      return { ...rest, purged: purgedAt !== null };
    },

    /** The clear bytes, or null when purged. */
    async bytes(tx: Db, id: number): Promise<Buffer | null> {
      const blob = await storedBlob(tx, id);
      return blob ? cipher.decryptBytes(blob) : null;
    },
  };
}

/** The encrypted blob of one attachment, or null when purged. */
export async function storedBlob(tx: Db, id: number): Promise<Buffer | null> {
  const [row] = await tx
    .select({ data: attachmentDataBase64 })
    .from(attachments)
    .where(eq(attachments.id, id));
  return row?.data ? Buffer.from(row.data, 'base64') : null;
}

export type AttachmentStore = ReturnType<typeof createAttachmentStore>;
