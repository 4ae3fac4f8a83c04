// Field encryption for contact details and the data key loader: round trip, tamper and wrong-key refusal, key sources.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../api/config/config.js';
import { maskPhone } from '../../api/registry/people-service.js';
import { loadDataKey } from '../../api/security/data-key-loader.js';
import { createFieldCipher } from '../../api/security/field-cipher.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('createFieldCipher', () => {
  const cipher = createFieldCipher(randomBytes(32));

  it('round-trips text and never repeats a ciphertext', () => {
    const a = cipher.encrypt('13812345678');
    const b = cipher.encrypt('13812345678');
    expect(a).not.toBe(b);
    expect(a).not.toContain('5678');
    expect(cipher.decrypt(a)).toBe('13812345678');
  });

  it('refuses a tampered value and a value from another key', () => {
    const blob = cipher.encrypt('0591-87654321');
    const raw = Buffer.from(blob.slice(3), 'base64');
    raw[raw.length - 1]! ^= 1;
    expect(() => cipher.decrypt(`v1:${raw.toString('base64')}`)).toThrow(/cannot be decrypted/);
    expect(() => createFieldCipher(randomBytes(32)).decrypt(blob)).toThrow(/cannot be decrypted/);
    expect(() => cipher.decrypt('13812345678')).toThrow(/not an encrypted/);
  });

  it('needs a 32-byte key', () => {
    expect(() => createFieldCipher(randomBytes(16))).toThrow(/32 bytes/);
  });
});

describe('loadDataKey', () => {
  const key = randomBytes(32);

  it('reads DATA_KEY as hex or base64 and refuses other lengths', () => {
    const base = { env: 'production' as const, dataDir: '/nonexistent' };
    expect(loadDataKey({ ...base, dataKey: key.toString('hex') }).equals(key)).toBe(true);
    expect(loadDataKey({ ...base, dataKey: key.toString('base64') }).equals(key)).toBe(true);
    expect(() => loadDataKey({ ...base, dataKey: randomBytes(16).toString('base64') })).toThrow(ConfigError);
    expect(() => loadDataKey({ ...base, dataKey: 'not a key!' })).toThrow(ConfigError);
  });

  it('refuses to start in production without DATA_KEY', () => {
    expect(() => loadDataKey({ env: 'production', dataKey: undefined, dataDir: '/nonexistent' })).toThrow(
      /DATA_KEY is required/,
    );
  });

  it('generates a development key once into DATA_DIR, with a warning, and reuses it', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'jw-key-'));
    dirs.push(dir);
    const warnings: string[] = [];
    const config = { env: 'development' as const, dataKey: undefined, dataDir: dir };
    const first = loadDataKey(config, { warn: (m) => warnings.push(m) });
    const second = loadDataKey(config, { warn: (m) => warnings.push(m) });
    expect(first.equals(second)).toBe(true);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('data-key');
    const file = path.join(dir, 'data-key');
    expect(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64').equals(first)).toBe(true);
    expect(statSync(file).mode & 0o077).toBe(0);
  });
});

describe('maskPhone', () => {
  it('shows only the ends of mobile and landline numbers', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('0591-87654321')).toBe('0591-****4321');
  });
});
