// GET /health: 200 with the database kind when the database answers, 503 when it does not.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../../db/create-db.js';

const healthy = z.object({ status: z.literal('ok'), db: z.enum(['pglite', 'postgres']) });
const unhealthy = z.object({ status: z.literal('unavailable'), db: z.enum(['pglite', 'postgres']) });

export const healthRoutes: FastifyPluginAsyncZod<{ database: Pick<Database, 'kind' | 'ping'> }> = async (
  app,
  opts,
) => {
  app.get(
    '/health',
    {
      config: { quietLog: true },
      schema: {
        tags: ['health'],
        summary: 'Liveness and database reachability',
        response: { 200: healthy, 503: unhealthy },
      },
    },
    async (request, reply) => {
      try {
        await withTimeout(opts.database.ping(), 2000);
        return { status: 'ok' as const, db: opts.database.kind };
      } catch (err) {
        request.log.warn({ err }, 'database ping failed');
        return reply.status(503).send({ status: 'unavailable' as const, db: opts.database.kind });
      }
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
