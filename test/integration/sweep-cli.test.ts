// `npm run sweep -- --now <instant>` as an operator runs it: JSON lines on stdout, once per reminder, exit codes.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../../api/clock.js';
import { loadConfig } from '../../api/config/config.js';
import { createLogger } from '../../api/http/logger.js';
import { createServices } from '../../api/services.js';
import { createDb } from '../../db/create-db.js';
import { seedRegistryIfEmpty } from '../../db/seed/seed-registry.js';
import { seedCase } from '../helpers/sweep-fixtures.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');

let dataDir: string;
let server: TestDatabase | undefined;
let caseNo: string;

function cliEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    DATA_DIR: dataDir,
  };
  if (server?.url) env.DATABASE_URL = server.url;
  return env;
}

function sweep(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(TSX, ['scripts/sweep.ts', ...args], { cwd: ROOT, env: cliEnv() }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
    });
  });
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'jw-sweep-cli-'));
  // Seeded and closed before the CLI opens it: an on-disk PGlite has one process at a time.
  if (process.env.DATABASE_URL) server = await createTestDatabase();
  const database = server ?? (await createDb({ dataDir }));
  await seedRegistryIfEmpty(database.db);
  const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir });
  const services = createServices({
    config,
    database,
    clock: createManualClock('2026-11-02T10:00:00+08:00'),
    logger: createLogger({ level: 'silent' }),
  });
  caseNo = (await seedCase(services, database.db, { receivedAt: '2026-11-02T10:00:00+08:00' })).caseNo;
  if (!server) await database.close();
}, 120_000);

afterAll(async () => {
  await server?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('sweep CLI', () => {
  it('prints one JSON line per reminder queued, and nothing else on stdout', async () => {
    const first = await sweep('--now', '2026-11-13T09:00:00+08:00');
    expect(first.code).toBe(0);
    const lines = first.stdout.trim().split('\n');
    const reminders = lines.map((l) => JSON.parse(l));
    expect(reminders).toEqual(
      expect.arrayContaining([
        { caseNo, kind: 'overdue', to: 'demo-prosecutor-02', dueAt: '2026-11-11T23:59:59.999+08:00' },
        { caseNo, kind: 'escalation', to: 'demo-prosecutor-01', dueAt: '2026-11-11T23:59:59.999+08:00' },
      ]),
    );
    expect(reminders).toHaveLength(2);
    expect(first.stderr).toContain('deadline sweep');
  }, 60_000);

  it('prints nothing when run again at the same instant', async () => {
    const again = await sweep('--now', '2026-11-13T09:00:00+08:00');
    expect(again.code).toBe(0);
    expect(again.stdout).toBe('');
  }, 60_000);

  it('refuses a bad --now with exit code 2 and a clear message, queuing nothing', async () => {
    for (const bad of ['tomorrow', '2026-11-16']) {
      const result = await sweep('--now', bad);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain('--now must be an ISO 8601 instant');
    }
    const unknown = await sweep('--when', '2026-11-16T09:00:00+08:00');
    expect(unknown.code).toBe(2);
    // The refused runs queued nothing: the next day's reminder is still there to be queued.
    const next = await sweep('--now', '2026-11-16T09:00:00+08:00');
    expect(
      next.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).kind),
    ).toEqual(['overdue']);
  }, 120_000);
});
