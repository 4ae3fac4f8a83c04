// One owner per PGlite directory: a second opener is refused with the owner named; the CLIs go through the running server (token) or say it must be stopped (seed, sweep, rotate-key).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../db/create-db.js';
import { acquireDataDirLock, DataDirLockedError, lockFileOf } from '../../db/data-dir-lock.js';
import { runScript } from '../helpers/run-script.js';
import { type SpawnedServer, spawnServer } from '../helpers/spawn-server.js';

const dirs: string[] = [];
function tempDataDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'jw-lock-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('the PGlite directory lock', () => {
  it('refuses a second opener in the same process, naming the owner, and frees the directory on close', async () => {
    const dir = tempDataDir();
    const first = await createDb({ dataDir: dir, owner: 'first opener' });
    const second = await createDb({ dataDir: dir, owner: 'second opener' }).catch((e: unknown) => e);
    expect(second).toBeInstanceOf(DataDirLockedError);
    expect((second as Error).message).toMatch(
      new RegExp(
        `^the embedded database in ${dir} is in use by first opener \\(pid ${process.pid}, since .+\\); stop it first`,
      ),
    );
    await first.close();
    expect(existsSync(lockFileOf(dir))).toBe(false);
    acquireDataDirLock(dir, 'next opener').release();
  }, 60_000);

  it('takes over a lock left by a process that died', async () => {
    const dir = tempDataDir();
    const deadPid = Number(
      execFileSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']),
    );
    writeFileSync(
      lockFileOf(dir),
      JSON.stringify({
        pid: deadPid,
        hostname: hostname(),
        startedAt: '2026-01-01T00:00:00Z',
        command: 'npm start',
      }),
    );
    const database = await createDb({ dataDir: dir, owner: 'successor' });
    expect(JSON.parse(readFileSync(lockFileOf(dir), 'utf8'))).toMatchObject({
      pid: process.pid,
      command: 'successor',
    });
    await database.close();
  }, 60_000);
});

describe('CLIs beside a running npm start on PGlite', () => {
  let dataDir: string;
  let server: SpawnedServer;
  let apiUrl: string;
  const env = () => ({
    NODE_ENV: 'development',
    DATA_DIR: dataDir,
    DATABASE_URL: '',
    ADMIN_TOKEN: '',
    BOT_TOKEN: '',
    DATA_KEY: '',
  });

  beforeAll(async () => {
    dataDir = tempDataDir();
    server = spawnServer({ ...env(), PORT: '0', COMPONENTS: 'api', LOG_LEVEL: 'warn' });
    await server.waitFor(() => {
      try {
        return Boolean(JSON.parse(readFileSync(lockFileOf(dataDir), 'utf8')).apiUrl);
      } catch {
        return false;
      }
    }, 90_000);
    apiUrl = JSON.parse(readFileSync(lockFileOf(dataDir), 'utf8')).apiUrl;
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
  });

  it('creates a token through the server, and the server accepts it and lists it', async () => {
    const created = await runScript(
      'scripts/token.ts',
      ['create', '--role', 'prosecutor', '--person', 'PR-02', '--label', 'via server'],
      { env: env() },
    );
    expect(created.code).toBe(0);
    expect(created.stderr).toContain(`token: through the running server at ${apiUrl}`);
    const token = created.stdout.trim();
    expect(token).toMatch(/^pro_/);
    expect(
      (await fetch(`${apiUrl}/v1/cases`, { headers: { authorization: `Bearer ${token}` } })).status,
    ).toBe(200);

    const listed = await runScript('scripts/token.ts', ['list'], { env: env() });
    expect(listed.code).toBe(0);
    expect(
      listed.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l)),
    ).toContainEqual(
      expect.objectContaining({ role: 'prosecutor', person: 'PR-02', label: 'via server', revokedAt: null }),
    );
    const id = JSON.parse(listed.stdout.trim().split('\n')[0]!).id as number;
    const revoked = await runScript('scripts/token.ts', ['revoke', String(id)], { env: env() });
    expect(revoked.code).toBe(0);
    expect(
      (await fetch(`${apiUrl}/v1/cases`, { headers: { authorization: `Bearer ${token}` } })).status,
    ).toBe(401);
  }, 90_000);

  it.each([
    ['seed', 'scripts/seed.ts', [], 'npm run seed'],
    ['sweep', 'scripts/sweep.ts', ['--now', '2026-11-13T09:00:00+08:00'], 'npm run sweep'],
    ['rotate-key', 'scripts/rotate-data-key.ts', [], 'npm run rotate-key'],
  ])(
    '%s says in one line that the server must be stopped, and changes nothing',
    async (name, script, args, command) => {
      const keyBefore = readFileSync(path.join(dataDir, 'data-key'), 'utf8');
      const result = await runScript(script, args, { env: env() });
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr.trim()).toMatch(
        new RegExp(
          `^${name}: the embedded database in ${dataDir} is in use by npm start \\(pid ${server.child.pid}, ${apiUrl.replace(/[.]/g, '\\.')}, since [^)]+\\); stop it, then run ${command} again`,
        ),
      );
      expect(readFileSync(path.join(dataDir, 'data-key'), 'utf8')).toBe(keyBefore);
      expect(existsSync(path.join(dataDir, 'data-key.new'))).toBe(false);
    },
    60_000,
  );

  it('refuses a second npm start on the same directory in one line', async () => {
    const second = await runScript('scripts/start.ts', [], {
      env: { ...env(), PORT: '0', COMPONENTS: 'api' },
    });
    expect(second.code).toBe(1);
    expect(second.stderr.trim().split('\n').at(-1)).toMatch(
      new RegExp(
        `^jianwang: the embedded database in ${dataDir} is in use by npm start \\(pid ${server.child.pid}, `,
      ),
    );
  }, 60_000);

  it('frees the directory when the server stops, and the CLIs work on it directly again', async () => {
    expect(await server.stop()).toBe(0);
    expect(existsSync(lockFileOf(dataDir))).toBe(false);
    const seeded = await runScript('scripts/seed.ts', [], { env: env() });
    expect(seeded).toMatchObject({ code: 0, stdout: expect.stringContaining('the registry is not empty') });
  }, 60_000);
});
