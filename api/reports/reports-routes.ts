// GET /v1/reports/replies(.xlsx): the monthly 件件有回复 report, on screen (JSON) and as a workbook.

import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/create-db.js';
import { CASE_KINDS, CASE_STATUSES, groups } from '../../db/schema/index.js';
import { requirePrincipal } from '../auth/auth-plugin.js';
import { type CaseScope, caseScope } from '../auth/case-scope.js';
import type { Clock } from '../clock.js';
import { DEADLINE_KINDS, type DeadlineKind } from '../deadlines/open-deadlines.js';
import { toShanghaiDate } from '../deadlines/shanghai-time.js';
import { errorBody } from '../http/pagination.js';
import { toIsoShanghai } from '../http/time-format.js';
import { satisfactionSchema } from '../stats/dashboard-routes.js';
import { missedReason, type RepliesReportService } from './replies-report-service.js';
import { repliesWorkbook } from './replies-workbook.js';

const count = z.number().int();
const pct = z.number().nullable().describe('one decimal; null when nothing is owed');

const clockSchema = z.object({
  owed: count.describe('replied, or past due while a reply is still owed (GET /v1/stats)'),
  onTime: count,
  late: count.describe('replied after the due date'),
  overdue: count.describe('not replied, past due, still owed'),
  pending: count.describe('not replied, not yet due'),
  notOwed: count.describe('no reply owed (noReplyReason; substantive: transferred, not accepted, closed)'),
  onTimePct: pct.describe('onTime / owed × 100'),
});

const groupFigures = z.object({ owed: count, onTime: count, onTimePct: pct });

const reportSchema = z.object({
  month: z.string(),
  from: z.string(),
  to: z.string(),
  asOf: z.string(),
  received: z.object({ total: count, ...Object.fromEntries(CASE_KINDS.map((k) => [k, count])) }),
  procedural: clockSchema,
  substantive: clockSchema,
  byGroup: z.array(
    z.object({
      group: z.object({ id: z.number().int(), code: z.string(), name: z.string() }).nullable(),
      received: count,
      procedural: groupFigures,
      substantive: groupFigures,
      overdue: count,
    }),
  ),
  overdue: z.object({
    total: count,
    items: z.array(
      z.object({
        caseNo: z.string(),
        kind: z.enum(CASE_KINDS),
        category: z.string().nullable(),
        status: z.enum(CASE_STATUSES),
        summary: z.string(),
        receivedAt: z.string(),
        group: z.object({ id: z.number().int(), name: z.string() }).nullable(),
        missed: z.array(
          z.object({
            deadline: z.enum(DEADLINE_KINDS as [DeadlineKind, ...DeadlineKind[]]),
            dueAt: z.string(),
            repliedAt: z.string().nullable(),
            daysLate: count,
            reason: z.string().describe('the same words as the workbook’s 逾期原因 column'),
          }),
        ),
      }),
    ),
  }),
  satisfaction: satisfactionSchema,
});

export const month = z
  .string()
  .regex(/^(19|20|21)\d{2}-(0[1-9]|1[0-2])$/, 'expected a month YYYY-MM')
  .optional()
  .describe('the month cases were received, Asia/Shanghai, YYYY-MM (default: this month)');

const DESCRIPTION = `
Cases **received** in \`month\` (Asia/Shanghai), evaluated as of the request (\`asOf\`), so a month's
figures settle as its cases are answered. The procedural (7 working days) and substantive (3 months)
clocks use GET /v1/stats's definitions of owed and on time; owed = onTime + late + overdue. The overdue
list holds every case of the month that replied late or has an open deadline past due (procedural,
substantive, monthly progress, judicial-aid notice), each with the reason in words. Satisfaction counts the
survey answers of the month's cases.

Roles: the office and the admin see every group; a group leader sees the groups they belong to (the same
scope as the dashboard), and the workbook says so.`.trim();

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The schema of a monthly workbook route: `?month=`, the bytes out, the JSON errors described. */
export function workbookRouteSchema(summary: string, description: string) {
  return {
    tags: ['reports'],
    summary,
    description: `${description}\n\nNo cell starts a formula: text that would (=, +, -, @, tab, line break) gets a leading apostrophe.`,
    security: [{ bearer: [] }, { session: [] }] as Record<string, string[]>[],
    querystring: z.strictObject({ month }),
    produces: [XLSX],
    response: { 400: errorBody, 401: errorBody, 403: errorBody },
  };
}

/** A workbook download: an ASCII file name for old clients, the Chinese one for the rest, never cached. */
export function sendWorkbook(reply: FastifyReply, asciiName: string, chineseName: string, bytes: Buffer) {
  return (
    reply
      .header('content-type', XLSX)
      .header(
        'content-disposition',
        `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(chineseName)}`,
      )
      .header('cache-control', 'no-store')
      // The bytes go out as they are; the route's JSON schemas describe the errors only.
      .send(bytes as never)
  );
}

/** The month a report route was asked for, else this month in Shanghai. */
export const reportMonth = (clock: Clock, m: string | undefined) =>
  m ?? toShanghaiDate(clock.now()).slice(0, 7);

export async function scopeName(db: Db, scope: CaseScope): Promise<string> {
  if (scope === 'all') return '全部检察组';
  if (!scope.length) return '无所属检察组';
  const rows = await db.select({ id: groups.id, name: groups.name }).from(groups);
  return rows
    .filter((g) => scope.includes(g.id))
    .map((g) => g.name)
    .join('、');
}

export const reportsRoutes: FastifyPluginAsyncZod<{
  db: Db;
  clock: Clock;
  repliesReport: RepliesReportService;
}> = async (app, opts) => {
  const roles = ['admin', 'office', 'group_leader'] as const;
  const monthOf = (m: string | undefined) => reportMonth(opts.clock, m);

  app.get(
    '/v1/reports/replies',
    {
      config: { roles: [...roles] },
      schema: {
        tags: ['reports'],
        summary: 'The monthly 件件有回复 report (the console’s 报表 page)',
        description: DESCRIPTION,
        security: [{ bearer: [] }, { session: [] }],
        querystring: z.strictObject({ month }),
        response: { 200: reportSchema, 400: errorBody, 401: errorBody, 403: errorBody },
      },
    },
    async (request) => {
      const scope = await caseScope(opts.db, requirePrincipal(request));
      const r = await opts.repliesReport.compute({ month: monthOf(request.query.month), scope });
      return {
        ...r,
        asOf: toIsoShanghai(r.asOf),
        overdue: {
          total: r.overdue.total,
          items: r.overdue.items.map((c) => ({
            ...c,
            receivedAt: toIsoShanghai(c.receivedAt),
            missed: c.missed.map((m) => ({
              ...m,
              dueAt: toIsoShanghai(m.dueAt),
              repliedAt: m.repliedAt ? toIsoShanghai(m.repliedAt) : null,
              reason: missedReason(m),
            })),
          })),
        },
      };
    },
  );

  app.get(
    '/v1/reports/replies.xlsx',
    {
      config: { roles: [...roles] },
      schema: workbookRouteSchema(
        'The monthly 件件有回复 report as an Excel workbook (汇总, 按检察组, 逾期明细)',
        DESCRIPTION,
      ),
    },
    async (request, reply) => {
      const scope = await caseScope(opts.db, requirePrincipal(request));
      const m = monthOf(request.query.month);
      const r = await opts.repliesReport.compute({ month: m, scope });
      const bytes = await repliesWorkbook(r, await scopeName(opts.db, scope));
      return sendWorkbook(reply, `replies-${m}.xlsx`, `件件有回复月报-${m}.xlsx`, bytes);
    },
  );
};
