// npm start in production refuses, in one line and before the database is touched, what an attacker could use.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnServer } from '../helpers/spawn-server.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const strong = () => randomBytes(24).toString('base64url');

/** Starts npm start on an empty PGlite directory and returns its exit code, output and what it left in the directory. */
async function start(env: Record<string, string>) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'jw-prod-'));
  dirs.push(dataDir);
  const server = spawnServer({
    DATA_DIR: dataDir,
    DATABASE_URL: '',
    ADMIN_TOKEN: '',
    BOT_TOKEN: '',
    DATA_KEY: '',
    WECHATY_PUPPET_SERVICE_TOKEN: '',
    SIM_ENABLED: '',
    PORT: '0',
    LOG_LEVEL: 'warn',
    ...env,
  });
  // Waits for the exit; a server that starts instead fails the test after the wait.
  await server.waitFor(() => false, 60_000).catch(() => undefined);
  const code = await server.stop();
  return { code, output: server.output(), left: readdirSync(dataDir) };
}

describe('npm start with NODE_ENV=production', () => {
  it('refuses ADMIN_TOKEN=a BOT_TOKEN=b with one line and exit 2, leaving the data directory empty', async () => {
    const { code, output, left } = await start({ NODE_ENV: 'production', ADMIN_TOKEN: 'a', BOT_TOKEN: 'b' });
    expect(code).toBe(2);
    expect(output.trim().split('\n')).toHaveLength(1);
    expect(output).toMatch(/^refusing to start: /);
    expect(output).toContain('ADMIN_TOKEN must be at least 32 characters');
    expect(output).toContain('BOT_TOKEN must be at least 32 characters');
    expect(output).toContain('DATA_KEY is required');
    // The mock puppet and an open /sim are no longer the silent fallback.
    expect(output).toContain('WECHATY_PUPPET_SERVICE_TOKEN');
    expect(left).toEqual([]);
  }, 90_000);

  it('refuses an invalid DATA_KEY before migrations or demo data, with strong tokens and a puppet token', async () => {
    const { code, output, left } = await start({
      NODE_ENV: 'production',
      ADMIN_TOKEN: strong(),
      BOT_TOKEN: strong(),
      DATA_KEY: randomBytes(16).toString('base64'),
      WECHATY_PUPPET_SERVICE_TOKEN: 'puppet_workpro_0123456789abcdef',
    });
    expect(code).toBe(2);
    expect(output.trim()).toBe(
      'refusing to start: DATA_KEY must be 32 bytes written as 64 hex digits or base64',
    );
    expect(left).toEqual([]);
  }, 90_000);

  it('refuses a bot with no puppet token unless SIM_ENABLED=true', async () => {
    const { code, output, left } = await start({
      NODE_ENV: 'production',
      ADMIN_TOKEN: strong(),
      BOT_TOKEN: strong(),
      DATA_KEY: randomBytes(32).toString('hex'),
    });
    expect(code).toBe(2);
    expect(output.trim()).toMatch(/^refusing to start: the bot needs WECHATY_PUPPET_SERVICE_TOKEN/);
    expect(left).toEqual([]);
  }, 90_000);
});
