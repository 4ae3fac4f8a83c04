// The entry picks its puppet from the environment: a puppet-service token means real WeChat and no simulator.

import { describe, expect, it } from 'vitest';
import { PuppetService } from 'wechaty-puppet-service';
import { buildApp } from '../../api/app.js';
import { systemClock } from '../../api/clock.js';
import { loadConfig } from '../../api/config/config.js';
import { createLogger } from '../../api/http/logger.js';
import { createProcessRuntime } from '../../scripts/process-runtime.js';
import { createTestDatabase } from '../helpers/test-database.js';

const logger = createLogger({ level: 'silent' });
const baseEnv = { NODE_ENV: 'test', ADMIN_TOKEN: 'a', BOT_TOKEN: 'b', DATA_DIR: 'memory' } as const;

async function simStatus(plugins: ReturnType<typeof createProcessRuntime>['plugins']): Promise<number> {
  const database = await createTestDatabase();
  const config = loadConfig(baseEnv);
  const app = await buildApp({ config, database, clock: systemClock, logger, plugins: [...plugins] });
  try {
    return (await app.inject({ method: 'GET', url: '/sim' })).statusCode;
  } finally {
    await app.close();
    await database.close();
  }
}

describe('puppet selection', () => {
  it('builds wechaty-puppet-service with the token and endpoint, without connecting, and serves no simulator', {
    timeout: 90_000,
  }, async () => {
    const config = loadConfig({
      ...baseEnv,
      WECHATY_PUPPET_SERVICE_TOKEN: 'puppet_service_test_token',
      WECHATY_PUPPET_SERVICE_ENDPOINT: '127.0.0.1:8788',
    });
    const runtime = createProcessRuntime(config, logger);
    expect(runtime.bot?.kind).toBe('service');
    const puppet = runtime.bot?.puppet as PuppetService;
    expect(puppet).toBeInstanceOf(PuppetService);
    expect(puppet.options).toMatchObject({ token: 'puppet_service_test_token', endpoint: '127.0.0.1:8788' });
    expect(runtime.simulator).toBe(false);
    expect(await simStatus(runtime.plugins)).toBe(404);
  });

  it('runs on wechaty-puppet-mock and serves the simulator without a token', {
    timeout: 90_000,
  }, async () => {
    const runtime = createProcessRuntime(loadConfig(baseEnv), logger);
    expect(runtime.bot?.kind).toBe('mock');
    expect(runtime.simulator).toBe(true);
    expect(await simStatus(runtime.plugins)).toBe(200);
  });
});
