// In production the simulator is served only with SIM_ENABLED=true, and then every /sim route wants the admin token.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from '../../api/app.js';
import { systemClock } from '../../api/clock.js';
import { loadConfig } from '../../api/config/config.js';
import { createLogger } from '../../api/http/logger.js';
import { createProcessRuntime } from '../../scripts/process-runtime.js';
import { createScriptedParser } from '../helpers/scripted-parser.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';

const logger = createLogger({ level: 'silent' });
const ADMIN_TOKEN = `adm_${randomBytes(24).toString('base64url')}`;
const env = {
  NODE_ENV: 'production',
  ADMIN_TOKEN,
  BOT_TOKEN: `bot_${randomBytes(24).toString('base64url')}`,
  DATA_KEY: randomBytes(32).toString('base64'),
  DATA_DIR: 'memory',
  SIM_ENABLED: 'true',
  AUTH_FAILURES_PER_MINUTE: '1000',
} as const;

let app: App;
let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  const config = loadConfig(env);
  const runtime = createProcessRuntime(config, logger);
  expect(runtime.bot?.kind).toBe('mock');
  expect(runtime.simulator).toBe(true);
  app = await buildApp({
    config,
    database,
    clock: systemClock,
    logger,
    parser: createScriptedParser(),
    plugins: [...runtime.plugins],
  });
}, 90_000);
afterAll(async () => {
  await app?.close();
  await database?.close();
});

const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const routes = [
  { method: 'GET', url: '/sim' },
  { method: 'GET', url: '/sim/inbox?contactId=demo-prosecutor-08' },
  {
    method: 'POST',
    url: '/sim/say',
    payload: { from: { id: 'demo-prosecutor-08', name: '检察官' }, text: '我的待办' },
  },
] as const;

describe('the simulator in production', () => {
  it.each(routes)(
    'refuses $method $url without the admin token, asking the browser for it',
    async (route) => {
      for (const authorization of [undefined, basic('admin', 'wrong'), `Bearer ${env.BOT_TOKEN}`]) {
        const res = await app.inject({ ...route, headers: authorization ? { authorization } : {} });
        expect(res.statusCode).toBe(authorization?.startsWith('Bearer') ? 403 : 401);
        if (res.statusCode === 401) expect(res.headers['www-authenticate']).toMatch(/^Basic realm=/);
        expect(res.body).not.toContain('demo-prosecutor-08');
      }
    },
  );

  it('serves the page and the inbox to the admin token, as Bearer or as the Basic password', async () => {
    for (const authorization of [
      `Bearer ${ADMIN_TOKEN}`,
      basic('', ADMIN_TOKEN),
      basic('admin', ADMIN_TOKEN),
    ]) {
      expect((await app.inject({ method: 'GET', url: '/sim', headers: { authorization } })).statusCode).toBe(
        200,
      );
      const inbox = await app.inject({
        method: 'GET',
        url: '/sim/inbox?contactId=demo-prosecutor-08',
        headers: { authorization },
      });
      expect(inbox.statusCode).toBe(200);
      expect(inbox.json()).toMatchObject({ items: [] });
    }
  });

  it('is not served at all in production without SIM_ENABLED', () => {
    const config = loadConfig({
      ...env,
      SIM_ENABLED: 'false',
      WECHATY_PUPPET_SERVICE_TOKEN: 'puppet_x_0123456789',
    });
    expect(createProcessRuntime(config, logger).simulator).toBe(false);
  });
});
