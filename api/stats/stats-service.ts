// The office's performance figures per community grid, group or prosecutor, aggregated in SQL.
import { and, asc, gte, inArray, lt, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/create-db.js';
import { aidApplications, cases, grids, groups, people } from '../../db/schema/index.js';
import { aidJoin, aidRowColumns } from '../aid/aid-figures.js';
import type { CaseScope } from '../auth/case-scope.js';
import type { Clock } from '../clock.js';
import { anyDeadlineOverdueSql, caseColumn, replyFiguresSql } from '../deadlines/open-deadlines-sql.js';

export const STATS_GROUP_BY = ['grid', 'group', 'prosecutor'] as const;
export type StatsGroupBy = (typeof STATS_GROUP_BY)[number];

export interface StatsFigures {
  received: number;
  proceduralOwed: number;
  proceduralOnTime: number;
  proceduralOnTimePct: number | null;
  substantiveOwed: number;
  substantiveOnTime: number;
  substantiveOnTimePct: number | null;
  overdue: number;
  open: number;
  medianDaysToProceduralReply: number | null;
  satisfactionAnswered: number;
  satisfactionPct: number | null;
  aidApplied: number;
  aidGrantedYuan: number;
}

/** Judicial aid per row, from the aid records (api/aid/aid-figures.ts). */
export interface AidRowFigures {
  aidApplications: number;
  aidGranted: number;
}

export interface StatsRow extends StatsFigures, AidRowFigures {
  key: { code: string | null; name: string };
}

export interface StatsQuery {
  /** Cases received at or after this instant… */
  from: Date;
  /** …and before this one. */
  to: Date;
  groupBy: StatsGroupBy;
  scope: CaseScope;
}

/** Names for cases that have no grid, group or assignee yet, so they still show up in the figures. */
const UNKNOWN_KEY: Record<StatsGroupBy, string> = {
  grid: '(未定位社区)',
  group: '(未分派检察组)',
  prosecutor: '(未指派检察官)',
};

/** Any open deadline past due as of `asOf`, by the one deadline definition (the dashboard and the case list too). */
export function overdueCondition(asOf: Date): SQL {
  return sql`(${anyDeadlineOverdueSql(caseColumn, asOf)})`;
}

/** Every aggregate, evaluated as of `asOf` (see the route description for the exact definitions). */
export function caseFigures(asOf: Date) {
  const c = cases;
  const procedural = replyFiguresSql('procedural', caseColumn, asOf);
  const substantive = replyFiguresSql('substantive', caseColumn, asOf);
  return {
    received: sql<number>`count(*)::int`.mapWith(Number),
    proceduralOwed: countIf(procedural.owed),
    proceduralOnTime: countIf(procedural.onTime),
    substantiveOwed: countIf(substantive.owed),
    substantiveOnTime: countIf(substantive.onTime),
    overdue: countIf(overdueCondition(asOf)),
    open: countIf(sql`${c.status} <> 'closed'`),
    medianDaysToProceduralReply: sql<
      number | null
    >`(percentile_cont(0.5) within group (order by extract(epoch from (${c.proceduralRepliedAt} - ${c.receivedAt})) / 86400.0))::float8`,
    satisfactionAnswered: countIf(sql`${c.satisfaction} is not null`),
    satisfied: countIf(sql`${c.satisfaction} in ('satisfied', 'basically_satisfied')`),
    // Cases of kind aid_request, not aid applications (those are aidRowColumns): the name is kept for old clients.
    aidApplied: countIf(sql`${c.kind} = 'aid_request'`),
    aidGrantedYuan: sql<string>`coalesce(sum(${c.aidGrantedYuan}), 0)::text`,
  };
}

export function countIf(cond: SQL) {
  return sql<number>`(count(*) filter (where ${cond}))::int`.mapWith(Number);
}

export type RawFigures = {
  [K in keyof ReturnType<typeof caseFigures>]: ReturnType<typeof caseFigures>[K]['_']['type'];
};

export function toFigures(r: RawFigures): StatsFigures {
  return {
    received: r.received,
    proceduralOwed: r.proceduralOwed,
    proceduralOnTime: r.proceduralOnTime,
    proceduralOnTimePct: pct(r.proceduralOnTime, r.proceduralOwed),
    substantiveOwed: r.substantiveOwed,
    substantiveOnTime: r.substantiveOnTime,
    substantiveOnTimePct: pct(r.substantiveOnTime, r.substantiveOwed),
    overdue: r.overdue,
    open: r.open,
    medianDaysToProceduralReply:
      r.medianDaysToProceduralReply === null ? null : round1(Number(r.medianDaysToProceduralReply)),
    satisfactionAnswered: r.satisfactionAnswered,
    satisfactionPct: pct(r.satisfied, r.satisfactionAnswered),
    aidApplied: r.aidApplied,
    aidGrantedYuan: Number(r.aidGrantedYuan),
  };
}

/** Restricts a query on cases to the groups a principal may see. */
export function scopeCondition(scope: CaseScope): SQL | undefined {
  if (scope === 'all') return undefined;
  return scope.length ? inArray(cases.groupId, scope) : sql`false`;
}

export function createStatsService(deps: { db: Db; clock: Clock }) {
  const { db } = deps;

  function keyColumns(groupBy: StatsGroupBy) {
    if (groupBy === 'grid')
      return { id: cases.communityId, table: grids, code: grids.code, name: grids.name };
    if (groupBy === 'group')
      return { id: cases.groupId, table: groups, code: groups.code, name: groups.name };
    return { id: cases.assigneeId, table: people, code: people.code, name: people.name };
  }

  return {
    async compute(
      q: StatsQuery,
    ): Promise<{ asOf: Date; items: StatsRow[]; totals: StatsFigures & AidRowFigures }> {
      const now = deps.clock.now();
      const conditions: SQL[] = [gte(cases.receivedAt, q.from), lt(cases.receivedAt, q.to)];
      if (q.scope !== 'all') conditions.push(q.scope.length ? inArray(cases.groupId, q.scope) : sql`false`);
      const where = and(...conditions);
      const key = keyColumns(q.groupBy);
      const rows = await db
        .select({ code: key.code, name: key.name, ...caseFigures(now), ...aidRowColumns })
        .from(cases)
        .leftJoin(aidApplications, aidJoin)
        .leftJoin(key.table, sql`${key.table.id} = ${key.id}`)
        .where(where)
        .groupBy(key.id, key.code, key.name)
        .orderBy(sql`${key.code} asc nulls last`, asc(key.name));
      const [totals] = await db
        .select({ ...caseFigures(now), ...aidRowColumns })
        .from(cases)
        .leftJoin(aidApplications, aidJoin)
        .where(where);
      const withAid = ({ aidApplications, aidGranted, ...r }: RawFigures & AidRowFigures) => ({
        ...toFigures(r),
        aidApplications,
        aidGranted,
      });
      return {
        asOf: now,
        items: rows.map(({ code, name, ...r }) => ({
          key: { code, name: name ?? UNKNOWN_KEY[q.groupBy] },
          ...withAid(r),
        })),
        totals: withAid(totals!),
      };
    },
  };
}

export function pct(part: number, whole: number): number | null {
  return whole === 0 ? null : round1((100 * part) / whole);
}

export function round1(n: number): number {
  return Math.round(n * 10) / 10;
}

export type StatsService = ReturnType<typeof createStatsService>;
