// GET /health reports the bot in this process: degraded while it is not logged in, 503 once that lasts past the grace time.
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app.js';
import { createManualClock } from '../../api/clock.js';
import { loadConfig } from '../../api/config/config.js';
import type { BotHealthSource } from '../../api/health/health-routes.js';
import { createLogger } from '../../api/http/logger.js';
import { createScriptedParser } from '../helpers/scripted-parser.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';

let database: TestDatabase | undefined;
afterEach(async () => {
  await database?.close().catch(() => undefined);
  database = undefined;
});

const NOW = '2026-11-30T02:00:00Z';

async function appWith(bot: BotHealthSource | undefined) {
  database = await createTestDatabase();
  const clock = createManualClock(NOW);
  const config = loadConfig({
    NODE_ENV: 'test',
    ADMIN_TOKEN: 'a',
    BOT_TOKEN: 'b',
    BOT_LOGIN_GRACE_SECONDS: '60',
  });
  const app = await buildApp({
    config,
    database,
    clock,
    logger: createLogger({ level: 'silent' }),
    parser: createScriptedParser(),
    bot,
  });
  return { app, clock, health: async () => app.inject({ method: 'GET', url: '/health' }) };
}

// Each test builds its own app on a fresh database (slow on a loaded machine).
describe('GET /health with a bot', { timeout: 180_000 }, () => {
  it('is ok while logged in, degraded while connecting, 503 once it cannot log in past the grace time', async () => {
    let status: ReturnType<BotHealthSource['status']> = {
      state: 'logged_in',
      since: new Date(NOW),
      notLoggedInSince: null,
    };
    const { app, clock, health } = await appWith({ status: () => status });
    const db = process.env.DATABASE_URL ? 'postgres' : 'pglite';

    let res = await health();
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      status: 'ok',
      db,
      bot: { state: 'logged_in', since: '2026-11-30T10:00:00.000+08:00' },
    });

    status = { state: 'connecting', since: new Date(NOW), notLoggedInSince: new Date(NOW) };
    clock.advance(59_000);
    res = await health();
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'degraded', bot: { state: 'connecting' } });

    clock.advance(2_000);
    res = await health();
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({
      status: 'degraded',
      db,
      bot: { state: 'connecting', since: '2026-11-30T10:00:00.000+08:00' },
    });

    // Connected but waiting for a scan still counts from when it stopped being logged in.
    status = { state: 'logged_out', since: clock.now(), notLoggedInSince: new Date(NOW) };
    expect((await health()).statusCode).toBe(503);
    await app.close();
  });

  it('answers 503 when the database does not answer, saying so', async () => {
    const { app, health } = await appWith(undefined);
    await database?.close();
    const res = await health();
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ status: 'degraded', dbReachable: false, bot: { state: 'off' } });
    database = undefined;
    await app.close();
  });
});
