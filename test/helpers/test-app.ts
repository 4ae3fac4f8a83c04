// Builds the API on a fresh test database with a manual clock, fixed tokens and a silent logger.
import { type App, buildApp } from '../../api/app.js';
import { createManualClock } from '../../api/clock.js';
import { type Config, loadConfig } from '../../api/config/config.js';
import { createLogger } from '../../api/http/logger.js';
import { seedRegistryIfEmpty } from '../../db/seed/seed-registry.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

export const ADMIN = 'test-admin-token';
export const BOT = 'test-bot-token';
export const auth = (token: string) => ({ authorization: `Bearer ${token}` });

export interface TestApp {
  app: App;
  database: TestDatabase;
  clock: ReturnType<typeof createManualClock>;
  config: Config;
  close(): Promise<void>;
}

export async function createTestApp(
  options: { now?: string; seed?: boolean; env?: Record<string, string> } = {},
): Promise<TestApp> {
  const database = await createTestDatabase();
  if (options.seed ?? true) await seedRegistryIfEmpty(database.db);
  const clock = createManualClock(options.now ?? '2026-11-27T02:00:00Z');
  const config = loadConfig({ NODE_ENV: 'test', ADMIN_TOKEN: ADMIN, BOT_TOKEN: BOT, ...options.env });
  const logger = createLogger({ level: 'silent' });
  const app = await buildApp({ config, database, clock, logger });
  return {
    app,
    database,
    clock,
    config,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}
