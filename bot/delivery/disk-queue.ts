// Inbound messages the API could not take yet, one encrypted file per WeChat message id.
import { createHash, randomBytes } from 'node:crypto';
import { access, link, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createFieldCipher } from '../../api/security/field-cipher.js';
import type { PostMessageBody } from '../api-client.js';

export interface ReplyTarget {
  kind: 'contact' | 'room';
  id: string;
}

/** A message's file waiting with it: uploaded before the message is posted. */
export interface QueuedFile {
  name: string;
  mimeType: string;
  base64: string;
}

export interface QueuedMessage {
  body: PostMessageBody;
  replyTo: ReplyTarget;
  queuedAt: string;
  file?: QueuedFile;
}

export interface DiskQueue {
  /** Writes the entry unless one for the same message id is already queued; true when written. */
  put(entry: QueuedMessage): Promise<boolean>;
  has(messageId: string): Promise<boolean>;
  remove(messageId: string): Promise<void>;
  /** Entries oldest first; unreadable files are skipped (and reported through onCorrupt). */
  list(): Promise<QueuedMessage[]>;
}

export interface DiskQueueOptions {
  dir: string;
  /** 32 bytes (see queue-key.ts): sender, text, phone and ID numbers wait on disk only encrypted. */
  key: Buffer;
  onCorrupt?: (file: string, error: unknown) => void;
}

const SUFFIX = '.json';
const ENCRYPTED = 'jwq1:';

export function createDiskQueue(options: DiskQueueOptions): DiskQueue {
  const { dir } = options;
  const cipher = createFieldCipher(options.key);
  const seal = (entry: QueuedMessage) => `${ENCRYPTED}${cipher.encrypt(JSON.stringify(entry))}`;

  /** An entry as stored; a clear one (queued by an older bot) is read, then rewritten encrypted. */
  async function readEntry(file: string): Promise<QueuedMessage> {
    const stored = await readFile(file, 'utf8');
    const clear = !stored.startsWith(ENCRYPTED);
    const entry = JSON.parse(
      clear ? stored : cipher.decrypt(stored.slice(ENCRYPTED.length)),
    ) as QueuedMessage;
    if (typeof entry?.body?.messageId !== 'string') throw new Error('missing body.messageId');
    if (clear) {
      const temp = join(dir, `.${randomBytes(8).toString('hex')}.tmp`);
      await writeFile(temp, seal(entry), { mode: 0o600 });
      await rename(temp, file);
    }
    return entry;
  }
  let ready: Promise<unknown> | undefined;
  const ensureDir = () => {
    ready ??= mkdir(dir, { recursive: true, mode: 0o700 });
    return ready;
  };
  // Message ids come from WeChat and may hold characters a file name cannot; a hash is always safe.
  const fileFor = (messageId: string) =>
    join(dir, `${createHash('sha256').update(messageId).digest('hex').slice(0, 40)}${SUFFIX}`);

  async function exists(file: string): Promise<boolean> {
    try {
      await access(file);
      return true;
    } catch {
      return false;
    }
  }

  return {
    async put(entry) {
      await ensureDir();
      const file = fileFor(entry.body.messageId);
      if (await exists(file)) return false;
      const temp = join(dir, `.${randomBytes(8).toString('hex')}.tmp`);
      // Write a temp file, then link it into place: a crash mid-write leaves a stray temp file, never
      // a half-written entry, and link (unlike rename) refuses to replace an entry queued meanwhile.
      await writeFile(temp, seal(entry), { mode: 0o600 });
      try {
        await link(temp, file);
        return true;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
        throw error;
      } finally {
        await rm(temp, { force: true });
      }
    },
    async has(messageId) {
      return exists(fileFor(messageId));
    },
    async remove(messageId) {
      await rm(fileFor(messageId), { force: true });
    },
    async list() {
      await ensureDir();
      const names = (await readdir(dir)).filter((name) => name.endsWith(SUFFIX) && !name.startsWith('.'));
      const entries: QueuedMessage[] = [];
      for (const name of names) {
        const file = join(dir, name);
        try {
          entries.push(await readEntry(file));
        } catch (error) {
          // Kept on disk: a file sealed with another key (BOT_TOKEN changed) is delivered once it is back.
          options.onCorrupt?.(file, error);
        }
      }
      return entries.sort((a, b) => a.queuedAt.localeCompare(b.queuedAt));
    },
  };
}
