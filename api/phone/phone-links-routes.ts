// The office's view of phone links: list them (never their tokens) and revoke one, a case's, or a person's.
import { eq } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/create-db.js';
import { cases, phoneLinks } from '../../db/schema/index.js';
import { requirePrincipal } from '../auth/auth-plugin.js';
import { requireCaseNo } from '../cases/cases-routes.js';
import type { Clock } from '../clock.js';
import { BadRequestError, ConflictError, NotFoundError } from '../http/domain-errors.js';
import { errorBody, pageOf, paginationQuery } from '../http/pagination.js';
import { toIsoShanghai, toIsoShanghaiOrNull } from '../http/time-format.js';
import type { PhoneLinks } from './phone-links.js';

const linkSchema = z.object({
  id: z.number().int(),
  caseNo: z.string(),
  person: z.object({ id: z.number().int(), name: z.string() }),
  state: z.enum(['live', 'expired', 'revoked']),
  createdAt: z.string(),
  expiresAt: z.string(),
  revokedAt: z.string().nullable(),
  revokedBy: z.string().nullable(),
});

const office = { roles: ['admin', 'office'] as const };
const personId = z.coerce.number().int().positive().max(2_147_483_647);

export const phoneLinksRoutes: FastifyPluginAsyncZod<{
  db: Db;
  clock: Clock;
  phoneLinks: PhoneLinks;
}> = async (app, opts) => {
  async function caseIdOf(raw: string): Promise<number> {
    const caseNo = requireCaseNo(raw);
    const [row] = await opts.db.select({ id: cases.id }).from(cases).where(eq(cases.caseNo, caseNo));
    if (!row) throw new NotFoundError(`case ${caseNo} does not exist`);
    return row.id;
  }

  app.get(
    '/v1/phone-links',
    {
      config: office,
      schema: {
        tags: ['phone'],
        summary:
          'Phone-page links sent to prosecutors, newest first (never their tokens: only hashes are kept)',
        security: [{ bearer: [] }],
        querystring: paginationQuery.extend({
          caseNo: z.string().min(1).max(40).optional(),
          personId: personId.optional(),
        }),
        response: { 200: pageOf(linkSchema), 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody },
      },
    },
    async (request) => {
      const { limit, offset, caseNo, personId: person } = request.query;
      const filter = {
        ...(caseNo !== undefined ? { caseIds: [await caseIdOf(caseNo)] } : {}),
        ...(person !== undefined ? { personId: person } : {}),
      };
      const page = await opts.phoneLinks.list(opts.db, filter, { limit, offset });
      const now = opts.clock.now().getTime();
      return {
        total: page.total,
        items: page.items.map(({ link, caseNo: no, personName }) => ({
          id: link.id,
          caseNo: no,
          person: { id: link.personId, name: personName },
          state: link.revokedAt
            ? ('revoked' as const)
            : link.expiresAt.getTime() <= now
              ? ('expired' as const)
              : ('live' as const),
          createdAt: toIsoShanghai(link.createdAt),
          expiresAt: toIsoShanghai(link.expiresAt),
          revokedAt: toIsoShanghaiOrNull(link.revokedAt),
          revokedBy: link.revokedBy,
        })),
      };
    },
  );

  app.delete(
    '/v1/phone-links/:id',
    {
      config: office,
      schema: {
        tags: ['phone'],
        summary: 'Revoke one phone link; it stops working at once',
        security: [{ bearer: [] }],
        params: z.object({ id: personId }),
        response: {
          200: z.object({ id: z.number().int(), revoked: z.literal(true) }),
          400: errorBody,
          401: errorBody,
          403: errorBody,
          404: errorBody,
          409: errorBody,
        },
      },
    },
    async (request) => {
      const { id } = request.params;
      const n = await opts.phoneLinks.revoke(opts.db, { id }, requirePrincipal(request).actor);
      if (n === 0) {
        const [row] = await opts.db
          .select({ id: phoneLinks.id })
          .from(phoneLinks)
          .where(eq(phoneLinks.id, id));
        if (!row) throw new NotFoundError(`phone link ${id} does not exist`);
        throw new ConflictError(`phone link ${id} is already revoked or expired`, 'not_live');
      }
      request.log.info({ phoneLinkId: id, actor: requirePrincipal(request).actor }, 'phone link revoked');
      return { id, revoked: true as const };
    },
  );

  app.post(
    '/v1/phone-links/revoke',
    {
      config: office,
      schema: {
        tags: ['phone'],
        summary:
          'Revoke every live phone link of a case, of a person (a lost phone), or of a person for one case',
        security: [{ bearer: [] }],
        body: z.strictObject({ caseNo: z.string().min(1).max(40).optional(), personId: personId.optional() }),
        response: {
          200: z.object({ revoked: z.number().int() }),
          400: errorBody,
          401: errorBody,
          403: errorBody,
          404: errorBody,
        },
      },
    },
    async (request) => {
      const { caseNo, personId: person } = request.body;
      if (caseNo === undefined && person === undefined)
        throw new BadRequestError('name a caseNo, a personId or both', undefined, 'bad_request');
      const filter = {
        ...(caseNo !== undefined ? { caseId: await caseIdOf(caseNo) } : {}),
        ...(person !== undefined ? { personId: person } : {}),
      };
      const revoked = await opts.phoneLinks.revoke(opts.db, filter, requirePrincipal(request).actor);
      request.log.info({ caseNo, personId: person, revoked }, 'phone links revoked');
      return { revoked };
    },
  );
};
