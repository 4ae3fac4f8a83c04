// 普法 notices over HTTP: draft (a group's prosecutors), approve (its leader or the admin), list and read with counts.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/create-db.js';
import { NOTICE_SOURCES, NOTICE_STATES } from '../../db/schema/index.js';
import { requirePrincipal } from '../auth/auth-plugin.js';
import { caseScope } from '../auth/case-scope.js';
import { CASE_READER_ROLES } from '../cases/cases-routes.js';
import { errorBody } from '../http/pagination.js';
import { toIsoShanghai } from '../http/time-format.js';
import { NOTICE_TEXT_MAX, type Notices } from './notices.js';

const notice = z.object({
  id: z.number().int(),
  noticeNo: z.string().describe('TZ-n, as WeChat commands write it (批准 通知 TZ-n)'),
  group: z.object({ code: z.string(), name: z.string() }),
  grid: z
    .object({ code: z.string(), name: z.string() })
    .nullable()
    .describe('null: all the group’s communities'),
  text: z.string(),
  source: z.enum(NOTICE_SOURCES),
  lectureId: z.number().int().nullable(),
  legalDay: z.string().nullable(),
  state: z.enum(NOTICE_STATES),
  draftedBy: z.string(),
  approvedBy: z.string().nullable(),
  approvedAt: z.string().nullable(),
  createdAt: z.string(),
  deliveries: z
    .object({
      rooms: z.number().int().describe('copies queued at approval, one per opted-in room'),
      queued: z.number().int().describe('copies still waiting to be sent (including retries)'),
      sent: z.number().int(),
      failed: z.number().int().describe('copies given up after the outbox’s retries'),
    })
    .describe('delivery counts, read from the outbox'),
});
const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };
const idParam = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });

export const noticesRoutes: FastifyPluginAsyncZod<{ db: Db; notices: Notices }> = async (app, opts) => {
  const security = [{ bearer: [] }];
  const tags = ['outreach'];

  app.post(
    '/v1/notices',
    {
      config: { roles: CASE_READER_ROLES },
      schema: {
        tags,
        security,
        summary:
          'Draft a 普法 notice for a group’s opted-in rooms: your own text, or one made for a legal day (legalDay) or a scheduled lecture (lectureId); the group leader is asked to approve it',
        body: z.strictObject({
          text: z.string().max(NOTICE_TEXT_MAX).optional(),
          groupCode: z.string().trim().min(1).max(64).optional(),
          gridCode: z.string().trim().min(1).max(64).optional(),
          legalDay: z.iso
            .date()
            .optional()
            .describe('YYYY-MM-DD of a legal day ahead (GET /v1/outreach/legal-days)'),
          lectureId: z.number().int().positive().max(2_147_483_647).optional(),
        }),
        response: { 201: notice, ...errors },
      },
    },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const view = await opts.db.transaction((tx) => opts.notices.draft(tx, principal, request.body));
      return reply.status(201).send(view);
    },
  );

  app.post(
    '/v1/notices/:id/approve',
    {
      config: { roles: ['admin', 'group_leader', 'prosecutor'] },
      schema: {
        tags,
        security,
        summary:
          'Approve a drafted notice (the group’s leader, or the admin): one copy per opted-in room is queued, paced NOTICE_ROOM_INTERVAL_SECONDS apart',
        params: idParam,
        response: {
          200: notice.extend({
            firstAt: z.string().describe('when the first room’s copy may go'),
            lastAt: z.string().describe('when the last room’s copy may go'),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      const approved = await opts.db.transaction((tx) =>
        opts.notices.approve(tx, principal, request.params.id),
      );
      return {
        ...approved,
        firstAt: toIsoShanghai(approved.firstAt),
        lastAt: toIsoShanghai(approved.lastAt),
      };
    },
  );

  app.get(
    '/v1/notices',
    {
      config: { roles: CASE_READER_ROLES },
      schema: {
        tags,
        security,
        summary: 'Notices of the groups you may see, newest first, with delivery counts',
        querystring: z.object({ state: z.enum(NOTICE_STATES).optional() }),
        response: { 200: z.object({ items: z.array(notice) }), ...errors },
      },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      return {
        items: await opts.notices.list(opts.db, await caseScope(opts.db, principal), request.query),
      };
    },
  );

  app.get(
    '/v1/notices/:id',
    {
      config: { roles: CASE_READER_ROLES },
      schema: {
        tags,
        security,
        summary: 'One notice with its delivery counts (queued / sent / failed)',
        params: idParam,
        response: { 200: notice, ...errors },
      },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      return opts.notices.get(opts.db, request.params.id, await caseScope(opts.db, principal));
    },
  );
};
