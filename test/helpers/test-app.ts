// Builds the API on a fresh test database with a manual clock, fixed tokens and a silent logger.
import { type App, buildApp } from '../../api/app.js';
import { createManualClock } from '../../api/clock.js';
import { type Config, loadConfig } from '../../api/config/config.js';
import { createLogger } from '../../api/http/logger.js';
import type { InboundMessage } from '../../api/messages/inbound-message.js';
import type { MessageParser } from '../../api/messages/message-parser.js';
import { seedRegistryIfEmpty } from '../../db/seed/seed-registry.js';
import { type TestInbound, wireBody } from './inbound-fixtures.js';
import { createScriptedParser, type ScriptedParser } from './scripted-parser.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

export const ADMIN = 'test-admin-token';
export const BOT = 'test-bot-token';
export const auth = (token: string) => ({ authorization: `Bearer ${token}` });

export interface TestApp {
  app: App;
  database: TestDatabase;
  clock: ReturnType<typeof createManualClock>;
  config: Config;
  /** The API's parser: scripted per text, unless the test passed a real one. */
  parser: ScriptedParser;
  close(): Promise<void>;
}

export async function createTestApp(
  options: { now?: string; seed?: boolean; env?: Record<string, string>; parser?: MessageParser } = {},
): Promise<TestApp> {
  const database = await createTestDatabase();
  if (options.seed ?? true) await seedRegistryIfEmpty(database.db);
  const clock = createManualClock(options.now ?? '2026-11-27T02:00:00Z');
  const config = loadConfig({ NODE_ENV: 'test', ADMIN_TOKEN: ADMIN, BOT_TOKEN: BOT, ...options.env });
  const logger = createLogger({ level: 'silent' });
  const scripted = createScriptedParser();
  // A real parser (e2e tests) still answers scripted texts first, so a test can pin one message's parse.
  const real = options.parser;
  const parser: ScriptedParser = real
    ? {
        ...scripted,
        parse: async (text, opts) =>
          scripted.has(text) ? scripted.parse(text, opts) : real.parse(text, opts),
      }
    : scripted;
  const app = await buildApp({ config, database, clock, logger, parser });
  return {
    app,
    database,
    clock,
    config,
    parser,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}

/** Posts a message as the bot would; its test parse is what the API's parser returns for its text. */
export function postInbound(
  t: Pick<TestApp, 'app' | 'parser'>,
  msg: TestInbound | InboundMessage,
  token: string = BOT,
) {
  if ('parse' in msg && msg.parse) t.parser.script(msg.text, msg.parse);
  if ('parse' in msg && msg.parse === null) t.parser.fail(msg.text);
  const body = 'parse' in msg ? wireBody(msg) : msg;
  return t.app.inject({ method: 'POST', url: '/v1/messages', headers: auth(token), payload: body });
}
