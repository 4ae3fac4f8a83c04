// Child process for the ingest bench: the API (buildApp + listen on 127.0.0.1:0) on a prepared database.
import pino from 'pino';
import { buildApp } from '../../api/app.js';
import { systemClock } from '../../api/clock.js';
import { loadConfig } from '../../api/config/config.js';
import { createLogger } from '../../api/http/logger.js';
import { createRegistryParser } from '../../api/messages/message-parser.js';
import { createDb } from '../../db/create-db.js';
import { prepareBenchRegistry } from './bench-fixtures.js';
import { registerEmptyRoute, registerNoDatabaseRoute } from './no-db-route.js';

export interface ApiProcessReady {
  type: 'ready';
  port: number;
  fixture: Awaited<ReturnType<typeof prepareBenchRegistry>>;
}

async function main(): Promise<void> {
  const env = process.env;
  const database = await createDb({
    databaseUrl: env.BENCH_DATABASE_URL || undefined,
    dataDir: env.BENCH_DATA_DIR ?? 'memory',
    maxConnections: Number(env.BENCH_POOL ?? 10),
  });
  const fixture = await prepareBenchRegistry(database.db);
  const config = loadConfig({
    NODE_ENV: 'development',
    HOST: '127.0.0.1',
    PORT: '0',
    ADMIN_TOKEN: env.BENCH_ADMIN_TOKEN,
    BOT_TOKEN: env.BENCH_BOT_TOKEN,
    LOG_LEVEL: (env.BENCH_LOG_LEVEL as 'info') ?? 'info',
  });
  // Logs go to a file, as in production, so their cost is in the figures without flooding the terminal.
  const destination = env.BENCH_LOG_FILE
    ? pino.destination({ dest: env.BENCH_LOG_FILE, sync: false })
    : pino.destination({ dest: '/dev/null', sync: false });
  const logger = createLogger({ level: config.logLevel, destination });
  const parser = await createRegistryParser(database.db, logger);
  const app = await buildApp({ config, database, clock: systemClock, logger, parser });
  registerNoDatabaseRoute(app, parser, config.limits.maxTextChars);
  registerEmptyRoute(app);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const stop = async () => {
    await app.close();
    await database.close();
    destination.flushSync();
    process.exit(0);
  };
  process.on('message', (m: { type?: string }) => {
    if (m?.type === 'stop') void stop();
  });
  process.once('SIGTERM', () => void stop());
  process.send?.({ type: 'ready', port, fixture } satisfies ApiProcessReady);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench api process failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
