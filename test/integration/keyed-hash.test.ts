// Keyed hashes: stable per purpose, made from a secret kept sealed with the data key, unchanged by key rotation.
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rotateDataKey } from '../../api/security/data-key-rotation.js';
import { createFieldCipher } from '../../api/security/field-cipher.js';
import { createKeyedHash } from '../../api/security/keyed-hash.js';
import { sealedKeys } from '../../db/schema/index.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';

const keyA = randomBytes(32);
const keyB = randomBytes(32);
let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

describe('keyed hash', () => {
  it('a secret made in a transaction that rolls back is not used afterwards', async () => {
    const hashes = createKeyedHash({ db: database.db, cipher: createFieldCipher(keyA) });
    await expect(
      database.db.transaction(async (tx) => {
        await hashes.hash('sender', 'wxid_a', tx);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await database.db.select().from(sealedKeys)).toEqual([]);
    const first = await hashes.hash('sender', 'wxid_a');
    expect(await hashes.hash('sender', 'wxid_a')).toBe(first);
    expect(
      await createKeyedHash({ db: database.db, cipher: createFieldCipher(keyA) }).hash('sender', 'wxid_a'),
    ).toBe(first);
  });

  it('is 64 hex digits, differs per purpose and value, and is no plain hash of the value', async () => {
    const hashes = createKeyedHash({ db: database.db, cipher: createFieldCipher(keyA) });
    const h = await hashes.hash('sender', 'wxid_a');
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(await hashes.hash('bigram', 'wxid_a')).not.toBe(h);
    expect(await hashes.hash('sender', 'wxid_b')).not.toBe(h);
    expect(h).not.toBe(createHash('sha256').update('wxid_a').digest('hex'));
    const bigram = await hashes.hasher('bigram');
    expect(bigram('赌场')).toBe(await hashes.hash('bigram', '赌场'));
  });

  it('keeps its secret sealed: the row is ciphertext only the data key opens', async () => {
    const [row] = await database.db.select().from(sealedKeys);
    expect(row!.name).toBe('hash');
    expect(row!.sealed).toMatch(/^v1:/);
    expect(() => createFieldCipher(keyB).decrypt(row!.sealed)).toThrow();
    expect(createFieldCipher(keyA).decrypt(row!.sealed)).toMatch(/^[A-Za-z0-9+/]{43}=$/);
  });

  it('gives the same hashes after the data key is rotated', async () => {
    const before = await createKeyedHash({ db: database.db, cipher: createFieldCipher(keyA) }).hash(
      'sender',
      'wxid_a',
    );
    const result = await rotateDataKey({ db: database.db, oldKey: keyA, newKey: keyB });
    expect(result.rotated['sealed_keys.sealed']).toBe(1);
    const after = createKeyedHash({ db: database.db, cipher: createFieldCipher(keyB) });
    expect(await after.hash('sender', 'wxid_a')).toBe(before);
    // The retired key no longer opens the secret.
    await expect(
      createKeyedHash({ db: database.db, cipher: createFieldCipher(keyA) }).hash('sender', 'wxid_a'),
    ).rejects.toThrow();
  });
});
