// The console's assets at /console: the app page for client routes, hashed assets cached, nothing else exposed.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app.js';
import { createManualClock } from '../../api/clock.js';
import { loadConfig } from '../../api/config/config.js';
import { createLogger } from '../../api/http/logger.js';
import { createScriptedParser } from '../helpers/scripted-parser.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';

let dir: string;
let database: TestDatabase;

async function appWith(consoleDist: string) {
  return buildApp({
    config: loadConfig({ NODE_ENV: 'test', ADMIN_TOKEN: 'a', BOT_TOKEN: 'b' }),
    database,
    clock: createManualClock('2026-11-27T02:00:00Z'),
    logger: createLogger({ level: 'silent' }),
    parser: createScriptedParser(),
    consoleDist,
  });
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'console-dist-'));
  await mkdir(path.join(dir, 'assets'));
  await writeFile(
    path.join(dir, 'index.html'),
    '<!doctype html><title>检网控制台</title><div id="app"></div>',
  );
  await writeFile(path.join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
  await writeFile(path.join(dir, 'secret.txt'), 'not an asset');
  database = await createTestDatabase();
});

afterAll(async () => {
  await database.close();
  await rm(dir, { recursive: true, force: true });
});

describe('console routes', () => {
  it('serves the app page for /console/ and every client route, revalidated, under the CSP', async () => {
    const app = await appWith(dir);
    try {
      const bare = await app.inject('/console');
      expect(bare.statusCode).toBe(302);
      expect(bare.headers.location).toBe('/console/');
      for (const url of ['/console/', '/console/login', '/console/cases/GL-2026-000001']) {
        const res = await app.inject(url);
        expect(res.statusCode, url).toBe(200);
        expect(res.headers['content-type']).toMatch(/text\/html/);
        expect(res.body).toContain('<div id="app">');
        expect(res.headers['cache-control']).toBe('no-cache');
        expect(res.headers['content-security-policy']).toContain("script-src 'self'");
      }
    } finally {
      await app.close();
    }
  });

  it('serves hashed assets with a long cache and 404s missing or escaping paths', async () => {
    const app = await appWith(dir);
    try {
      const js = await app.inject('/console/assets/index-abc123.js');
      expect(js.statusCode).toBe(200);
      expect(js.headers['content-type']).toMatch(/javascript/);
      expect(js.headers['cache-control']).toContain('immutable');
      expect(js.body).toBe('console.log(1)');
      const missing = await app.inject('/console/assets/index-gone.js');
      expect(missing.statusCode).toBe(404);
      expect(missing.json()).toEqual({ error: { code: 'not_found', message: 'no such console asset' } });
      for (const url of ['/console/assets/../secret.txt', '/console/assets/%2e%2e/secret.txt']) {
        const res = await app.inject(url);
        expect(res.body, url).not.toContain('not an asset');
      }
    } finally {
      await app.close();
    }
  });

  it('says how to build the console when it has not been built', async () => {
    const app = await appWith(path.join(dir, 'nowhere'));
    try {
      const res = await app.inject('/console/');
      expect(res.statusCode).toBe(503);
      expect(res.body).toContain('npm run build:console');
    } finally {
      await app.close();
    }
  });
});
