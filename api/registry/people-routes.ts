// Office endpoints for people: list (residents included), register, change, and CSV import.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { GROUP_MEMBER_ROLES, PERSON_ROLES } from '../../db/schema/index.js';
import { requirePrincipal } from '../auth/auth-plugin.js';
import { errorBody, pageOf, paginationQuery } from '../http/pagination.js';
import {
  acceptCsvBodies,
  CSV_BODY_LIMIT,
  CSV_CONSUMES,
  csvBodySchema,
  csvImportResultSchema,
  csvInvalidBody,
  requireCsvContentType,
} from './csv-import.js';
import { csvPreviewSchema, dryRunQuery, previewCsvImport } from './csv-preview.js';
import type { PeopleService } from './people-service.js';
import { codeRefSchema, gridRefSchema, registryCode } from './registry-views.js';

const REGISTERED_ROLES = ['prosecutor', 'grid_member', 'office'] as const;

const personSchema = z.object({
  id: z.number().int(),
  code: z.string().nullable(),
  name: z.string(),
  role: z.enum(PERSON_ROLES),
  wechatId: z.string().nullable(),
  grid: gridRefSchema.nullable(),
  phone: z
    .string()
    .nullable()
    .describe('masked, e.g. 138****5678; stored encrypted, never returned in clear'),
  groups: z.array(codeRefSchema.extend({ role: z.enum(GROUP_MEMBER_ROLES) })),
  createdAt: z.string(),
});

const name = z.string().trim().min(1).max(32);
const wechatId = z
  .string()
  .trim()
  .regex(/^[^\s,]{1,64}$/, 'at most 64 characters, no spaces')
  .describe('WeChat contact id');
const phone = z.string().trim().min(1).max(32).describe('mainland mobile or 0591 landline; stored encrypted');
const gridCode = z.string().trim().min(1).max(64);

const writeErrors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };
const roles = { roles: ['admin', 'office'] as const };

export const peopleRoutes: FastifyPluginAsyncZod<{ people: PeopleService }> = async (app, opts) => {
  acceptCsvBodies(app);

  app.get(
    '/v1/people',
    {
      config: roles,
      schema: {
        tags: ['registry'],
        summary: 'People by role, grid (the grid and everything under it) and name/code/WeChat id substring',
        security: [{ bearer: [] }],
        querystring: paginationQuery.extend({
          role: z.enum(PERSON_ROLES).optional(),
          grid: z.string().min(1).max(64).optional().describe('grid code'),
          q: z.string().trim().min(1).max(64).optional(),
        }),
        response: { 200: pageOf(personSchema), 400: errorBody, 401: errorBody, 403: errorBody },
      },
    },
    async (request) => {
      const { limit, offset, role, grid, q } = request.query;
      return opts.people.list(
        { ...(role ? { role } : {}), ...(grid ? { gridCode: grid } : {}), ...(q ? { q } : {}) },
        { limit, offset },
      );
    },
  );

  app.get(
    '/v1/people/:id',
    {
      config: roles,
      schema: {
        tags: ['registry'],
        summary: 'One person',
        security: [{ bearer: [] }],
        params: z.object({ id: z.coerce.number().int().positive() }),
        response: { 200: personSchema, 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody },
      },
    },
    async (request) => opts.people.get(request.params.id),
  );

  app.post(
    '/v1/people',
    {
      config: roles,
      schema: {
        tags: ['registry'],
        summary: 'Register a prosecutor (with WeChat id), grid member (with grid) or office worker',
        description:
          'A resident already known by the same WeChat id is promoted to the new role rather than duplicated. Without `code` one is assigned (P-000123).',
        security: [{ bearer: [] }],
        body: z.strictObject({
          name,
          role: z.enum(REGISTERED_ROLES),
          code: registryCode.optional(),
          wechatId: wechatId.optional(),
          gridCode: gridCode.optional(),
          phone: phone.optional(),
        }),
        response: { 201: personSchema, ...writeErrors },
      },
    },
    async (request, reply) => {
      const created = await opts.people.create(request.body, requirePrincipal(request).actor);
      return reply.status(201).send(created);
    },
  );

  app.patch(
    '/v1/people/:id',
    {
      config: roles,
      schema: {
        tags: ['registry'],
        summary: 'Change a person: name, role, WeChat id, grid, phone (null clears)',
        security: [{ bearer: [] }],
        params: z.object({ id: z.coerce.number().int().positive() }),
        body: z.strictObject({
          name: name.optional(),
          role: z.enum(REGISTERED_ROLES).optional(),
          wechatId: wechatId.nullable().optional(),
          gridCode: gridCode.nullable().optional(),
          phone: phone.nullable().optional(),
        }),
        response: { 200: personSchema, ...writeErrors },
      },
    },
    async (request) => opts.people.update(request.params.id, request.body, requirePrincipal(request).actor),
  );

  app.post(
    '/v1/people/import',
    {
      config: roles,
      bodyLimit: CSV_BODY_LIMIT,
      preValidation: requireCsvContentType,
      schema: {
        tags: ['registry'],
        summary:
          'Import people from CSV (name,role,wechat_id[,grid_code,group_code,phone]): all valid, or nothing',
        description:
          'Send the file as the request body with Content-Type: text/csv, or as a form upload (one file field named file); UTF-8 or GBK/GB18030. role: prosecutor, grid_member, group_leader or liaison; group_leader and liaison take that seat in group_code (the previous holder stays as a member), a prosecutor with group_code joins it. A known wechat_id updates that person. Any invalid line rejects the whole file with 422 and the line numbers (the header is line 1). With ?dryRun=true nothing is applied: the answer lists every line with its errors and, for a valid file, how many rows would be created and updated.',
        security: [{ bearer: [] }],
        consumes: CSV_CONSUMES,
        querystring: dryRunQuery,
        body: csvBodySchema,
        response: {
          200: z.union([csvPreviewSchema, csvImportResultSchema]),
          400: errorBody,
          401: errorBody,
          403: errorBody,
          415: errorBody,
          422: csvInvalidBody,
        },
      },
    },
    async (request) => {
      const actor = requirePrincipal(request).actor;
      if (request.query.dryRun === 'true')
        return previewCsvImport(request.body, () =>
          opts.people.importCsv(request.body, actor, { dryRun: true }),
        );
      return opts.people.importCsv(request.body, actor);
    },
  );
};
