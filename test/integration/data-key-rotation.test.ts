// Data key rotation: every phone is re-encrypted to the new key in one transaction; a wrong key changes nothing.
import { type ExecFileOptions, execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { asc, isNotNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../api/config/config.js';
import { loadDataKey, parseDataKey } from '../../api/security/data-key-loader.js';
import { DataKeyRotationError, rotateDataKey } from '../../api/security/data-key-rotation.js';
import { createFieldCipher } from '../../api/security/field-cipher.js';
import { createDb, type Db } from '../../db/create-db.js';
import { people } from '../../db/schema/index.js';
import { ADMIN, auth, createTestApp, type TestApp } from '../helpers/test-app.js';

function run(
  file: string,
  args: string[],
  options: ExecFileOptions,
): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { ...options, encoding: 'utf8' }, (error, stdout, stderr) =>
      error ? reject(Object.assign(error, { stdout, stderr })) : resolve({ stdout, stderr }),
    );
  });
}
const ROOT = path.resolve(import.meta.dirname, '../..');
const PHONES = ['13812345678', '0591-87654321', '15900001111'];
const keyA = randomBytes(32);
const keyB = randomBytes(32);

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ env: { DATA_KEY: keyA.toString('base64') } });
  for (const [i, phone] of PHONES.entries()) {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/people',
      headers: auth(ADMIN),
      payload: { name: `办公室${i}`, role: 'office', phone },
    });
    expect(res.statusCode, res.body).toBe(201);
  }
});
afterAll(async () => {
  await t?.close();
});

async function blobs(db: Db): Promise<string[]> {
  const rows = await db
    .select({ blob: people.phoneEnc })
    .from(people)
    .where(isNotNull(people.phoneEnc))
    .orderBy(asc(people.id));
  return rows.map((r) => r.blob!);
}

const decryptAll = (key: Buffer, values: string[]) => values.map((b) => createFieldCipher(key).decrypt(b));

describe('rotateDataKey', () => {
  it('refuses a wrong current key and leaves every value as it was', async () => {
    const before = await blobs(t.database.db);
    expect(decryptAll(keyA, before).sort()).toEqual(expect.arrayContaining(['13812345678', '15900001111']));
    await expect(
      rotateDataKey({ db: t.database.db, oldKey: randomBytes(32), newKey: keyB }),
    ).rejects.toBeInstanceOf(DataKeyRotationError);
    expect(await blobs(t.database.db)).toEqual(before);
  });

  it('re-encrypts every phone so the new key reads it and the old key no longer does', async () => {
    const before = await blobs(t.database.db);
    const clear = decryptAll(keyA, before);
    const result = await rotateDataKey({ db: t.database.db, oldKey: keyA, newKey: keyB });
    expect(result.rotated).toEqual({
      'people.phone_enc': before.length,
      'messages.text': 0,
      'case_notes.text_enc': 0,
      'cases.summary_enc': 0,
      'case_events.words_enc': 0,
      'work_records.note_enc': 0,
      'outbox.text_enc': 0,
      'attachments.data': 0,
      'sealed_keys.sealed': 0,
    });
    const after = await blobs(t.database.db);
    expect(decryptAll(keyB, after)).toEqual(clear);
    expect(() => decryptAll(keyA, after)).toThrow();
  });

  it('refuses to "rotate" to the key already in use', async () => {
    await expect(rotateDataKey({ db: t.database.db, oldKey: keyB, newKey: keyB })).rejects.toThrow(
      /same as the old key/,
    );
  });
});

describe('npm run rotate-key', () => {
  it('rotates the database the API uses and tells the operator the new key', async () => {
    const tsx = path.join(ROOT, 'node_modules/.bin/tsx');
    const script = path.join(ROOT, 'scripts/rotate-data-key.ts');
    if (t.database.url) {
      // Postgres: the key comes from DATA_KEY; a generated new key is printed once on stdout.
      const before = await blobs(t.database.db);
      const clear = decryptAll(keyB, before);
      const { stdout, stderr } = await run(tsx, [script], {
        cwd: ROOT,
        env: {
          ...process.env,
          NODE_ENV: 'production',
          DATABASE_URL: t.database.url,
          DATA_KEY: keyB.toString('base64'),
          // Production refuses short tokens, and a bot without a puppet token; the CLI needs neither.
          ADMIN_TOKEN: 'x'.repeat(32),
          BOT_TOKEN: 'y'.repeat(32),
          COMPONENTS: 'api',
        },
      });
      const printed = /^DATA_KEY=(\S+)$/m.exec(stdout)?.[1];
      expect(printed).toBeDefined();
      expect(stderr).toMatch(/Set DATA_KEY/);
      expect(decryptAll(parseDataKey(printed!), await blobs(t.database.db))).toEqual(clear);
      return;
    }
    // PGlite under DATA_DIR: the development key file is replaced and nothing is printed to stdout.
    const dataDir = await mkdtemp(path.join(tmpdir(), 'jw-rotate-'));
    try {
      const config = loadConfig({ NODE_ENV: 'development', DATA_DIR: dataDir });
      const oldKey = loadDataKey(config);
      const database = await createDb({ dataDir });
      await database.db.insert(people).values(
        PHONES.map((p, i) => ({
          name: `人${i}`,
          role: 'office' as const,
          phoneEnc: createFieldCipher(oldKey).encrypt(p),
        })),
      );
      await database.close();

      const { stdout, stderr } = await run(tsx, [script], {
        cwd: ROOT,
        env: { ...process.env, NODE_ENV: 'development', DATA_DIR: dataDir, DATA_KEY: '', DATABASE_URL: '' },
      });
      expect(stdout).toBe('');
      expect(stderr).toMatch(/re-encrypted 3 value/);
      const newKey = parseDataKey(await readFile(path.join(dataDir, 'data-key'), 'utf8'));
      expect(newKey.equals(oldKey)).toBe(false);
      const reopened = await createDb({ dataDir });
      try {
        expect(decryptAll(newKey, await blobs(reopened.db))).toEqual(PHONES);
      } finally {
        await reopened.close();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
