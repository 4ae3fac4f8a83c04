// npm start: API + bot + jobs in one process on embedded PGlite (or DATABASE_URL), with the simulator on the mock puppet.
import type { FastifyInstance } from 'fastify';
import { ensureDevTokens } from '../api/auth/dev-tokens.js';
import { systemClock } from '../api/clock.js';
import { ConfigError, loadConfig } from '../api/config/config.js';
import { createLogger } from '../api/http/logger.js';
import { type RunningApi, startApiServer } from '../api/server.js';
import { type BotRuntime, createBotRuntime } from '../bot/bot-runtime.js';
import { simRoutes } from '../bot/simulator/sim-routes.js';

async function main(): Promise<void> {
  let config = loadConfig();
  const logger = createLogger({ level: config.logLevel });
  config = ensureDevTokens(config, (tokens, file) => {
    // Printed once, to the terminal only, when the development tokens are first generated.
    process.stderr.write(
      `\nDevelopment tokens generated (kept in ${file}):\n  ADMIN_TOKEN=${tokens.adminToken}\n  BOT_TOKEN=${tokens.botToken}\n\n`,
    );
  });

  let bot: BotRuntime | null = null;
  const plugins: ((app: FastifyInstance) => Promise<void>)[] = [];
  if (config.components.has('bot')) {
    bot = createBotRuntime(
      {
        apiUrl: config.apiUrl,
        botToken: config.botToken!,
        dataDir: config.dataDir,
        puppetService: config.puppetService,
        outbox: config.outbox,
      },
      logger.child({ component: 'bot' }),
    );
    const { mocker } = bot;
    const running = bot;
    if (mocker && config.components.has('api')) {
      plugins.push(async (app) => app.register(simRoutes, { bot: running.bot, mocker }));
    }
  }

  let api: RunningApi | null = null;
  if (config.components.has('api')) {
    api = await startApiServer({ config, logger, clock: systemClock, plugins });
  }
  await bot?.start();
  const base = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${config.port}`;
  logger.info(
    {
      api: api ? base : null,
      db: api?.database.kind ?? null,
      puppet: bot?.kind ?? null,
      simulator: bot?.mocker && api ? `${base}/sim` : null,
      docs: api ? `${base}/docs` : null,
    },
    'jianwang started',
  );

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: draining requests, jobs and sends');
    try {
      await bot?.stop();
      await api?.close();
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  process.stderr.write(
    `jianwang failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
