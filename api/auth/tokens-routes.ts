// Admin endpoints for API tokens: issue one (its value is shown once), list them without values, revoke.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { TOKEN_ROLES } from '../../db/schema/index.js';
import { errorBody, pageOf, paginationQuery } from '../http/pagination.js';
import { toIsoShanghai, toIsoShanghaiOrNull } from '../http/time-format.js';
import { requirePrincipal } from './auth-plugin.js';
import { DEFAULT_TOKEN_DAYS, type TokensService } from './tokens-service.js';

const createBody = z.strictObject({
  role: z.enum(TOKEN_ROLES),
  personId: z
    .number()
    .int()
    .positive()
    .optional()
    .describe('required for prosecutor and group_leader tokens; the person must be a prosecutor'),
  label: z.string().trim().min(1).max(100).optional(),
  expiresInDays: z.number().int().min(1).max(3650).default(DEFAULT_TOKEN_DAYS),
});

const createdSchema = z.object({
  id: z.number().int(),
  token: z.string().describe('the bearer token; shown only in this response, only its SHA-256 is stored'),
  role: z.enum(TOKEN_ROLES),
  personId: z.number().int().nullable(),
  expiresAt: z.string(),
});

const tokenSchema = z.object({
  id: z.number().int(),
  role: z.enum(TOKEN_ROLES),
  person: z.object({ id: z.number().int(), code: z.string().nullable(), name: z.string() }).nullable(),
  label: z.string().nullable(),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  createdAt: z.string(),
});

const admin = { roles: ['admin'] as const };

export const tokensRoutes: FastifyPluginAsyncZod<{ tokens: TokensService }> = async (app, opts) => {
  app.post(
    '/v1/tokens',
    {
      config: admin,
      schema: {
        tags: ['tokens'],
        summary: 'Issue an API token (value returned once; expires after expiresInDays, default 90)',
        security: [{ bearer: [] }],
        body: createBody,
        response: { 201: createdSchema, 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody },
      },
    },
    async (request, reply) => {
      const { role, personId, label, expiresInDays } = request.body;
      const created = await opts.tokens.create(
        { role, person: personId, label, expiresInDays },
        requirePrincipal(request).actor,
      );
      reply.header('cache-control', 'no-store');
      return reply.status(201).send({ ...created, expiresAt: toIsoShanghai(created.expiresAt) });
    },
  );

  app.get(
    '/v1/tokens',
    {
      config: admin,
      schema: {
        tags: ['tokens'],
        summary: 'API tokens, newest first (never their values)',
        security: [{ bearer: [] }],
        querystring: paginationQuery,
        response: { 200: pageOf(tokenSchema), 400: errorBody, 401: errorBody, 403: errorBody },
      },
    },
    async (request) => {
      const page = await opts.tokens.list(request.query);
      return {
        total: page.total,
        items: page.items.map((t) => ({
          ...t,
          expiresAt: toIsoShanghaiOrNull(t.expiresAt),
          revokedAt: toIsoShanghaiOrNull(t.revokedAt),
          createdAt: toIsoShanghai(t.createdAt),
        })),
      };
    },
  );

  app.delete(
    '/v1/tokens/:id',
    {
      config: admin,
      schema: {
        tags: ['tokens'],
        summary: 'Revoke a token; it stops working at once',
        security: [{ bearer: [] }],
        params: z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) }),
        response: {
          200: z.object({ id: z.number().int(), revokedAt: z.string() }),
          400: errorBody,
          401: errorBody,
          403: errorBody,
          404: errorBody,
          409: errorBody,
        },
      },
    },
    async (request) => {
      const revoked = await opts.tokens.revoke(request.params.id, requirePrincipal(request).actor);
      return { id: revoked.id, revokedAt: toIsoShanghai(revoked.revokedAt) };
    },
  );
};
