// Fault-test harness: a real API listening on a port over a test database, and the bot on the mock puppet talking HTTP to it.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type App, buildApp } from '../../../api/app.js';
import { systemClock } from '../../../api/clock.js';
import { loadConfig } from '../../../api/config/config.js';
import { createLogger } from '../../../api/http/logger.js';
import type { MessageParser } from '../../../api/messages/message-parser.js';
import { createApiClient } from '../../../bot/api-client.js';
import type { Database } from '../../../db/create-db.js';
import { seedRegistryIfEmpty } from '../../../db/seed/seed-registry.js';
import type { FakeBotApi } from '../../bot/support/fake-bot-api.js';
import { type MockWechat, startMockWechat } from '../../bot/support/mock-wechat.js';
import { parseOf } from '../../helpers/inbound-fixtures.js';
import { ADMIN, BOT } from '../../helpers/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';

export interface LiveApi {
  app: App;
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function freshDatabase(): Promise<TestDatabase> {
  const database = await createTestDatabase();
  await seedRegistryIfEmpty(database.db);
  return database;
}

/** The API on 127.0.0.1 (a free port, or the given one, so a restarted API is found at the same address). */
export async function startApi(
  database: Database,
  port = 0,
  env: Record<string, string> = {},
): Promise<LiveApi> {
  const config = loadConfig({
    NODE_ENV: 'test',
    ADMIN_TOKEN: ADMIN,
    BOT_TOKEN: BOT,
    RATE_LIMIT_PER_MINUTE: '100000',
    ...env,
  });
  const app = await buildApp({
    config,
    database,
    clock: systemClock,
    logger: createLogger({ level: 'silent' }),
    parser: disputeParser,
  });
  const url = await app.listen({ host: '127.0.0.1', port });
  return { app, url, port: Number(new URL(url).port), close: () => app.close() };
}

/** Every message reads as a dispute in a known community, so routing never asks a question back. */
export const disputeParser: MessageParser = {
  parse: async (text) =>
    parseOf('report_dispute', { entities: { place: '三坊七巷社区' }, normalizedText: text }),
};

export async function startLiveBot(
  apiUrl: string,
  options: { queueDir?: string; outbox?: boolean; minGapMs?: number } = {},
): Promise<MockWechat> {
  return startMockWechat({
    // The harness types its api as the fake; the real HTTP client stands in, and wechat.api is unused.
    // The client's own time-out (10 s): a 2 s one turned slow answers on a loaded machine into queued messages.
    api: createApiClient({ apiUrl, botToken: BOT }) as unknown as FakeBotApi,
    ...(options.queueDir ? { queueDir: options.queueDir } : {}),
    pacing: { minGapMs: options.minGapMs ?? 0, jitterMs: 0, maxPerMinute: 10_000, perChatGapMs: 0 },
    outbox: { enabled: options.outbox ?? false, pollIntervalMs: 20, batchSize: 3 },
    retry: { baseMs: 20, maxMs: 100 },
  });
}

export async function tempDir(prefix: string): Promise<{ path: string; remove(): Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/** Polls until `check` holds or the time is up; returns whether it held. */
export async function eventually(check: () => Promise<boolean> | boolean, ms = 15_000): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return check();
}
