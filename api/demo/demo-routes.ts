// GET /v1/demo: how many demo cases there are (the console's 演示数据 notice); DELETE /v1/demo/cases removes them (admin, audited).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/create-db.js';
import { clearDemoCases, countDemoCases } from '../../db/seed/demo-cases.js';
import { requirePrincipal } from '../auth/auth-plugin.js';
import type { Clock } from '../clock.js';
import { errorBody } from '../http/pagination.js';
import { recordAudit } from '../registry/registry-audit.js';

export const demoRoutes: FastifyPluginAsyncZod<{ db: Db; clock: Clock }> = async (app, opts) => {
  app.get(
    '/v1/demo',
    {
      config: { roles: ['admin', 'office', 'group_leader', 'prosecutor'] },
      schema: {
        tags: ['demo'],
        summary: 'How many demo cases (GL-<year>-900001…) the database holds',
        description:
          'A fresh development database gets demo cases at its first start (DEMO_DATA=off turns that off); the console shows a notice while there are any.',
        security: [{ bearer: [] }],
        response: { 200: z.object({ cases: z.number().int() }), 401: errorBody, 403: errorBody },
      },
    },
    async () => ({ cases: await countDemoCases(opts.db) }),
  );

  app.delete(
    '/v1/demo/cases',
    {
      config: { roles: ['admin'] },
      schema: {
        tags: ['demo'],
        summary: 'Removes every demo case with its reports, events and notes (npm run demo:clear)',
        security: [{ bearer: [] }],
        response: { 200: z.object({ removed: z.number().int() }), 401: errorBody, 403: errorBody },
      },
    },
    async (request) => {
      const { actor } = requirePrincipal(request);
      const result = await clearDemoCases(opts.db);
      await recordAudit(opts.db, {
        at: opts.clock.now(),
        actor,
        action: 'demo_cases_cleared',
        subject: 'demo',
        data: result,
      });
      return result;
    },
  );
};
