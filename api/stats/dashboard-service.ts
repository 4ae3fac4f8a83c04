// The console's 总览: intake, clocks, on-time rates, where cases come from, satisfaction, judicial aid and this week's deadlines.
import { and, asc, count, eq, gte, ne, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/create-db.js';
import {
  CASE_KINDS,
  type CaseKind,
  type CaseStatusValue,
  cases,
  grids,
  groups,
} from '../../db/schema/index.js';
import { type AidFigures, aidFigures } from '../aid/aid-figures.js';
import type { CaseScope } from '../auth/case-scope.js';
import type { Clock } from '../clock.js';
import { addCalendarDays, addCalendarMonths, dayOfWeek, parseLocalDate } from '../deadlines/local-date.js';
import { openDeadlinesOf } from '../deadlines/open-deadlines.js';
import { openDeadlineFilter } from '../deadlines/open-deadlines-sql.js';
import type { DeadlineKind } from '../deadlines/reminder-plan.js';
import { shanghaiEndOfDay, shanghaiStartOfDay, toShanghaiDate } from '../deadlines/shanghai-time.js';
import { caseFigures, countIf, pct, scopeCondition } from './stats-service.js';

export interface DashboardQuery {
  scope: CaseScope;
  /** Days of intake to chart, ending today. */
  days: number;
  /** Calendar months (this one included) of on-time rates; also the window of the distributions. */
  months: number;
}

export type IntakeDay = { date: string; total: number } & Record<CaseKind, number>;

export interface MonthOnTime {
  month: string;
  received: number;
  proceduralOwed: number;
  proceduralOnTime: number;
  proceduralOnTimePct: number | null;
  substantiveOwed: number;
  substantiveOnTime: number;
  substantiveOnTimePct: number | null;
}

export interface Satisfaction {
  answered: number;
  satisfied: number;
  basicallySatisfied: number;
  dissatisfied: number;
  pct: number | null;
}

export interface DueItem {
  caseNo: string;
  kind: CaseKind;
  status: CaseStatusValue;
  deadline: DeadlineKind;
  dueAt: Date;
  group: { id: number; name: string } | null;
}

export interface Dashboard {
  asOf: Date;
  today: string;
  window: { from: string; to: string };
  intakeByDay: IntakeDay[];
  open: number;
  overdue: number;
  onTimeByMonth: MonthOnTime[];
  byCategory: { category: string | null; count: number }[];
  byStreet: { id: number | null; code: string | null; name: string; count: number }[];
  byCommunity: {
    id: number | null;
    code: string | null;
    name: string;
    streetId: number | null;
    count: number;
  }[];
  satisfaction: Satisfaction;
  aid: {
    /** Cases of kind aid_request (kept for older clients; not applications). */
    applied: number;
    granted: number;
    grantedYuan: number;
    requestedYuan: number;
  } & AidFigures;
  dueThisWeek: { from: string; to: string; total: number; items: DueItem[] };
}

const DUE_ITEMS = 50;
const UNLOCATED = '(未定位)';

/** A case's receipt as a Shanghai calendar date or month; the offset is fixed (China keeps no summer time). */
// Grouped by the truncated timestamp (compared as a number), formatted after grouping: grouping by the
// to_char text sorted every row of the window by collation and cost a third of the dashboard (npm run bench:dashboard).
const localTime = sql`(${cases.receivedAt} at time zone 'UTC') + interval '8 hours'`;
const dayKey = sql`date_trunc('day', ${localTime})`;
const monthKey = sql`date_trunc('month', ${localTime})`;
const localDay = sql<string>`to_char(${dayKey}, 'YYYY-MM-DD')`;
const localMonth = sql<string>`to_char(${monthKey}, 'YYYY-MM')`;

export function satisfactionOf(r: {
  answered: number;
  satisfied: number;
  basically: number;
  dissatisfied: number;
}) {
  return {
    answered: r.answered,
    satisfied: r.satisfied,
    basicallySatisfied: r.basically,
    dissatisfied: r.dissatisfied,
    pct: pct(r.satisfied + r.basically, r.answered),
  };
}

export const satisfactionCounts = {
  answered: countIf(sql`${cases.satisfaction} is not null`),
  satisfied: countIf(sql`${cases.satisfaction} = 'satisfied'`),
  basically: countIf(sql`${cases.satisfaction} = 'basically_satisfied'`),
  dissatisfied: countIf(sql`${cases.satisfaction} = 'dissatisfied'`),
};

export function createDashboardService(deps: { db: Db; clock: Clock }) {
  const { db } = deps;

  return {
    async compute(q: DashboardQuery): Promise<Dashboard> {
      const now = deps.clock.now();
      const today = toShanghaiDate(now);
      const scoped = (...conds: (SQL | undefined)[]) => and(scopeCondition(q.scope), ...conds);
      const intakeFrom = addCalendarDays(today, -(q.days - 1));
      const { year, month } = parseLocalDate(today);
      const windowFrom = addCalendarMonths(`${year}-${String(month).padStart(2, '0')}-01`, -(q.months - 1));
      const inWindow = gte(cases.receivedAt, shanghaiStartOfDay(windowFrom));
      // Monday to Sunday of this week; only what is not yet overdue falls due “this week”.
      const monday = addCalendarDays(today, -((dayOfWeek(today) + 6) % 7));
      const sunday = addCalendarDays(monday, 6);
      const street = alias(grids, 'street');
      const figures = caseFigures(now);
      const perCommunity = db
        .select({
          communityId: cases.communityId,
          n: sql<number>`count(*)::int`.mapWith(Number).as('n'),
        })
        .from(cases)
        .where(scoped(inWindow))
        .groupBy(cases.communityId)
        .as('per_community');

      const [intake, clocks, monthly, categories, places, due, aid] = await Promise.all([
        db
          .select({ day: localDay, kind: cases.kind, n: sql<number>`count(*)::int`.mapWith(Number) })
          .from(cases)
          .where(scoped(gte(cases.receivedAt, shanghaiStartOfDay(intakeFrom))))
          .groupBy(dayKey, cases.kind),
        // Two counts, each written to match partial indexes (open cases; one per deadline kind) rather than
        // one pass over every case ever received.
        Promise.all([
          db
            .select({ n: count() })
            .from(cases)
            .where(scoped(ne(cases.status, 'closed'))),
          db
            .select({ n: count() })
            .from(cases)
            .where(scoped(openDeadlineFilter({ to: new Date(now.getTime() - 1) }))),
        ]).then(([open, overdue]) => [{ open: open[0]?.n ?? 0, overdue: overdue[0]?.n ?? 0 }]),
        db
          .select({
            month: localMonth,
            received: figures.received,
            proceduralOwed: figures.proceduralOwed,
            proceduralOnTime: figures.proceduralOnTime,
            substantiveOwed: figures.substantiveOwed,
            substantiveOnTime: figures.substantiveOnTime,
            ...satisfactionCounts,
            aidApplied: figures.aidApplied,
          })
          .from(cases)
          .where(scoped(inWindow))
          .groupBy(monthKey),
        db
          .select({ category: cases.category, n: sql<number>`count(*)::int`.mapWith(Number) })
          .from(cases)
          .where(scoped(inWindow, eq(cases.kind, 'clue')))
          .groupBy(cases.category)
          .orderBy(sql`count(*) desc`, asc(cases.category)),
        // Counted per community id first, then named: joining before grouping sorted the window's wide rows.
        db
          .select({
            id: grids.id,
            code: grids.code,
            name: grids.name,
            streetId: street.id,
            streetCode: street.code,
            streetName: street.name,
            n: perCommunity.n,
          })
          .from(perCommunity)
          .leftJoin(grids, eq(grids.id, perCommunity.communityId))
          .leftJoin(street, eq(street.id, grids.parentId)),
        db
          .select({
            caseNo: cases.caseNo,
            kind: cases.kind,
            status: cases.status,
            groupId: cases.groupId,
            groupName: groups.name,
            noReplyReason: cases.noReplyReason,
            proceduralDueAt: cases.proceduralDueAt,
            proceduralRepliedAt: cases.proceduralRepliedAt,
            substantiveDueAt: cases.substantiveDueAt,
            substantiveRepliedAt: cases.substantiveRepliedAt,
            nextProgressDueAt: cases.nextProgressDueAt,
            aidNoticeDueAt: cases.aidNoticeDueAt,
            id: cases.id,
            assigneeId: cases.assigneeId,
          })
          .from(cases)
          .leftJoin(groups, eq(groups.id, cases.groupId))
          .where(scoped(openDeadlineFilter({ from: now, to: shanghaiEndOfDay(sunday) }))),
        // The window runs to today, and nothing is received after now.
        aidFigures(db, { from: shanghaiStartOfDay(windowFrom), to: shanghaiEndOfDay(today) }, q.scope),
      ]);

      const intakeByDay: IntakeDay[] = [];
      const byDay = new Map<string, IntakeDay>();
      for (let d = intakeFrom; d <= today; d = addCalendarDays(d, 1)) {
        const day = { date: d, total: 0, ...Object.fromEntries(CASE_KINDS.map((k) => [k, 0])) } as IntakeDay;
        intakeByDay.push(day);
        byDay.set(d, day);
      }
      for (const r of intake) {
        const day = byDay.get(r.day);
        if (!day) continue;
        day[r.kind] += r.n;
        day.total += r.n;
      }

      const months = new Map(monthly.map((m) => [m.month, m]));
      const onTimeByMonth: MonthOnTime[] = [];
      for (let i = 0; i < q.months; i++) {
        const key = addCalendarMonths(windowFrom, i).slice(0, 7);
        const m = months.get(key);
        onTimeByMonth.push({
          month: key,
          received: m?.received ?? 0,
          proceduralOwed: m?.proceduralOwed ?? 0,
          proceduralOnTime: m?.proceduralOnTime ?? 0,
          proceduralOnTimePct: pct(m?.proceduralOnTime ?? 0, m?.proceduralOwed ?? 0),
          substantiveOwed: m?.substantiveOwed ?? 0,
          substantiveOnTime: m?.substantiveOnTime ?? 0,
          substantiveOnTimePct: pct(m?.substantiveOnTime ?? 0, m?.substantiveOwed ?? 0),
        });
      }
      const sum = (pick: (m: (typeof monthly)[number]) => number) => monthly.reduce((s, m) => s + pick(m), 0);

      const streets = new Map<number | null, Dashboard['byStreet'][number]>();
      const byCommunity: Dashboard['byCommunity'] = [];
      for (const p of places) {
        byCommunity.push({
          id: p.id,
          code: p.code,
          name: p.name ?? UNLOCATED,
          streetId: p.streetId,
          count: p.n,
        });
        const s = streets.get(p.streetId) ?? {
          id: p.streetId,
          code: p.streetCode,
          name: p.streetName ?? UNLOCATED,
          count: 0,
        };
        s.count += p.n;
        streets.set(p.streetId, s);
      }
      const byCount = <T extends { count: number; name: string }>(a: T, b: T) =>
        b.count - a.count || a.name.localeCompare(b.name, 'zh');

      const dueItems: DueItem[] = due
        .flatMap((row) =>
          openDeadlinesOf(row)
            .filter((d) => d.dueAt >= now && d.dueAt <= shanghaiEndOfDay(sunday))
            .map((d) => ({
              caseNo: row.caseNo,
              kind: row.kind,
              status: row.status,
              deadline: d.kind,
              dueAt: d.dueAt,
              group:
                row.groupId !== null && row.groupName !== null
                  ? { id: row.groupId, name: row.groupName }
                  : null,
            })),
        )
        .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.caseNo.localeCompare(b.caseNo));

      return {
        asOf: now,
        today,
        window: { from: windowFrom, to: today },
        intakeByDay,
        open: clocks[0]?.open ?? 0,
        overdue: clocks[0]?.overdue ?? 0,
        onTimeByMonth,
        byCategory: categories.map((c) => ({ category: c.category, count: c.n })),
        byStreet: [...streets.values()].sort(byCount),
        byCommunity: byCommunity.sort(byCount),
        satisfaction: satisfactionOf({
          answered: sum((m) => m.answered),
          satisfied: sum((m) => m.satisfied),
          basically: sum((m) => m.basically),
          dissatisfied: sum((m) => m.dissatisfied),
        }),
        // From the aid records, as GET /v1/stats counts them; granted is grantedCount under its older name.
        aid: { applied: sum((m) => m.aidApplied), granted: aid.grantedCount, ...aid },
        dueThisWeek: {
          from: monday,
          to: sunday,
          total: dueItems.length,
          items: dueItems.slice(0, DUE_ITEMS),
        },
      };
    },
  };
}

export type DashboardService = ReturnType<typeof createDashboardService>;
