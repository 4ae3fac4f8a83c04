// An idle system is quiet: the bot's polling and health probes log at debug, other requests at info.
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from '../../api/app.js';
import { createManualClock } from '../../api/clock.js';
import { loadConfig } from '../../api/config/config.js';
import { type CapturedLogs, captureLogs } from '../helpers/log-capture.js';
import { createScriptedParser } from '../helpers/scripted-parser.js';
import { ADMIN, auth, BOT } from '../helpers/test-app.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';

let app: App;
let database: TestDatabase;
let logs: CapturedLogs;

beforeAll(async () => {
  database = await createTestDatabase();
  logs = captureLogs('debug');
  app = await buildApp({
    config: loadConfig({ NODE_ENV: 'test', ADMIN_TOKEN: ADMIN, BOT_TOKEN: BOT }),
    database,
    clock: createManualClock('2026-11-27T02:00:00Z'),
    logger: logs.logger,
    parser: createScriptedParser(),
  });
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

async function linesOf(request: InjectOptions) {
  logs.lines.length = 0;
  const res = await app.inject(request);
  return { status: res.statusCode, lines: [...logs.lines] };
}

describe('request log levels', () => {
  it('logs the outbox lease and /health at debug only while they succeed', async () => {
    for (const request of [
      { method: 'GET' as const, url: '/v1/outbox?limit=5', headers: auth(BOT) },
      { method: 'GET' as const, url: '/health' },
    ]) {
      const { status, lines } = await linesOf(request);
      expect(status).toBe(200);
      expect(lines.map((l) => [l.level, l.msg])).toEqual([
        [20, 'incoming request'],
        [20, 'request completed'],
      ]);
    }
  });

  it('logs a refused poll at info, so a misconfigured bot is seen', async () => {
    const { status, lines } = await linesOf({ method: 'GET', url: '/v1/outbox', headers: auth('wrong') });
    expect(status).toBe(401);
    expect(lines.filter((l) => l.msg === 'request completed').map((l) => l.level)).toEqual([30]);
  });

  it('logs every other request at info', async () => {
    const { status, lines } = await linesOf({ method: 'GET', url: '/v1/cases', headers: auth(ADMIN) });
    expect(status).toBe(200);
    expect(lines.map((l) => [l.level, l.msg])).toEqual([
      [30, 'incoming request'],
      [30, 'request completed'],
    ]);
  });
});
