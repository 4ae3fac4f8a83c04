// The monthly 件件有回复 report: cases received in a month, their two reply clocks, what ran late and why, satisfaction.
import { and, asc, eq, gte, lt, or, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/create-db.js';
import { CASE_KINDS, type CaseKind, type CaseStatusValue, cases, groups } from '../../db/schema/index.js';
import type { CaseScope } from '../auth/case-scope.js';
import type { Clock } from '../clock.js';
import { addCalendarMonths, daysInMonth, parseLocalDate } from '../deadlines/local-date.js';
import {
  anyReplyLateSql,
  type DeadlineKind,
  lateRepliesOf,
  openDeadlinesOf,
  REPORT_NAMES,
} from '../deadlines/open-deadlines.js';
import { caseColumn, replyFiguresSql } from '../deadlines/open-deadlines-sql.js';
import { shanghaiStartOfDay, toShanghaiDate } from '../deadlines/shanghai-time.js';
import type { FieldCipher } from '../security/field-cipher.js';
import { type Satisfaction, satisfactionCounts, satisfactionOf } from '../stats/dashboard-service.js';
import { caseFigures, countIf, overdueCondition, pct, scopeCondition } from '../stats/stats-service.js';

/** A reply clock's cases, split so the parts add up: owed = onTime + late + overdue. */
export interface ReplyClock {
  /** Cases that got the reply, or whose due date passed while one was still owed (as in GET /v1/stats). */
  owed: number;
  onTime: number;
  /** Replied, but after the due date. */
  late: number;
  /** Not replied and past due, still owed now. */
  overdue: number;
  /** Not replied, not yet due. */
  pending: number;
  /** No reply owed: anonymous or unreachable (noReplyReason), or — substantive — transferred / not accepted / closed before it. */
  notOwed: number;
  onTimePct: number | null;
}

export interface GroupRow {
  group: { id: number; code: string; name: string } | null;
  received: number;
  procedural: Pick<ReplyClock, 'owed' | 'onTime' | 'onTimePct'>;
  substantive: Pick<ReplyClock, 'owed' | 'onTime' | 'onTimePct'>;
  overdue: number;
}

/** One missed clock of a case: replied late, or still unanswered past its due date. */
export interface MissedDeadline {
  deadline: DeadlineKind;
  dueAt: Date;
  repliedAt: Date | null;
  /** Whole calendar days past the due date: to the reply, or to now when still unanswered. */
  daysLate: number;
}

export interface OverdueCase {
  caseNo: string;
  kind: CaseKind;
  category: string | null;
  status: CaseStatusValue;
  summary: string;
  receivedAt: Date;
  group: { id: number; name: string } | null;
  missed: MissedDeadline[];
}

export interface RepliesReport {
  month: string;
  /** Received dates the report covers (Asia/Shanghai, both inclusive). */
  from: string;
  to: string;
  asOf: Date;
  received: { total: number } & Record<CaseKind, number>;
  procedural: ReplyClock;
  substantive: ReplyClock;
  byGroup: GroupRow[];
  overdue: { total: number; items: OverdueCase[] };
  satisfaction: Satisfaction;
}

const DAY_MS = 86_400_000;

/** The clocks' parts in SQL, from the one deadline definition; `owed`/`onTime` are GET /v1/stats's own. */
function clockCounts(asOf: Date) {
  const c = cases;
  const p = replyFiguresSql('procedural', caseColumn, asOf);
  const s = replyFiguresSql('substantive', caseColumn, asOf);
  const figures = caseFigures(asOf);
  return {
    received: figures.received,
    ...Object.fromEntries(CASE_KINDS.map((k) => [`kind_${k}`, countIf(sql`${c.kind} = ${k}`)])),
    pOwed: figures.proceduralOwed,
    pOnTime: figures.proceduralOnTime,
    pLate: countIf(p.late),
    pOverdue: countIf(p.overdue),
    pPending: countIf(p.pending),
    sOwed: figures.substantiveOwed,
    sOnTime: figures.substantiveOnTime,
    sLate: countIf(s.late),
    sOverdue: countIf(s.overdue),
    sPending: countIf(s.pending),
    overdueNow: figures.overdue,
    ...satisfactionCounts,
  };
}

function clockOf(
  received: number,
  r: { owed: number; onTime: number; late: number; overdue: number; pending: number },
): ReplyClock {
  return {
    owed: r.owed,
    onTime: r.onTime,
    late: r.late,
    overdue: r.overdue,
    pending: r.pending,
    notOwed: received - r.onTime - r.late - r.overdue - r.pending,
    onTimePct: pct(r.onTime, r.owed),
  };
}

/** The month's first day and last day, and the instants bounding its receipts. */
export function monthRange(month: string) {
  const from = `${month}-01`;
  const { year, month: m } = parseLocalDate(from);
  const to = `${month}-${String(daysInMonth(year, m)).padStart(2, '0')}`;
  return {
    from,
    to,
    start: shanghaiStartOfDay(from),
    end: shanghaiStartOfDay(addCalendarMonths(from, 1)),
  };
}

function daysLate(dueAt: Date, until: Date): number {
  return Math.max(1, Math.ceil((until.getTime() - dueAt.getTime()) / DAY_MS));
}

export function createRepliesReportService(deps: {
  db: Db;
  clock: Clock;
  /** Case summaries are stored encrypted; the report shows them in clear. */
  cipher: Pick<FieldCipher, 'decrypt'>;
}) {
  const { db } = deps;

  return {
    async compute(q: { month: string; scope: CaseScope }): Promise<RepliesReport> {
      const now = deps.clock.now();
      const range = monthRange(q.month);
      const where = and(
        scopeCondition(q.scope),
        gte(cases.receivedAt, range.start),
        lt(cases.receivedAt, range.end),
      );
      const counts = clockCounts(now);

      const [[totals], perGroup, missedRows] = await Promise.all([
        db.select(counts).from(cases).where(where),
        db
          .select({
            id: groups.id,
            code: groups.code,
            name: groups.name,
            received: counts.received,
            pOwed: counts.pOwed,
            pOnTime: counts.pOnTime,
            sOwed: counts.sOwed,
            sOnTime: counts.sOnTime,
            overdue: counts.overdueNow,
          })
          .from(cases)
          .leftJoin(groups, eq(groups.id, cases.groupId))
          .where(where)
          .groupBy(groups.id, groups.code, groups.name)
          .orderBy(sql`${groups.code} asc nulls last`),
        db
          .select({
            caseNo: cases.caseNo,
            kind: cases.kind,
            category: cases.category,
            status: cases.status,
            summaryEnc: cases.summaryEnc,
            receivedAt: cases.receivedAt,
            groupId: cases.groupId,
            groupName: groups.name,
            id: cases.id,
            assigneeId: cases.assigneeId,
            noReplyReason: cases.noReplyReason,
            proceduralDueAt: cases.proceduralDueAt,
            proceduralRepliedAt: cases.proceduralRepliedAt,
            substantiveDueAt: cases.substantiveDueAt,
            substantiveRepliedAt: cases.substantiveRepliedAt,
            nextProgressDueAt: cases.nextProgressDueAt,
            aidNoticeDueAt: cases.aidNoticeDueAt,
          })
          .from(cases)
          .leftJoin(groups, eq(groups.id, cases.groupId))
          .where(and(where, or(overdueCondition(now), anyReplyLateSql(caseColumn)) as SQL))
          .orderBy(asc(cases.receivedAt), asc(cases.caseNo)),
      ]);
      const t = totals as unknown as Record<string, number>;

      const items: OverdueCase[] = missedRows.map((row) => {
        const missed: MissedDeadline[] = lateRepliesOf(row).map((r) => ({
          deadline: r.kind,
          dueAt: r.dueAt,
          repliedAt: r.repliedAt,
          daysLate: daysLate(r.dueAt, r.repliedAt),
        }));
        // Still-open deadlines past due, exactly as the sweep and the dashboard see them.
        for (const d of openDeadlinesOf(row))
          if (d.dueAt < now)
            missed.push({
              deadline: d.kind,
              dueAt: d.dueAt,
              repliedAt: null,
              daysLate: daysLate(d.dueAt, now),
            });
        return {
          caseNo: row.caseNo,
          kind: row.kind,
          category: row.category,
          status: row.status,
          summary: deps.cipher.decrypt(row.summaryEnc),
          receivedAt: row.receivedAt,
          group:
            row.groupId !== null && row.groupName !== null ? { id: row.groupId, name: row.groupName } : null,
          missed,
        };
      });

      return {
        month: q.month,
        from: range.from,
        to: range.to,
        asOf: now,
        received: {
          total: t.received ?? 0,
          ...(Object.fromEntries(CASE_KINDS.map((k) => [k, t[`kind_${k}`] ?? 0])) as Record<
            CaseKind,
            number
          >),
        },
        procedural: clockOf(t.received ?? 0, {
          owed: t.pOwed ?? 0,
          onTime: t.pOnTime ?? 0,
          late: t.pLate ?? 0,
          overdue: t.pOverdue ?? 0,
          pending: t.pPending ?? 0,
        }),
        substantive: clockOf(t.received ?? 0, {
          owed: t.sOwed ?? 0,
          onTime: t.sOnTime ?? 0,
          late: t.sLate ?? 0,
          overdue: t.sOverdue ?? 0,
          pending: t.sPending ?? 0,
        }),
        byGroup: perGroup.map((g) => ({
          group:
            g.id !== null && g.code !== null && g.name !== null
              ? { id: g.id, code: g.code, name: g.name }
              : null,
          received: g.received,
          procedural: { owed: g.pOwed, onTime: g.pOnTime, onTimePct: pct(g.pOnTime, g.pOwed) },
          substantive: { owed: g.sOwed, onTime: g.sOnTime, onTimePct: pct(g.sOnTime, g.sOwed) },
          overdue: g.overdue,
        })),
        overdue: { total: items.length, items },
        satisfaction: satisfactionOf({
          answered: t.answered ?? 0,
          satisfied: t.satisfied ?? 0,
          basically: t.basically ?? 0,
          dissatisfied: t.dissatisfied ?? 0,
        }),
      };
    },
  };
}

export type RepliesReportService = ReturnType<typeof createRepliesReportService>;

const DEADLINE_NAMES: Record<DeadlineKind, string> = REPORT_NAMES;

/** Why a case is on the overdue list, in words for the office: which clock, by how much, answered or not. */
export function missedReason(m: MissedDeadline): string {
  const due = toShanghaiDate(m.dueAt);
  return m.repliedAt
    ? `${DEADLINE_NAMES[m.deadline]}超期${m.daysLate}天答复（应于${due}前，${toShanghaiDate(m.repliedAt)}答复）`
    : `${DEADLINE_NAMES[m.deadline]}逾期${m.daysLate}天未答复（应于${due}前）`;
}
