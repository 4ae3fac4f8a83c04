// API_WORKERS: npm start runs several API processes on one port (Postgres), the jobs and the bot in one of them; PGlite refuses.
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnServer } from '../helpers/spawn-server.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';

const dirs: string[] = [];
let database: TestDatabase | undefined;
afterAll(async () => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  await database?.close();
});

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'jw-workers-'));
  dirs.push(dir);
  return dir;
}

/** GET on a fresh connection each time (no keep-alive), so the cluster hands each one to a worker anew. */
function getFresh(port: number, url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: url, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
  });
}

/** The pino JSON lines of the output, parsed. */
function logLines(output: string): Record<string, unknown>[] {
  return output.split('\n').flatMap((line) => {
    if (!line.startsWith('{')) return [];
    try {
      return [JSON.parse(line) as Record<string, unknown>];
    } catch {
      return [];
    }
  });
}

describe('API_WORKERS', () => {
  it('refuses API_WORKERS=2 on embedded PGlite in one line, exit 2, before opening the data directory', async () => {
    const dataDir = tempDir();
    const server = spawnServer({
      NODE_ENV: 'development',
      DATA_DIR: dataDir,
      DATABASE_URL: '',
      API_WORKERS: '2',
      PORT: '0',
      LOG_LEVEL: 'warn',
    });
    await server.waitFor(() => false, 120_000).catch(() => undefined);
    expect(await server.stop()).toBe(2);
    expect(server.output().trim()).toBe(
      'refusing to start: API_WORKERS=2 needs DATABASE_URL: embedded PGlite serves one process only (set API_WORKERS=1, or point DATABASE_URL at Postgres)',
    );
  }, 180_000);

  it.skipIf(!process.env.DATABASE_URL)(
    'answers from two processes on one port, runs the jobs and the bot once, and stops cleanly',
    async () => {
      database = await createTestDatabase();
      const server = spawnServer({
        NODE_ENV: 'development',
        DATA_DIR: tempDir(),
        DATABASE_URL: database.url,
        DATA_KEY: '',
        ADMIN_TOKEN: '',
        BOT_TOKEN: '',
        API_WORKERS: '2',
        COMPONENTS: 'api,bot,jobs',
        PORT: '0',
        LOG_LEVEL: 'info',
      });
      try {
        await server.waitFor((out) => out.includes('API workers listening on one port'), 240_000);
        // Each worker logs 'jianwang started' once its API (and, for worker 1, bot and jobs) is up.
        await server.waitFor((out) => (out.match(/"msg":"jianwang started"/g) ?? []).length === 2, 120_000);
        const announced = logLines(server.output()).find(
          (l) => l.msg === 'API workers listening on one port',
        );
        const port = Number(announced?.port);
        expect(port).toBeGreaterThan(0);
        expect(announced?.pids).toHaveLength(2);

        const statuses: number[] = [];
        // Not /health, whose successful lines are logged at debug: a refused request is logged at info.
        for (let i = 0; i < 20; i++) statuses.push(await getFresh(port, '/v1/cases'));
        expect(new Set(statuses)).toEqual(new Set([401]));
        await new Promise((resolve) => setTimeout(resolve, 500));
        const lines = logLines(server.output());
        // Both processes answered requests on the one port.
        const answering = new Set(
          lines.filter((l) => l.msg === 'request completed').map((l) => `${l.pid}/${l.apiWorker}`),
        );
        expect(answering.size).toBe(2);
        // The pg-boss workers (sweep, digest, purge) and the bot (outbox delivery) started in one process only.
        const jobs = lines.filter((l) => l.msg === 'jobs started');
        expect(jobs).toHaveLength(1);
        expect(jobs[0]?.apiWorker).toBe(1);
        const started = lines.filter((l) => l.msg === 'jianwang started');
        expect(started.map((l) => l.bot !== 'off').sort()).toEqual([false, true]);
        expect(started.find((l) => l.apiWorker === 2)?.bot).toBe('off');
        expect(started.every((l) => l.simulator === null)).toBe(true);
      } finally {
        expect(await server.stop()).toBe(0);
      }
      expect(server.output()).toContain('API workers stopped');
    },
    400_000,
  );
});
