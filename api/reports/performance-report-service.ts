// The monthly performance review: per prosecutor (cases, on-time replies, satisfaction, field work, lectures) and per grid (members' clues).
import { and, asc, eq, gte, inArray, isNotNull, lt, lte, or, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/create-db.js';
import {
  type CaseStatusValue,
  caseEvents,
  caseReports,
  cases,
  grids,
  groupMembers,
  groups,
  lectureRequests,
  people,
  WORK_KINDS,
  type WorkKind,
  workRecords,
} from '../../db/schema/index.js';
import type { CaseScope } from '../auth/case-scope.js';
import type { Clock } from '../clock.js';
import { type Satisfaction, satisfactionCounts, satisfactionOf } from '../stats/dashboard-service.js';
import { caseFigures, pct, scopeCondition, toFigures } from '../stats/stats-service.js';
import { monthRange } from './replies-report-service.js';

export interface OnTime {
  owed: number;
  onTime: number;
  onTimePct: number | null;
}

export interface ProsecutorRow {
  person: { id: number; code: string | null; name: string };
  groups: string[];
  /** Cases received in the month and assigned to them; open and overdue as of the review. */
  cases: { handled: number; open: number; overdue: number };
  procedural: OnTime;
  substantive: OnTime;
  satisfaction: Satisfaction;
  fieldWork: Record<WorkKind, number> & { total: number };
  /** Lectures scheduled in the month, held by the review's time, that name them as speaker. */
  lecturesGiven: number;
}

/** What became of a clue, in the words the review and `我的线索` use. */
export const CLUE_OUTCOMES = ['pending', 'inProgress', 'concluded', 'transferred', 'notAccepted'] as const;
export type ClueOutcome = (typeof CLUE_OUTCOMES)[number];

export const CLUE_OUTCOME_NAMES: Record<ClueOutcome, string> = {
  pending: '待受理',
  inProgress: '办理中',
  concluded: '已办结',
  transferred: '已转交有关部门',
  notAccepted: '不予受理',
};

export interface GridRow {
  grid: { id: number; code: string; name: string };
  /** Grid members registered on this grid. */
  members: number;
  /** Clues received in the month that a member of this grid reported or forwarded. */
  clues: number;
  /** Taken up by the office: accepted (in progress or concluded) or passed to the competent department. */
  valid: number;
  outcomes: Record<ClueOutcome, number>;
}

export interface PerformanceReport {
  month: string;
  from: string;
  to: string;
  asOf: Date;
  prosecutors: ProsecutorRow[];
  grids: GridRow[];
}

/** A clue's outcome from its status; a closed clue is judged by how it got there (rejected, transferred, or answered). */
export function clueOutcome(
  status: CaseStatusValue,
  events: { rejected: boolean; transferred: boolean },
): ClueOutcome {
  switch (status) {
    case 'received':
    case 'materials_needed':
      return 'pending';
    case 'accepted':
    case 'in_progress':
      return 'inProgress';
    case 'resolved':
      return 'concluded';
    case 'transferred':
      return 'transferred';
    case 'not_accepted':
      return 'notAccepted';
    case 'closed':
      return events.rejected ? 'notAccepted' : events.transferred ? 'transferred' : 'concluded';
  }
}

const VALID: readonly ClueOutcome[] = ['inProgress', 'concluded', 'transferred'];

export function createPerformanceReportService(deps: { db: Db; clock: Clock }) {
  const { db } = deps;

  /** The prosecutors the principal reviews: every prosecutor for the office, the members of their groups for a leader. */
  async function prosecutorsIn(scope: CaseScope) {
    const rows = await db
      .select({ id: people.id, code: people.code, name: people.name, group: groups.name })
      .from(people)
      .leftJoin(groupMembers, eq(groupMembers.personId, people.id))
      .leftJoin(groups, eq(groups.id, groupMembers.groupId))
      .where(
        scope === 'all'
          ? eq(people.role, 'prosecutor')
          : scope.length
            ? inArray(groupMembers.groupId, scope)
            : sql`false`,
      )
      .orderBy(sql`${people.code} asc nulls last`, asc(people.name), asc(groups.code));
    const byId = new Map<number, { id: number; code: string | null; name: string; groups: string[] }>();
    for (const r of rows) {
      const p = byId.get(r.id) ?? { id: r.id, code: r.code, name: r.name, groups: [] };
      if (r.group && !p.groups.includes(r.group)) p.groups.push(r.group);
      byId.set(r.id, p);
    }
    return [...byId.values()];
  }

  async function prosecutorRows(scope: CaseScope, month: string, now: Date): Promise<ProsecutorRow[]> {
    const range = monthRange(month);
    const listed = await prosecutorsIn(scope);
    const ids = listed.map((p) => p.id);
    if (!ids.length) return [];
    const inMonth = and(
      scopeCondition(scope),
      gte(cases.receivedAt, range.start),
      lt(cases.receivedAt, range.end),
      inArray(cases.assigneeId, ids),
    );
    const [caseRows, workRows, lectureRows] = await Promise.all([
      db
        .select({ personId: cases.assigneeId, ...caseFigures(now), ...satisfactionCounts })
        .from(cases)
        .where(inMonth)
        .groupBy(cases.assigneeId),
      db
        .select({
          personId: workRecords.personId,
          kind: workRecords.kind,
          n: sql<number>`count(*)::int`.mapWith(Number),
        })
        .from(workRecords)
        .where(
          and(
            inArray(workRecords.personId, ids),
            gte(workRecords.workedOn, range.from),
            lte(workRecords.workedOn, range.to),
          ),
        )
        .groupBy(workRecords.personId, workRecords.kind),
      db
        .select({ speaker: lectureRequests.speaker })
        .from(lectureRequests)
        .where(
          and(
            eq(lectureRequests.state, 'scheduled'),
            isNotNull(lectureRequests.speaker),
            gte(lectureRequests.scheduledAt, range.start),
            lt(lectureRequests.scheduledAt, range.end),
            lte(lectureRequests.scheduledAt, now),
          ),
        ),
    ]);
    return listed.map((p) => {
      const c = caseRows.find((r) => r.personId === p.id);
      const figures = c ? toFigures(c) : null;
      const fieldWork = Object.fromEntries(WORK_KINDS.map((k) => [k, 0])) as Record<WorkKind, number>;
      for (const w of workRows) if (w.personId === p.id) fieldWork[w.kind] = w.n;
      return {
        person: { id: p.id, code: p.code, name: p.name },
        groups: p.groups,
        cases: { handled: figures?.received ?? 0, open: figures?.open ?? 0, overdue: figures?.overdue ?? 0 },
        procedural: {
          owed: figures?.proceduralOwed ?? 0,
          onTime: figures?.proceduralOnTime ?? 0,
          onTimePct: figures?.proceduralOnTimePct ?? null,
        },
        substantive: {
          owed: figures?.substantiveOwed ?? 0,
          onTime: figures?.substantiveOnTime ?? 0,
          onTimePct: figures?.substantiveOnTimePct ?? null,
        },
        satisfaction: satisfactionOf({
          answered: c?.answered ?? 0,
          satisfied: c?.satisfied ?? 0,
          basically: c?.basically ?? 0,
          dissatisfied: c?.dissatisfied ?? 0,
        }),
        fieldWork: { ...fieldWork, total: WORK_KINDS.reduce((n, k) => n + fieldWork[k], 0) },
        // The speaker is written freely ("张检察官、李检察官"): a lecture counts for each prosecutor it names.
        lecturesGiven: lectureRows.filter((l) => l.speaker?.includes(p.name)).length,
      };
    });
  }

  async function gridRows(scope: CaseScope, month: string): Promise<GridRow[]> {
    const range = monthRange(month);
    const clueInMonth = and(
      eq(cases.kind, 'clue'),
      gte(cases.receivedAt, range.start),
      lt(cases.receivedAt, range.end),
      scopeCondition(scope),
    );
    const member = and(eq(people.role, 'grid_member'), isNotNull(people.gridId));
    const [direct, forwarded] = await Promise.all([
      db
        .select({ caseId: cases.id, status: cases.status, gridId: people.gridId })
        .from(cases)
        .innerJoin(people, eq(people.id, cases.reporterId))
        .where(and(clueInMonth, member)),
      db
        .select({ caseId: cases.id, status: cases.status, gridId: people.gridId })
        .from(caseReports)
        .innerJoin(cases, eq(cases.id, caseReports.caseId))
        .innerJoin(people, eq(people.id, caseReports.reporterId))
        .where(and(clueInMonth, member)),
    ]);
    // One clue counts once per grid, however many of the grid's members sent it.
    const seen = new Map<string, { caseId: number; status: CaseStatusValue; gridId: number }>();
    for (const r of [...direct, ...forwarded])
      if (r.gridId !== null) seen.set(`${r.gridId}:${r.caseId}`, { ...r, gridId: r.gridId });
    const closedIds = [
      ...new Set([...seen.values()].filter((r) => r.status === 'closed').map((r) => r.caseId)),
    ];
    const closedHow = closedIds.length
      ? await db
          .select({ caseId: caseEvents.caseId, type: caseEvents.type })
          .from(caseEvents)
          .where(
            and(inArray(caseEvents.caseId, closedIds), inArray(caseEvents.type, ['rejected', 'transferred'])),
          )
      : [];

    const memberCounts = await db
      .select({ gridId: people.gridId, n: sql<number>`count(*)::int`.mapWith(Number) })
      .from(people)
      .where(member)
      .groupBy(people.gridId);
    const clueGrids = [...new Set([...seen.values()].map((r) => r.gridId))];
    // The office reviews every grid with members; a leader the grids their groups own and any that sent them clues.
    const gridWhere: SQL | undefined =
      scope === 'all'
        ? or(
            inArray(
              grids.id,
              memberCounts
                .map((m) => m.gridId)
                .filter((id): id is number => id !== null)
                .concat(-1),
            ),
            inArray(grids.id, clueGrids.concat(-1)),
          )
        : or(
            scope.length ? inArray(grids.ownerGroupId, scope) : sql`false`,
            inArray(grids.id, clueGrids.concat(-1)),
          );
    const gridList = await db
      .select({ id: grids.id, code: grids.code, name: grids.name })
      .from(grids)
      .where(gridWhere)
      .orderBy(asc(grids.code));

    return gridList.map((g) => {
      const outcomes = Object.fromEntries(CLUE_OUTCOMES.map((o) => [o, 0])) as Record<ClueOutcome, number>;
      let clues = 0;
      for (const r of seen.values()) {
        if (r.gridId !== g.id) continue;
        clues += 1;
        const events = closedHow.filter((e) => e.caseId === r.caseId);
        outcomes[
          clueOutcome(r.status, {
            rejected: events.some((e) => e.type === 'rejected'),
            transferred: events.some((e) => e.type === 'transferred'),
          })
        ] += 1;
      }
      return {
        grid: g,
        members: memberCounts.find((m) => m.gridId === g.id)?.n ?? 0,
        clues,
        valid: VALID.reduce((n, o) => n + outcomes[o], 0),
        outcomes,
      };
    });
  }

  return {
    async compute(q: { month: string; scope: CaseScope }): Promise<PerformanceReport> {
      const now = deps.clock.now();
      const range = monthRange(q.month);
      const [prosecutors, gridList] = await Promise.all([
        prosecutorRows(q.scope, q.month, now),
        gridRows(q.scope, q.month),
      ]);
      return { month: q.month, from: range.from, to: range.to, asOf: now, prosecutors, grids: gridList };
    },
  };
}

export type PerformanceReportService = ReturnType<typeof createPerformanceReportService>;

/** Share of valid clues, for the screen and the workbook (one decimal, null when none came). */
export const validPct = (g: Pick<GridRow, 'valid' | 'clues'>) => pct(g.valid, g.clues);
