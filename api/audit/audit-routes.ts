// GET /v1/audit: the admin's view of who read reporter details or changed the registry and tokens, and when.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { BadRequestError } from '../http/domain-errors.js';
import { errorBody, pageOf, paginationQuery } from '../http/pagination.js';
import { toIsoShanghai } from '../http/time-format.js';
import type { AuditService } from './audit-service.js';

const entrySchema = z.object({
  id: z.number().int(),
  at: z.string(),
  actor: z.string().describe('who: `admin:env`, `token:<id>`, `wechat:<personId>`, …'),
  action: z.string().describe('what, e.g. read_reporter, token_created, token_revoked, person_created'),
  subject: z.string().describe('on what, e.g. a case number or `token:<id>`'),
  data: z.record(z.string(), z.unknown()),
  person: z
    .object({ id: z.number().int(), name: z.string() })
    .nullable()
    .describe('the registry person behind the actor (WeChat, console session or a token issued to them)'),
});

const instant = z.iso.datetime({ offset: true });

export const auditRoutes: FastifyPluginAsyncZod<{ audit: AuditService }> = async (app, opts) => {
  app.get(
    '/v1/audit',
    {
      config: { roles: ['admin'] },
      schema: {
        tags: ['audit'],
        summary:
          'Audit log, newest first, filtered by time (from inclusive, to exclusive), actor, person and action',
        description:
          'Changes to cases are also kept per case as events (GET /v1/cases/:caseNo shows them); this log holds every read of reporter details and every registry and token change.',
        security: [{ bearer: [] }],
        querystring: paginationQuery.extend({
          from: instant.optional(),
          to: instant.optional(),
          actor: z.string().min(1).max(100).optional(),
          action: z.string().min(1).max(100).optional(),
          person: z.coerce
            .number()
            .int()
            .min(1)
            .max(2_147_483_647)
            .optional()
            .describe('a person id: entries by them in WeChat, in the console, or with their tokens'),
        }),
        response: { 200: pageOf(entrySchema), 400: errorBody, 401: errorBody, 403: errorBody },
      },
    },
    async (request) => {
      const { limit, offset, from, to, actor, action, person } = request.query;
      const fromAt = from ? new Date(from) : undefined;
      const toAt = to ? new Date(to) : undefined;
      if (fromAt && toAt && fromAt >= toAt) throw new BadRequestError('from must be before to');
      const page = await opts.audit.list(
        { from: fromAt, to: toAt, actor, action, personId: person },
        { limit, offset },
      );
      return {
        total: page.total,
        items: page.items.map((e) => ({ ...e, at: toIsoShanghai(e.at) })),
      };
    },
  );

  app.get(
    '/v1/audit/actions',
    {
      config: { roles: ['admin'] },
      schema: {
        tags: ['audit'],
        summary: 'Every action name the audit log holds, for a filter',
        security: [{ bearer: [] }],
        response: { 200: z.object({ items: z.array(z.string()) }), 401: errorBody, 403: errorBody },
      },
    },
    async () => ({ items: await opts.audit.actions() }),
  );
};
