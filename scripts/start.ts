// npm start: API + bot + jobs in one process on embedded PGlite (or DATABASE_URL), with the simulator on the mock puppet.
import { ensureDevTokens } from '../api/auth/dev-tokens.js';
import { ConfigError, loadConfig } from '../api/config/config.js';
import { createLogger } from '../api/http/logger.js';
import { DataDirLockedError } from '../db/data-dir-lock.js';
import { DatabaseOpenError } from '../db/database-errors.js';
import { apiWorkerIndex, runApiWorkers, workerConfig } from './api-workers.js';
import { createProcessRuntime } from './process-runtime.js';

async function main(): Promise<void> {
  let config = loadConfig();
  const worker = config.apiWorkers > 1 && config.components.has('api') ? apiWorkerIndex() : null;
  const root = createLogger({ level: config.logLevel });
  const logger = worker === null ? root : root.child({ apiWorker: worker });
  config = ensureDevTokens(config, (tokens, file) => {
    // Printed once, to the terminal only, when the development tokens are first generated.
    process.stderr.write(
      `\nDevelopment tokens generated (kept in ${file}):\n  ADMIN_TOKEN=${tokens.adminToken}\n  BOT_TOKEN=${tokens.botToken}\n\n`,
    );
  });

  // API_WORKERS > 1: this process forks the API processes and waits; each worker runs main() itself.
  if (config.apiWorkers > 1 && config.components.has('api')) {
    if (worker === null) return runApiWorkers(config, logger);
    config = workerConfig(config, worker);
  }

  const runtime = createProcessRuntime(config, logger);
  // Signal handlers go in before anything starts, so a SIGTERM during start-up still drains cleanly.
  let starting: Promise<void> = Promise.resolve();
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: draining requests, jobs and sends');
    try {
      await starting.catch(() => undefined);
      await runtime.stop();
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));

  starting = runtime.start();
  await starting;
  if (stopping) return;
  const address = runtime.api?.app.server.address();
  const base =
    address && typeof address === 'object'
      ? `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${address.port}`
      : null;
  logger.info(
    {
      api: base,
      db: runtime.api?.database.kind ?? null,
      puppet: runtime.bot?.kind ?? null,
      bot: runtime.bot?.bot.connection.status().state ?? 'off',
      simulator: runtime.simulator && base ? `${base}/sim` : null,
      docs: base ? `${base}/docs` : null,
    },
    'jianwang started',
  );
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  // The operator's problem, stated in one line: no stack trace from inside the driver.
  if (error instanceof DatabaseOpenError || error instanceof DataDirLockedError) {
    process.stderr.write(`jianwang: ${error.message}\n`);
    process.exit(1);
  }
  process.stderr.write(
    `jianwang failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
