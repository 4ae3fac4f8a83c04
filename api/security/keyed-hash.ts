// Keyed hashes (HMAC-SHA256, one derived key per purpose) under a secret kept in sealed_keys, sealed with the data key.
import { createHmac, randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/create-db.js';
import { sealedKeys } from '../../db/schema/index.js';
import type { FieldCipher } from './field-cipher.js';

export const HASH_KEY_NAME = 'hash';

/**
 * What a keyed hash is for, e.g. 'sender' or 'bigram': a hash made for one purpose never equals one
 * made for another, so a table of one cannot be joined to the other.
 */
export type HashPurpose = string;

export interface KeyedHash {
  /** 64 hex digits. `tx`: the caller's transaction, when there is one (PGlite has one connection). */
  hash(purpose: HashPurpose, value: string, tx?: Db): Promise<string>;
  /** A synchronous hasher for one purpose, for many values at once (a text's character bigrams). */
  hasher(purpose: HashPurpose, tx?: Db): Promise<(value: string) => string>;
}

/**
 * The secret is made on first use. It is cached only once read back from a committed row: one made
 * inside a transaction that then rolls back must not outlive it in memory.
 */
export function createKeyedHash(deps: { db: Db; cipher: FieldCipher }): KeyedHash {
  let secret: Buffer | null = null;
  const purposeKeys = new Map<string, Buffer>();

  async function load(tx: Db): Promise<Buffer> {
    if (secret) return secret;
    const [row] = await tx.select().from(sealedKeys).where(eq(sealedKeys.name, HASH_KEY_NAME));
    if (row) {
      secret = Buffer.from(deps.cipher.decrypt(row.sealed), 'base64');
      return secret;
    }
    const made = randomBytes(32);
    const [inserted] = await tx
      .insert(sealedKeys)
      .values({ name: HASH_KEY_NAME, sealed: deps.cipher.encrypt(made.toString('base64')) })
      .onConflictDoNothing()
      .returning({ name: sealedKeys.name });
    if (inserted) return made;
    // Another process made it at the same moment: theirs is the one.
    const [raced] = await tx.select().from(sealedKeys).where(eq(sealedKeys.name, HASH_KEY_NAME));
    secret = Buffer.from(deps.cipher.decrypt(raced!.sealed), 'base64');
    return secret;
  }

  async function hasher(purpose: HashPurpose, tx: Db = deps.db): Promise<(value: string) => string> {
    const key = await load(tx);
    const cached = key === secret ? purposeKeys.get(purpose) : undefined;
    const purposeKey = cached ?? createHmac('sha256', key).update(`jianwang/${purpose}`).digest();
    if (!cached && key === secret) purposeKeys.set(purpose, purposeKey);
    return (value) => createHmac('sha256', purposeKey).update(value, 'utf8').digest('hex');
  }

  return {
    hasher,
    async hash(purpose, value, tx) {
      return (await hasher(purpose, tx))(value);
    },
  };
}
