// GET /health: the database and the bot in this process; 503 when the database is down or the bot cannot log in.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../../db/create-db.js';
import type { Clock } from '../clock.js';
import { toIsoShanghai } from '../http/time-format.js';

export const BOT_STATES = ['logged_in', 'connecting', 'logged_out', 'off'] as const;

/** What the bot running in this process reports; the API runs without one (`off`) when the bot is elsewhere. */
export interface BotHealthSource {
  status(): { state: (typeof BOT_STATES)[number]; since: Date; notLoggedInSince: Date | null };
}

const healthBody = z.object({
  status: z.enum(['ok', 'degraded']),
  db: z.enum(['pglite', 'postgres']),
  dbReachable: z.boolean().optional().describe('false when the database did not answer (then 503)'),
  bot: z.object({
    state: z.enum(BOT_STATES),
    since: z.string().describe('when the bot entered this state'),
  }),
});

export const healthRoutes: FastifyPluginAsyncZod<{
  database: Pick<Database, 'kind' | 'ping'>;
  clock: Clock;
  bot?: BotHealthSource | undefined;
  /** How long the bot may go without logging in before /health answers 503. */
  botLoginGraceMs: number;
}> = async (app, opts) => {
  // Without a bot in this process, "off" since the API started.
  const apiStarted = opts.clock.now();
  app.get(
    '/health',
    {
      config: { quietLog: true },
      schema: {
        tags: ['health'],
        summary: 'Liveness: database reachability and the WeChat bot’s login state',
        description:
          '503 while the database does not answer, or while the bot in this process has been unable to log in ' +
          'for longer than BOT_LOGIN_GRACE_SECONDS; "degraded" while the bot is not logged in.',
        response: { 200: healthBody, 503: healthBody },
      },
    },
    async (request, reply) => {
      const bot = opts.bot?.status() ?? { state: 'off' as const, since: apiStarted, notLoggedInSince: null };
      const botView = { state: bot.state, since: toIsoShanghai(bot.since) };
      const botFailing =
        bot.notLoggedInSince !== null &&
        opts.clock.now().getTime() - bot.notLoggedInSince.getTime() > opts.botLoginGraceMs;
      const botDegraded = bot.state === 'connecting' || bot.state === 'logged_out';
      let dbReachable = true;
      try {
        await withTimeout(opts.database.ping(), 2000);
      } catch (err) {
        request.log.warn({ err }, 'database ping failed');
        dbReachable = false;
      }
      const body = {
        status: dbReachable && !botDegraded ? ('ok' as const) : ('degraded' as const),
        db: opts.database.kind,
        ...(dbReachable ? {} : { dbReachable }),
        bot: botView,
      };
      return reply.status(dbReachable && !botFailing ? 200 : 503).send(body);
    },
  );
};

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
