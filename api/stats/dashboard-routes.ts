// GET /v1/stats/dashboard: everything the console's 总览 draws, in one call, scoped to the caller's groups.

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/create-db.js';
import { CASE_KINDS, CASE_STATUSES } from '../../db/schema/index.js';
import { requirePrincipal } from '../auth/auth-plugin.js';
import { caseScope } from '../auth/case-scope.js';
import { DEADLINE_KINDS, type DeadlineKind } from '../deadlines/open-deadlines.js';
import { errorBody } from '../http/pagination.js';
import { toIsoShanghai } from '../http/time-format.js';
import type { DashboardService } from './dashboard-service.js';

const count = z.number().int();
const pct = z.number().nullable().describe('one decimal; null when nothing is owed');

export const satisfactionSchema = z.object({
  answered: count,
  satisfied: count,
  basicallySatisfied: count,
  dissatisfied: count,
  pct: pct.describe('(satisfied + basicallySatisfied) / answered × 100'),
});

const dashboardSchema = z.object({
  asOf: z.string(),
  today: z.string(),
  window: z
    .object({ from: z.string(), to: z.string() })
    .describe('received dates the month and place figures cover'),
  intakeByDay: z.array(
    z.object({ date: z.string(), total: count, ...Object.fromEntries(CASE_KINDS.map((k) => [k, count])) }),
  ),
  open: count.describe('cases not closed'),
  overdue: count.describe('cases with an open deadline past due'),
  onTimeByMonth: z.array(
    z.object({
      month: z.string(),
      received: count,
      proceduralOwed: count,
      proceduralOnTime: count,
      proceduralOnTimePct: pct,
      substantiveOwed: count,
      substantiveOnTime: count,
      substantiveOnTimePct: pct,
    }),
  ),
  byCategory: z.array(z.object({ category: z.string().nullable(), count })),
  byStreet: z.array(
    z.object({ id: z.number().int().nullable(), code: z.string().nullable(), name: z.string(), count }),
  ),
  byCommunity: z.array(
    z.object({
      id: z.number().int().nullable(),
      code: z.string().nullable(),
      name: z.string(),
      streetId: z.number().int().nullable(),
      count,
    }),
  ),
  satisfaction: satisfactionSchema,
  aid: z.object({
    applications: count.describe('judicial-aid applications (国家司法救助申请) received'),
    accepted: count.describe('of those, accepted (受理), whatever stage they have reached since'),
    grantedCount: count.describe('of those, decided 决定救助'),
    refusedCount: count.describe('of those, decided 不予救助'),
    grantedYuan: z.number().describe('the sum granted, yuan'),
    requestedYuan: z.number().describe('the sum applied for, yuan'),
    granted: count.describe('the same as grantedCount (its older name)'),
    applied: count.describe('cases of kind aid_request, with or without an application (an older field)'),
  }),
  dueThisWeek: z.object({
    from: z.string(),
    to: z.string(),
    total: count,
    items: z.array(
      z.object({
        caseNo: z.string(),
        kind: z.enum(CASE_KINDS),
        status: z.enum(CASE_STATUSES),
        deadline: z.enum(DEADLINE_KINDS as [DeadlineKind, ...DeadlineKind[]]),
        dueAt: z.string(),
        group: z.object({ id: z.number().int(), name: z.string() }).nullable(),
      }),
    ),
  }),
});

const DESCRIPTION = `
- **intakeByDay**: cases received on each of the last \`days\` days (Asia/Shanghai), by kind, zeros included.
- **open**, **overdue**: all cases the caller may see, now (overdue as in GET /v1/stats).
- **onTimeByMonth**: the last \`months\` calendar months by month received, with the procedural (7 working
  days) and substantive (3 months) on-time rates defined as in GET /v1/stats.
- **byCategory** (clue cases), **byStreet**, **byCommunity**, **satisfaction**, **aid**: cases received in
  \`window\` (the first day of the first of those months to today). Unlocated cases have id null.
- **aid**: judicial aid from the aid records, defined as GET /v1/stats's \`aid\` (\`applications\` there is
  \`cases\`); \`granted\` and \`applied\` are older fields, \`applied\` counting aid_request cases.
- **dueThisWeek**: open deadlines falling due from now to Sunday 24:00 of this week (Monday–Sunday), soonest
  first, at most 50 items; \`total\` counts them all.`.trim();

export const dashboardRoutes: FastifyPluginAsyncZod<{ db: Db; dashboard: DashboardService }> = async (
  app,
  opts,
) => {
  app.get(
    '/v1/stats/dashboard',
    {
      config: { roles: ['admin', 'office', 'group_leader'] },
      schema: {
        tags: ['stats'],
        summary: 'The console dashboard (总览) in one call; group leaders see their own groups',
        description: DESCRIPTION,
        security: [{ bearer: [] }, { session: [] }],
        querystring: z.strictObject({
          days: z.coerce.number().int().min(1).max(90).default(30),
          months: z.coerce.number().int().min(1).max(24).default(12),
        }),
        response: { 200: dashboardSchema, 400: errorBody, 401: errorBody, 403: errorBody },
      },
    },
    async (request) => {
      const scope = await caseScope(opts.db, requirePrincipal(request));
      const d = await opts.dashboard.compute({
        scope,
        days: request.query.days,
        months: request.query.months,
      });
      return {
        ...d,
        asOf: toIsoShanghai(d.asOf),
        dueThisWeek: {
          ...d.dueThisWeek,
          items: d.dueThisWeek.items.map((i) => ({ ...i, dueAt: toIsoShanghai(i.dueAt) })),
        },
      };
    },
  );
};
