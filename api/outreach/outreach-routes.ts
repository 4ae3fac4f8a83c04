// Outreach over HTTP: lecture requests and their scheduling, and the legal days ahead with suggested topics.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/create-db.js';
import { LECTURE_STATES } from '../../db/schema/index.js';
import { requirePrincipal } from '../auth/auth-plugin.js';
import { caseScope } from '../auth/case-scope.js';
import { CASE_READER_ROLES } from '../cases/cases-routes.js';
import type { Clock } from '../clock.js';
import { toShanghaiDate } from '../deadlines/shanghai-time.js';
import { errorBody } from '../http/pagination.js';
import type { LectureRequests } from './lecture-requests.js';
import { upcomingLegalDays } from './legal-days.js';

const lecture = z.object({
  id: z.number().int(),
  topic: z.string(),
  preferred: z.string().nullable(),
  state: z.enum(LECTURE_STATES),
  scheduledAt: z.string().nullable(),
  speaker: z.string().nullable(),
  place: z.string().nullable(),
  inRoom: z.boolean(),
  createdAt: z.string(),
});
const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };

export const outreachRoutes: FastifyPluginAsyncZod<{
  db: Db;
  clock: Clock;
  lectures: LectureRequests;
}> = async (app, opts) => {
  const security = [{ bearer: [] }];
  const tags = ['outreach'];

  app.get(
    '/v1/lectures',
    {
      config: { roles: CASE_READER_ROLES },
      schema: {
        tags,
        security,
        summary: 'Lecture requests of the groups you may see, newest first',
        response: { 200: z.object({ items: z.array(lecture) }), ...errors },
      },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      return { items: await opts.lectures.list(opts.db, await caseScope(opts.db, principal)) };
    },
  );

  app.post(
    '/v1/lectures/:id/schedule',
    {
      config: { roles: CASE_READER_ROLES },
      schema: {
        tags,
        security,
        summary:
          'Schedule a requested lecture: date and time, speaker, place — the room it was asked in is told',
        params: z.object({ id: z.coerce.number().int().positive() }),
        body: z.strictObject({
          scheduledAt: z.iso.datetime({ offset: true }),
          speaker: z.string().trim().min(1).max(100),
          place: z.string().trim().min(1).max(200),
        }),
        response: {
          200: lecture.extend({
            announcedTo: z
              .number()
              .int()
              .describe(
                'chats the announcement was queued for: the requester and the community’s bound rooms',
              ),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      const scope = await caseScope(opts.db, principal);
      return opts.db.transaction((tx) =>
        opts.lectures.schedule(
          tx,
          request.params.id,
          { ...request.body, scheduledAt: new Date(request.body.scheduledAt) },
          scope,
        ),
      );
    },
  );

  app.get(
    '/v1/outreach/legal-days',
    {
      config: { roles: CASE_READER_ROLES },
      schema: {
        tags,
        security,
        summary: 'The legal days in the next `days` days (default 90) with lecture topics they suggest',
        querystring: z.object({ days: z.coerce.number().int().min(1).max(366).default(90) }),
        response: {
          200: z.object({
            items: z.array(z.object({ date: z.string(), name: z.string(), topics: z.array(z.string()) })),
          }),
          ...errors,
        },
      },
    },
    async (request) => ({
      items: upcomingLegalDays(toShanghaiDate(opts.clock.now()), request.query.days).map(
        ({ date, name, topics }) => ({
          date,
          name,
          topics,
        }),
      ),
    }),
  );
};
