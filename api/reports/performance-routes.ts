// GET /v1/reports/performance(.xlsx): the monthly performance review, on screen (JSON) and as a workbook.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/create-db.js';
import { WORK_KINDS } from '../../db/schema/index.js';
import { requirePrincipal } from '../auth/auth-plugin.js';
import { caseScope } from '../auth/case-scope.js';
import type { Clock } from '../clock.js';
import { errorBody } from '../http/pagination.js';
import { toIsoShanghai } from '../http/time-format.js';
import { satisfactionSchema } from '../stats/dashboard-routes.js';
import { CLUE_OUTCOMES, type PerformanceReportService, validPct } from './performance-report-service.js';
import { performanceWorkbook } from './performance-workbook.js';
import { month, reportMonth, scopeName, sendWorkbook, workbookRouteSchema } from './reports-routes.js';

const count = z.number().int();
const pct = z.number().nullable().describe('one decimal; null when the denominator is 0');
const onTime = z.object({ owed: count, onTime: count, onTimePct: pct });

const reportSchema = z.object({
  month: z.string(),
  from: z.string(),
  to: z.string(),
  asOf: z.string(),
  prosecutors: z.array(
    z.object({
      person: z.object({ id: count, code: z.string().nullable(), name: z.string() }),
      groups: z.array(z.string()),
      cases: z.object({
        handled: count.describe('received in the month and assigned to them'),
        open: count,
        overdue: count,
      }),
      procedural: onTime,
      substantive: onTime,
      satisfaction: satisfactionSchema,
      fieldWork: z.object({ ...Object.fromEntries(WORK_KINDS.map((k) => [k, count])), total: count }),
      lecturesGiven: count,
    }),
  ),
  grids: z.array(
    z.object({
      grid: z.object({ id: count, code: z.string(), name: z.string() }),
      members: count,
      clues: count,
      valid: count,
      validPct: pct,
      outcomes: z.object(Object.fromEntries(CLUE_OUTCOMES.map((o) => [o, count]))),
    }),
  ),
});

const DESCRIPTION = `
The month's review (Asia/Shanghai), evaluated as of the request (\`asOf\`).

Per prosecutor: **cases.handled** = cases received in the month and assigned to them; the procedural
(7 working days) and substantive (3 months) on-time figures and satisfaction are GET /v1/stats's
(groupBy=prosecutor) and the 件件有回复 report's own definitions; **fieldWork** counts the work they
recorded in WeChat (\`记录 走访 …\`) by the day the work was done; **lecturesGiven** counts lecture requests
scheduled in the month, held by \`asOf\`, whose speaker names them.

Per grid: **clues** = clues received in the month that a grid member of the grid reported or forwarded
(one clue counts once per grid); **outcomes** says what became of them — pending (待受理: received or
waiting for materials), inProgress (accepted), concluded (resolved, or closed after an answer),
transferred (to the competent department), notAccepted; **valid** = inProgress + concluded + transferred.

Roles: the office and the admin see every prosecutor and every grid with members; a group leader sees the
members of their groups, cases of their groups, and the grids their groups own (plus any grid whose
members sent their groups clues).`.trim();

export const performanceRoutes: FastifyPluginAsyncZod<{
  db: Db;
  clock: Clock;
  performanceReport: PerformanceReportService;
}> = async (app, opts) => {
  const roles = ['admin', 'office', 'group_leader'] as const;
  const monthOf = (m: string | undefined) => reportMonth(opts.clock, m);

  app.get(
    '/v1/reports/performance',
    {
      config: { roles: [...roles] },
      schema: {
        tags: ['reports'],
        summary: 'The monthly performance review per prosecutor and per grid (the console’s 绩效 page)',
        description: DESCRIPTION,
        security: [{ bearer: [] }, { session: [] }],
        querystring: z.strictObject({ month }),
        response: { 200: reportSchema, 400: errorBody, 401: errorBody, 403: errorBody },
      },
    },
    async (request) => {
      const scope = await caseScope(opts.db, requirePrincipal(request));
      const r = await opts.performanceReport.compute({ month: monthOf(request.query.month), scope });
      return {
        ...r,
        asOf: toIsoShanghai(r.asOf),
        grids: r.grids.map((g) => ({ ...g, validPct: validPct(g) })),
      };
    },
  );

  app.get(
    '/v1/reports/performance.xlsx',
    {
      config: { roles: [...roles] },
      schema: workbookRouteSchema(
        'The monthly performance review as an Excel workbook (说明, 检察官, 网格)',
        DESCRIPTION,
      ),
    },
    async (request, reply) => {
      const scope = await caseScope(opts.db, requirePrincipal(request));
      const m = monthOf(request.query.month);
      const r = await opts.performanceReport.compute({ month: m, scope });
      const bytes = await performanceWorkbook(r, await scopeName(opts.db, scope));
      return sendWorkbook(reply, `performance-${m}.xlsx`, `月度绩效考评-${m}.xlsx`, bytes);
    },
  );
};
