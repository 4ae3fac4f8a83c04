// GET /v1/stats: the figures the office reports, per community grid, prosecutor group or prosecutor.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/create-db.js';
import type { AidService } from '../aid/aid-service.js';
import { requirePrincipal } from '../auth/auth-plugin.js';
import { caseScope } from '../auth/case-scope.js';
import type { Clock } from '../clock.js';
import {
  addCalendarDays,
  calendarDaysBetween,
  daysInMonth,
  formatLocalDate,
  parseLocalDate,
} from '../deadlines/local-date.js';
import { shanghaiStartOfDay, toShanghaiDate } from '../deadlines/shanghai-time.js';
import { BadRequestError } from '../http/domain-errors.js';
import { errorBody } from '../http/pagination.js';
import { toIsoShanghai } from '../http/time-format.js';
import type { MediationService } from '../mediation/mediation-service.js';
import type { SuggestionsService } from '../suggestions/suggestions-service.js';
import { STATS_GROUP_BY, type StatsService } from './stats-service.js';
import { triageCounts, triageCountsSchema } from './triage-counts.js';

const MAX_RANGE_DAYS = 3660;

export const localDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD')
  .refine((v) => {
    try {
      parseLocalDate(v);
      return true;
    } catch {
      return false;
    }
  }, 'no such date');

const pct = z.number().nullable();
const figuresSchema = z.object({
  received: z.number().int().describe('cases received in the period'),
  proceduralOwed: z.number().int().describe('denominator of proceduralOnTimePct'),
  proceduralOnTime: z.number().int().describe('numerator of proceduralOnTimePct'),
  proceduralOnTimePct: pct,
  substantiveOwed: z.number().int().describe('denominator of substantiveOnTimePct'),
  substantiveOnTime: z.number().int().describe('numerator of substantiveOnTimePct'),
  substantiveOnTimePct: pct,
  overdue: z.number().int(),
  open: z.number().int(),
  medianDaysToProceduralReply: z.number().nullable(),
  satisfactionAnswered: z.number().int().describe('denominator of satisfactionPct'),
  satisfactionPct: pct,
  aidApplied: z
    .number()
    .int()
    .describe('cases of kind aid_request (requests for help), whether or not an aid application followed'),
  aidGrantedYuan: z.number().describe('the sum of judicial aid granted, yuan'),
  aidApplications: z.number().int().describe('judicial-aid applications (国家司法救助申请) received'),
  aidGranted: z.number().int().describe('of those, decided 决定救助 (granted)'),
});

const statsSchema = z.object({
  from: z.string(),
  to: z.string(),
  groupBy: z.enum(STATS_GROUP_BY),
  asOf: z.string().describe('the instant the figures were evaluated at'),
  items: z.array(figuresSchema.extend({ key: z.object({ code: z.string().nullable(), name: z.string() }) })),
  totals: figuresSchema,
  ...triageCountsSchema,
  suggestions: z
    .object({
      served: z.number().int().describe('检察建议 served in the period'),
      replied: z.number().int().describe('of those, answered by the unit'),
      repliedOnTime: z.number().int(),
      replyRate: z.number().nullable().describe('replied / served, a ratio 0–1 with three decimals'),
      adopted: z.number().int(),
      partlyAdopted: z.number().int(),
      adoptionRate: z.number().nullable().describe('adopted / replied, a ratio 0–1 with three decimals'),
      ratedExcellent: z.number().int(),
    })
    .describe(
      'the 检察建议 register’s figures (GET /v1/suggestions/figures) for suggestions served in the period',
    ),
  aid: z
    .object({
      cases: z
        .number()
        .int()
        .describe('judicial-aid applications received: cases received in the period with an application'),
      accepted: z.number().int().describe('of those, accepted (受理) — including those at a later stage'),
      grantedCount: z.number().int().describe('of those, decided 决定救助 (granted)'),
      refusedCount: z.number().int().describe('of those, decided 不予救助 (refused)'),
      grantedYuan: z.number().describe('the sum granted on them, yuan'),
      requestedYuan: z.number().describe('the sum applied for on them (recorded at 受理), yuan'),
    })
    .describe('judicial aid (国家司法救助): applications opened by the pre-screen or at 受理, and grants'),
  mediation: z
    .object({
      cases: z
        .number()
        .int()
        .describe('cases received in the period that were referred to mediation (检调对接)'),
      agreedCount: z.number().int().describe('of those, cases whose mediation reached an agreement'),
      agreedYuan: z.number().describe('the sum agreed in those mediations, in yuan'),
    })
    .describe('mediation (检调对接) figures over cases received in the period'),
});

const DESCRIPTION = `
Without \`from\` and \`to\` the period is the current calendar month (Asia/Shanghai); give both or neither.
Cases are counted in the period when they were **received** between \`from\` 00:00 and \`to\` 24:00
(both dates inclusive, Asia/Shanghai). Every figure is evaluated as of the moment of the request (\`asOf\`),
so a period's figures settle as its cases are answered. Percentages have one decimal and are null when
their denominator is 0.

- **key**: \`grid\` = the case's community grid; \`group\` = the owning prosecutor group; \`prosecutor\` =
  the assignee (the prosecutor who accepted the case). Cases without one are listed under code null.
  Only keys with at least one case appear. \`totals\` covers all cases in the period (not a sum of items
  for the median).
- **received**: number of cases.
- **proceduralOnTimePct** = proceduralOnTime / proceduralOwed × 100, where proceduralOwed counts cases
  with no \`noReplyReason\` (anonymous or unreachable cases owe no reply and are left out) that either got
  their procedural reply, or whose procedural due date has passed while the case is not closed; and
  proceduralOnTime counts those replied at or before the due date (23:59:59 of the 7th working day).
  A case not yet replied and not yet due is in neither.
- **substantiveOnTimePct**: the same for the substantive (3-month) reply; a case transferred or not
  accepted owes none unless one was given.
- **overdue**: cases with at least one open deadline past due — procedural, substantive, monthly
  progress or judicial-aid materials notice (as the deadline sweep sees them).
- **open**: cases not closed (transferred and not-accepted cases count until closed).
- **medianDaysToProceduralReply**: median over cases that got a procedural reply of (reply time −
  receipt time) in calendar days, one decimal.
- **satisfactionPct** = (满意 + 基本满意) / answers × 100 over cases whose reporter answered the survey.
- **aidApplications**: judicial-aid applications (国家司法救助申请) — cases with an aid record, opened when the
  WeChat pre-screen found aid likely or by a prosecutor at 受理, whatever the case's kind; **aidGranted**: of
  those, decided \`granted\`; **aidGrantedYuan**: the sum granted, in yuan. **aidApplied** is kept for older
  clients and counts something else: cases of kind \`aid_request\` (a resident asked for help), with or
  without an application.
- **aid**: judicial aid on cases received in the period, from the aid records: **cases** = applications
  received (as aidApplications), **accepted** those that reached 受理, **grantedCount** / **refusedCount**
  decided \`granted\` / \`refused\`, **grantedYuan** the sum granted and **requestedYuan** the sum applied for
  (POST /v1/cases/:caseNo/aid, /aid/status).
- **suggestions**: the 检察建议 served in the period (by the date served, same bounds), as
  GET /v1/suggestions/figures counts them: replyRate = replied / served and adoptionRate = adopted /
  replied, ratios 0–1 with three decimals (null when the denominator is 0). Not split by \`groupBy\`.
- **mediation** (检调对接): \`cases\` = cases received in the period that were ever referred to mediation;
  \`agreedCount\` = those whose mediation reached an agreement (signed off or awaiting the sign-off);
  \`agreedYuan\` = the sum of the amounts agreed. Not split by \`groupBy\`.

Group leaders see only the groups they belong to.`.trim();

/** The calendar month (Asia/Shanghai) that contains `now`, as inclusive local dates. */
export function currentMonth(now: Date): { from: string; to: string } {
  const { year, month } = parseLocalDate(toShanghaiDate(now));
  return {
    from: formatLocalDate({ year, month, day: 1 }),
    to: formatLocalDate({ year, month, day: daysInMonth(year, month) }),
  };
}

export const statsRoutes: FastifyPluginAsyncZod<{
  db: Db;
  stats: StatsService;
  suggestions: SuggestionsService;
  aid: Pick<AidService, 'figures'>;
  mediation: Pick<MediationService, 'figures'>;
  clock: Clock;
}> = async (app, opts) => {
  app.get(
    '/v1/stats',
    {
      config: { roles: ['admin', 'office', 'group_leader'] },
      schema: {
        tags: ['stats'],
        summary: 'Performance figures for cases received in a period, per grid, group or prosecutor',
        description: DESCRIPTION,
        security: [{ bearer: [] }],
        querystring: z.strictObject({
          from: localDate
            .optional()
            .describe('first day, Asia/Shanghai, YYYY-MM-DD (default: 1st of this month)'),
          to: localDate
            .optional()
            .describe('last day (inclusive), Asia/Shanghai, YYYY-MM-DD (default: end of this month)'),
          groupBy: z.enum(STATS_GROUP_BY).default('group'),
        }),
        response: { 200: statsSchema, 400: errorBody, 401: errorBody, 403: errorBody },
      },
    },
    async (request) => {
      const { groupBy } = request.query;
      if ((request.query.from === undefined) !== (request.query.to === undefined))
        throw new BadRequestError(
          'give both from and to, or neither for the current month',
          undefined,
          'invalid_period',
        );
      const { from, to } =
        request.query.from !== undefined && request.query.to !== undefined
          ? { from: request.query.from, to: request.query.to }
          : currentMonth(opts.clock.now());
      const days = calendarDaysBetween(from, to);
      if (days < 0) throw new BadRequestError('from must not be after to', undefined, 'invalid_period');
      if (days > MAX_RANGE_DAYS)
        throw new BadRequestError(
          `the period may span at most ${MAX_RANGE_DAYS} days`,
          undefined,
          'invalid_period',
        );
      const scope = await caseScope(opts.db, requirePrincipal(request));
      const period = { from: shanghaiStartOfDay(from), to: shanghaiStartOfDay(addCalendarDays(to, 1)) };
      const { asOf, items, totals } = await opts.stats.compute({ ...period, groupBy, scope });
      const triage = await triageCounts(opts.db, { ...period, scope });
      const suggestions = await opts.suggestions.figures(opts.db, period, scope);
      const aid = await opts.aid.figures(opts.db, period, scope);
      const mediation = await opts.mediation.figures(opts.db, period, scope);
      return {
        from,
        to,
        groupBy,
        asOf: toIsoShanghai(asOf),
        items,
        totals,
        ...triage,
        suggestions,
        aid,
        mediation,
      };
    },
  );
};
