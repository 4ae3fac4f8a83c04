// Office endpoints for prosecutor groups: list, detail, create, change, owned communities, members.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { GROUP_FUNCTIONS, GROUP_MEMBER_ROLES } from '../../db/schema/index.js';
import { requirePrincipal } from '../auth/auth-plugin.js';
import { errorBody, pageOf, paginationQuery } from '../http/pagination.js';
import type { GroupService } from './groups-service.js';
import { codeParam, codeRefSchema, personRefSchema, registryCode } from './registry-views.js';

const groupSummarySchema = z.object({
  code: z.string(),
  name: z.string(),
  demo: z.boolean().describe('created by the seed; the office replaces demo groups'),
  duty: z.boolean().describe('receives cases whose grid is unknown or unowned; exactly one group has it'),
  function: z
    .enum(GROUP_FUNCTIONS)
    .describe(
      'grid groups own communities; the others take matters by subject (api/routing/department-routes.ts)',
    ),
  leader: personRefSchema.nullable(),
  liaison: personRefSchema.nullable(),
  memberCount: z.number().int().describe('everyone in the group, leader and liaison included'),
  communityCount: z.number().int(),
  createdAt: z.string(),
});

const groupDetailSchema = groupSummarySchema.extend({
  members: z.array(personRefSchema.extend({ role: z.enum(GROUP_MEMBER_ROLES) })),
  communities: z.array(codeRefSchema),
});

const groupName = z.string().trim().min(1).max(64);
const personCode = z.string().trim().min(1).max(64);

const groupChangesBody = z.strictObject({
  name: groupName.optional(),
  leaderCode: personCode.optional().describe('person code of a prosecutor'),
  liaisonCode: personCode.optional().describe('person code of a prosecutor'),
  duty: z.boolean().optional().describe('true makes this the duty group (the previous one loses it)'),
  function: z.enum(GROUP_FUNCTIONS).optional().describe('what the group does; routing follows it'),
});

const writeErrors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };
const roles = { roles: ['admin', 'office'] as const };

export const groupsRoutes: FastifyPluginAsyncZod<{ groups: GroupService }> = async (app, opts) => {
  app.get(
    '/v1/groups',
    {
      config: roles,
      schema: {
        tags: ['registry'],
        summary: 'Prosecutor groups with leader, liaison, member and community counts',
        security: [{ bearer: [] }],
        querystring: paginationQuery,
        response: { 200: pageOf(groupSummarySchema), 400: errorBody, 401: errorBody, 403: errorBody },
      },
    },
    async (request) => opts.groups.list(request.query),
  );

  app.get(
    '/v1/groups/:code',
    {
      config: roles,
      schema: {
        tags: ['registry'],
        summary: 'One group with its members and the community grids it owns',
        security: [{ bearer: [] }],
        params: codeParam,
        response: { 200: groupDetailSchema, 401: errorBody, 403: errorBody, 404: errorBody },
      },
    },
    async (request) => opts.groups.get(request.params.code),
  );

  app.post(
    '/v1/groups',
    {
      config: roles,
      schema: {
        tags: ['registry'],
        summary: 'Create a prosecutor group',
        security: [{ bearer: [] }],
        body: groupChangesBody.extend({ code: registryCode, name: groupName }),
        response: { 201: groupDetailSchema, ...writeErrors },
      },
    },
    async (request, reply) => {
      const created = await opts.groups.create(request.body, requirePrincipal(request).actor);
      return reply.status(201).send(created);
    },
  );

  app.patch(
    '/v1/groups/:code',
    {
      config: roles,
      schema: {
        tags: ['registry'],
        summary: 'Rename a group, seat its leader or liaison, or make it the duty group',
        security: [{ bearer: [] }],
        params: codeParam,
        body: groupChangesBody,
        response: { 200: groupDetailSchema, ...writeErrors },
      },
    },
    async (request) => opts.groups.update(request.params.code, request.body, requirePrincipal(request).actor),
  );

  app.put(
    '/v1/groups/:code/grids',
    {
      config: roles,
      schema: {
        tags: ['registry'],
        summary: 'Set exactly which community grids the group owns',
        description:
          'Communities owned by another group move to this one (listed in `moved` and in the audit log); communities this group owned but that are not listed lose their owner (listed in `released`), so their cases go to the duty group.',
        security: [{ bearer: [] }],
        params: codeParam,
        body: z.strictObject({ communityCodes: z.array(z.string().trim().min(1).max(64)).max(1000) }),
        response: {
          200: groupDetailSchema.extend({
            moved: z.array(z.object({ code: z.string(), fromGroup: z.string() })),
            released: z.array(z.string()),
          }),
          ...writeErrors,
        },
      },
    },
    async (request) =>
      opts.groups.setCommunities(
        request.params.code,
        request.body.communityCodes,
        requirePrincipal(request).actor,
      ),
  );

  app.put(
    '/v1/groups/:code/members',
    {
      config: roles,
      schema: {
        tags: ['registry'],
        summary:
          'Set the plain members of a group (prosecutor person codes; leader and liaison keep their seats)',
        security: [{ bearer: [] }],
        params: codeParam,
        body: z.strictObject({ memberCodes: z.array(personCode).max(200) }),
        response: { 200: groupDetailSchema, ...writeErrors },
      },
    },
    async (request) =>
      opts.groups.setMembers(request.params.code, request.body.memberCodes, requirePrincipal(request).actor),
  );
};
