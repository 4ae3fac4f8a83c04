// The composition root shared by npm start and its tests: which parts run, and whether the simulator is served.
import type { FastifyInstance } from 'fastify';
import type { App } from '../api/app.js';
import { adminPageGuard } from '../api/auth/admin-page-guard.js';
import { systemClock } from '../api/clock.js';
import type { Config } from '../api/config/config.js';
import type { Logger } from '../api/http/logger.js';
import { type RunningApi, startApiServer } from '../api/server.js';
import { type BotRuntime, createBotRuntime } from '../bot/bot-runtime.js';
import { type SimProsecutor, simRoutes } from '../bot/simulator/sim-routes.js';

export interface ProcessRuntime {
  bot: BotRuntime | null;
  api: RunningApi | null;
  /** Whether /sim is served: only with the mock puppet, the API in this process and SIM_ENABLED (production: admin token). */
  simulator: boolean;
  /** Plugins the API server registers beside its routes (the simulator, when served). */
  plugins: readonly ((app: FastifyInstance) => Promise<void>)[];
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Builds (without starting or connecting) the parts this process runs; config must carry both tokens. */
export function createProcessRuntime(config: Config, logger: Logger): ProcessRuntime {
  const bot = config.components.has('bot')
    ? createBotRuntime(
        {
          apiUrl: config.apiUrl,
          botToken: config.botToken!,
          botQueueKey: config.botQueueKey,
          dataDir: config.dataDir,
          puppetService: config.puppetService,
          outbox: config.outbox,
          botName: config.botName,
        },
        logger.child({ component: 'bot' }),
      )
    : null;
  const plugins: ((app: FastifyInstance) => Promise<void>)[] = [];
  const mocker = bot?.mocker;
  const simulator = Boolean(bot && mocker && config.components.has('api') && config.simulator.enabled);
  if (bot && mocker && simulator)
    plugins.push(async (app) =>
      app.register(simRoutes, {
        bot: bot.bot,
        mocker,
        maxTextChars: config.limits.maxTextChars,
        prosecutors: () => registeredProsecutors(runtime.api?.app),
        ...(config.simulator.requireAdminToken ? { guard: adminPageGuard(app, 'jianwang simulator') } : {}),
      }),
    );

  const runtime: ProcessRuntime = {
    bot,
    api: null,
    simulator,
    plugins,
    async start() {
      if (config.components.has('api')) {
        runtime.api = await startApiServer({
          config,
          logger,
          clock: systemClock,
          plugins,
          bot: bot ? { status: () => bot.bot.connection.status() } : undefined,
        });
      }
      await bot?.start();
    },
    async stop() {
      await bot?.stop();
      await runtime.api?.close();
    },
  };
  return runtime;
}

/** The simulator's prosecutor picker: registered prosecutors with a WeChat id, from the API in this process. */
export async function registeredProsecutors(
  api: Pick<App, 'services'> | undefined,
): Promise<SimProsecutor[]> {
  if (!api) return [];
  const { items } = await api.services.registry.people.list(
    { role: 'prosecutor' },
    { limit: 500, offset: 0 },
  );
  return items.flatMap((person) =>
    person.wechatId
      ? [{ wechatId: person.wechatId, name: person.name, groups: person.groups.map((g) => g.name) }]
      : [],
  );
}
