// Early warnings and the meetings held on them, over HTTP, for the office and group leaders.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/create-db.js';
import { MEETING_KINDS } from '../../db/schema/index.js';
import { requirePrincipal } from '../auth/auth-plugin.js';
import type { Clock } from '../clock.js';
import { BadRequestError } from '../http/domain-errors.js';
import { errorBody } from '../http/pagination.js';
import { shanghaiYear } from '../http/time-format.js';
import type { EarlyWarningService } from './early-warning-service.js';

const ROLES = ['admin', 'office', 'group_leader'] as const;
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/u);
const errors = { 400: errorBody, 401: errorBody, 403: errorBody };

export const earlyWarningRoutes: FastifyPluginAsyncZod<{
  db: Db;
  clock: Clock;
  warnings: EarlyWarningService;
}> = async (app, opts) => {
  const thisYear = () => {
    const year = shanghaiYear(opts.clock.now());
    return { from: `${year}-01-01`, to: `${year + 1}-01-01` };
  };

  app.get(
    '/v1/early-warnings',
    {
      config: { roles: ROLES },
      schema: {
        tags: ['outreach'],
        security: [{ bearer: [] }],
        summary:
          'Communities where several clues of one category came within 30 days, and whether a meeting followed',
        querystring: z.object({ from: day.optional(), to: day.optional() }),
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.number().int(),
                community: z.string(),
                communityCode: z.string(),
                category: z.string(),
                clueCount: z.number().int(),
                windowStart: z.string(),
                proposedAt: z.string(),
                groupCode: z.string().nullable(),
                meetingHeldOn: z.string().nullable(),
              }),
            ),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const range = { ...thisYear(), ...request.query };
      const items = await opts.warnings.warnings(opts.db, {
        from: new Date(`${range.from}T00:00:00+08:00`),
        to: new Date(`${range.to}T00:00:00+08:00`),
      });
      return { items };
    },
  );

  const meeting = z.object({
    id: z.number().int(),
    kind: z.enum(MEETING_KINDS),
    heldOn: z.string(),
    attendees: z.string(),
    outcome: z.string(),
    warningId: z.number().int().nullable(),
  });

  app.post(
    '/v1/meetings',
    {
      config: { roles: ROLES },
      schema: {
        tags: ['outreach'],
        security: [{ bearer: [] }],
        summary:
          'Record a round-table or joint meeting: date, attendees and outcome (optionally the warning it answers)',
        body: z.strictObject({
          kind: z.enum(MEETING_KINDS),
          heldOn: day,
          attendees: z.string().trim().min(1).max(2000),
          outcome: z.string().trim().min(1).max(5000),
          communityCode: z.string().max(40).optional(),
          groupCode: z.string().max(40).optional(),
          warningId: z.number().int().positive().optional(),
        }),
        response: { 201: meeting, ...errors },
      },
    },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      if (Number.isNaN(Date.parse(`${request.body.heldOn}T00:00:00Z`)))
        throw new BadRequestError('heldOn is not a date');
      const row = await opts.db.transaction((tx) =>
        opts.warnings.recordMeeting(tx, request.body, principal.actor),
      );
      return reply.code(201).send(row);
    },
  );

  app.get(
    '/v1/meetings',
    {
      config: { roles: ROLES },
      schema: {
        tags: ['outreach'],
        security: [{ bearer: [] }],
        summary: 'Meetings held in [from, to) (default: this year)',
        querystring: z.object({ from: day.optional(), to: day.optional() }),
        response: {
          200: z.object({ items: z.array(meeting.extend({ communityCode: z.string().nullable() })) }),
          ...errors,
        },
      },
    },
    async (request) => {
      const range = { ...thisYear(), ...request.query };
      return { items: await opts.warnings.meetingsIn(opts.db, range) };
    },
  );
};
