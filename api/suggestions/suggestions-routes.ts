// The 检察建议 register over HTTP: serve, list, read, record the reply and the follow-up, and the figures.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/create-db.js';
import { SUGGESTION_OUTCOMES, SUGGESTION_RATINGS, SUGGESTION_TYPES } from '../../db/schema/index.js';
import { requirePrincipal } from '../auth/auth-plugin.js';
import { caseScope } from '../auth/case-scope.js';
import { CASE_READER_ROLES } from '../cases/cases-routes.js';
import type { Clock } from '../clock.js';
import { BadRequestError } from '../http/domain-errors.js';
import { errorBody, pageOf, paginationQuery } from '../http/pagination.js';
import { shanghaiYear } from '../http/time-format.js';
import type { SuggestionsService } from './suggestions-service.js';

const suggestionNoParam = z.object({ suggestionNo: z.string().regex(/^JY-\d{4}-\d{4,}$/u) });

const suggestionView = z.object({
  suggestionNo: z.string(),
  recipient: z.string(),
  type: z.enum(SUGGESTION_TYPES),
  urgent: z.boolean(),
  groupCode: z.string().nullable(),
  caseNos: z.array(z.string()),
  servedAt: z.string(),
  replyDueAt: z.string(),
  replyRule: z.object({ id: z.string(), source: z.string() }),
  status: z.enum(['awaiting', 'overdue', 'replied']),
  outcome: z.enum(SUGGESTION_OUTCOMES).nullable(),
  replyText: z.string().nullable(),
  repliedAt: z.string().nullable(),
  followUpNote: z.string().nullable(),
  followUpAt: z.string().nullable(),
  rating: z.enum(SUGGESTION_RATINGS).nullable(),
});

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };
const instant = z.iso.datetime({ offset: true });

export const suggestionsRoutes: FastifyPluginAsyncZod<{
  db: Db;
  clock: Clock;
  suggestions: SuggestionsService;
}> = async (app, opts) => {
  const config = { roles: CASE_READER_ROLES };
  const tags = ['suggestions'];
  const security = [{ bearer: [] }];

  app.post(
    '/v1/suggestions',
    {
      config,
      schema: {
        tags,
        security,
        summary: 'Record a 检察建议 served on a unit; returns it with its replyDueAt',
        description:
          'The reply is due two months after service (《人民检察院检察建议工作规定》), fifteen days for an urgent ' +
          'public-interest pre-litigation suggestion; the rule and its source are returned in replyRule.',
        body: z.strictObject({
          recipient: z.string().trim().min(1).max(200),
          type: z.enum(SUGGESTION_TYPES),
          servedAt: instant,
          caseNos: z.array(z.string().max(40)).max(100),
          urgent: z.boolean().optional(),
          groupCode: z.string().max(40).optional(),
        }),
        response: { 201: suggestionView, ...errors },
      },
    },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const servedAt = new Date(request.body.servedAt);
      if (Math.abs(servedAt.getTime() - opts.clock.now().getTime()) > 366 * 86_400_000)
        throw new BadRequestError('servedAt is more than a year from now');
      const scope = await caseScope(opts.db, principal);
      const created = await opts.db.transaction((tx) =>
        opts.suggestions.create(tx, { ...request.body, servedAt }, principal.actor, scope),
      );
      request.log.info({ suggestionNo: created.suggestionNo, actor: principal.actor }, 'suggestion served');
      return reply.code(201).send(created);
    },
  );

  app.get(
    '/v1/suggestions',
    {
      config,
      schema: {
        tags,
        security,
        summary: 'The register, newest service first, with filters',
        querystring: paginationQuery.extend({
          status: z.enum(['awaiting', 'overdue', 'replied']).optional(),
          type: z.enum(SUGGESTION_TYPES).optional(),
          from: instant.optional(),
          to: instant.optional(),
        }),
        response: { 200: pageOf(suggestionView), ...errors },
      },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      const q = request.query;
      return opts.suggestions.list(
        opts.db,
        {
          ...(q.status ? { status: q.status } : {}),
          ...(q.type ? { type: q.type } : {}),
          ...(q.from ? { from: new Date(q.from) } : {}),
          ...(q.to ? { to: new Date(q.to) } : {}),
          limit: q.limit,
          offset: q.offset,
        },
        await caseScope(opts.db, principal),
      );
    },
  );

  app.get(
    '/v1/suggestions/figures',
    {
      config,
      schema: {
        tags,
        security,
        summary: 'Reply rate and adoption rate of suggestions served in [from, to) (default: this year)',
        querystring: z.object({ from: instant.optional(), to: instant.optional() }),
        response: {
          200: z.object({
            served: z.number().int(),
            replied: z.number().int(),
            repliedOnTime: z.number().int(),
            replyRate: z.number().nullable(),
            adopted: z.number().int(),
            partlyAdopted: z.number().int(),
            adoptionRate: z.number().nullable(),
            ratedExcellent: z.number().int(),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      const now = opts.clock.now();
      const year = shanghaiYear(now);
      const from = request.query.from
        ? new Date(request.query.from)
        : new Date(`${year}-01-01T00:00:00+08:00`);
      const to = request.query.to ? new Date(request.query.to) : new Date(`${year + 1}-01-01T00:00:00+08:00`);
      if (!(from < to)) throw new BadRequestError('from must be before to');
      return opts.suggestions.figures(opts.db, { from, to }, await caseScope(opts.db, principal));
    },
  );

  app.get(
    '/v1/suggestions/:suggestionNo',
    {
      config,
      schema: {
        tags,
        security,
        summary: 'One suggestion',
        params: suggestionNoParam,
        response: { 200: suggestionView, ...errors },
      },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      return opts.suggestions.get(opts.db, request.params.suggestionNo, await caseScope(opts.db, principal));
    },
  );

  app.post(
    '/v1/suggestions/:suggestionNo/reply',
    {
      config,
      schema: {
        tags,
        security,
        summary: 'Record the unit’s reply: adopted, partly adopted or not, with its answer',
        params: suggestionNoParam,
        body: z.strictObject({
          outcome: z.enum(SUGGESTION_OUTCOMES),
          text: z.string().trim().min(1).max(5000),
          repliedAt: instant.optional(),
        }),
        response: { 200: suggestionView, ...errors },
      },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      const scope = await caseScope(opts.db, principal);
      const { repliedAt, ...rest } = request.body;
      return opts.db.transaction((tx) =>
        opts.suggestions.reply(
          tx,
          request.params.suggestionNo,
          { ...rest, ...(repliedAt ? { repliedAt: new Date(repliedAt) } : {}) },
          principal.actor,
          scope,
        ),
      );
    },
  );

  app.post(
    '/v1/suggestions/:suggestionNo/follow-up',
    {
      config,
      schema: {
        tags,
        security,
        summary: 'Record the follow-up check of a replied suggestion and, optionally, its rating',
        params: suggestionNoParam,
        body: z.strictObject({
          note: z.string().trim().min(1).max(5000),
          rating: z.enum(SUGGESTION_RATINGS).optional(),
        }),
        response: { 200: suggestionView, ...errors },
      },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      const scope = await caseScope(opts.db, principal);
      return opts.db.transaction((tx) =>
        opts.suggestions.followUp(tx, request.params.suggestionNo, request.body, principal.actor, scope),
      );
    },
  );
};
