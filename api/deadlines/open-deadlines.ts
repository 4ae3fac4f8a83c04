// The open-deadline rules, written once: the sweep's SQL, the digest, the statistics, 我的待办 and the replies report derive from here.
import { and, gte, isNotNull, isNull, lt, lte, or, type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { CaseKind, CaseStatusValue } from '../../db/schema/cases-schema.js';

/** Reminder lead times before a deadline, in working or calendar days. */
export interface BeforeSchedule {
  unit: 'working_days' | 'calendar_days';
  offsets: readonly number[];
}

/** The columns of `cases` the rules read (as drizzle names them). */
export type DeadlineColumn =
  | 'kind'
  | 'status'
  | 'noReplyReason'
  | 'proceduralDueAt'
  | 'proceduralRepliedAt'
  | 'substantiveDueAt'
  | 'substantiveRepliedAt'
  | 'nextProgressDueAt'
  | 'aidNoticeDueAt';

type DueColumn = Extract<DeadlineColumn, `${string}DueAt`>;
type RepliedColumn = Extract<DeadlineColumn, `${string}RepliedAt`>;

interface DeadlineDefinition {
  /** When it falls due; a null there means the case has no such deadline (yet, or any more). */
  readonly due: DueColumn;
  /**
   * A reply owed to the reporter: closed once `repliedAt` is set, and owed at all only while the case has no
   * `noReplyReason` (anonymous without contact, unreachable).
   */
  readonly reply?: { readonly repliedAt: RepliedColumn };
  /** Statuses in which the deadline no longer runs. */
  readonly closedIn?: readonly CaseStatusValue[];
  /** Statuses outside which it does not run. */
  readonly onlyIn?: readonly CaseStatusValue[];
  /** Kinds of case it applies to (every kind when absent). */
  readonly onlyFor?: readonly CaseKind[];
  /** When the prosecutor is reminded before it falls due (then on the day, daily once overdue, escalated). */
  readonly before: BeforeSchedule;
  /** Its name in reminders and the morning digest. */
  readonly reminderLabel: string;
  /** Its name in 我的待办. */
  readonly todoLabel: string;
  /** Its name in the monthly replies report. */
  readonly reportName: string;
}

/**
 * Every deadline kind a case can owe. Adding a kind is one entry here (plus its due column on `cases`): the
 * sweep, digest, statistics, 我的待办, the dashboard and the replies report all read this table.
 */
export const DEADLINES = {
  procedural: {
    due: 'proceduralDueAt',
    reply: { repliedAt: 'proceduralRepliedAt' },
    closedIn: ['closed'],
    before: { unit: 'working_days', offsets: [2] },
    reminderLabel: '程序性答复',
    todoLabel: '受理告知',
    reportName: '程序性回复（7个工作日）',
  },
  substantive: {
    due: 'substantiveDueAt',
    reply: { repliedAt: 'substantiveRepliedAt' },
    closedIn: ['closed', 'not_accepted', 'transferred'],
    before: { unit: 'calendar_days', offsets: [14, 3] },
    reminderLabel: '实体答复',
    todoLabel: '办理答复',
    reportName: '实体性回复（3个月）',
  },
  progress: {
    due: 'nextProgressDueAt',
    before: { unit: 'calendar_days', offsets: [14, 3] },
    reminderLabel: '进展答复',
    todoLabel: '进展告知',
    reportName: '月度进展回复',
  },
  aid_notice: {
    due: 'aidNoticeDueAt',
    onlyFor: ['aid_request'],
    onlyIn: ['received'],
    before: { unit: 'working_days', offsets: [2] },
    reminderLabel: '救助材料告知',
    todoLabel: '救助材料告知',
    reportName: '司法救助材料告知',
  },
} as const satisfies Record<string, DeadlineDefinition>;

export type DeadlineKind = keyof typeof DEADLINES;
/** In the order above, which also breaks ties between deadlines due at the same instant. */
export const DEADLINE_KINDS = Object.keys(DEADLINES) as DeadlineKind[];
/** Deadlines that are replies to the reporter, with on-time figures in the statistics. */
export type ReplyDeadlineKind = {
  [K in DeadlineKind]: (typeof DEADLINES)[K] extends { reply: unknown } ? K : never;
}[DeadlineKind];

const definition = (kind: DeadlineKind): DeadlineDefinition => DEADLINES[kind];

export const DEFAULT_BEFORE_SCHEDULES = Object.freeze(
  Object.fromEntries(DEADLINE_KINDS.map((k) => [k, definition(k).before])) as Record<
    DeadlineKind,
    BeforeSchedule
  >,
);
const labels = (pick: (d: DeadlineDefinition) => string) =>
  Object.freeze(
    Object.fromEntries(DEADLINE_KINDS.map((k) => [k, pick(definition(k))])) as Record<DeadlineKind, string>,
  );
export const REMINDER_LABELS = labels((d) => d.reminderLabel);
export const TODO_LABELS = labels((d) => d.todoLabel);
export const REPORT_NAMES = labels((d) => d.reportName);

/** Every column the rules read: a change to any of them may open, close or move a deadline. */
export const DEADLINE_COLUMNS: readonly DeadlineColumn[] = Object.freeze([
  'kind',
  'status',
  'noReplyReason',
  ...new Set(
    DEADLINE_KINDS.flatMap((k) => {
      const d = definition(k);
      return d.reply ? [d.due, d.reply.repliedAt] : [d.due];
    }),
  ),
]);

// ---------------------------------------------------------------------------------------------------------
// In TypeScript, on a case row.

export type DeadlineRow = { caseNo: string } & {
  [C in DeadlineColumn]: C extends 'kind'
    ? CaseKind
    : C extends 'status'
      ? CaseStatusValue
      : C extends 'noReplyReason'
        ? string | null
        : C extends 'proceduralDueAt' | 'substantiveDueAt'
          ? Date
          : Date | null;
};

export interface OpenDeadline {
  caseNo: string;
  kind: DeadlineKind;
  dueAt: Date;
}

function isOpen(d: DeadlineDefinition, row: DeadlineRow): boolean {
  if (row[d.due] === null) return false;
  if (d.reply && (row.noReplyReason !== null || row[d.reply.repliedAt] !== null)) return false;
  if (d.closedIn?.includes(row.status)) return false;
  if (d.onlyIn && !d.onlyIn.includes(row.status)) return false;
  if (d.onlyFor && !d.onlyFor.includes(row.kind)) return false;
  return true;
}

/** The open deadlines of one case, in definition order. */
export function openDeadlinesOf(row: DeadlineRow): OpenDeadline[] {
  return DEADLINE_KINDS.flatMap((kind) => {
    const d = definition(kind);
    return isOpen(d, row) ? [{ caseNo: row.caseNo, kind, dueAt: row[d.due] as Date }] : [];
  });
}

/** The earliest open deadline (the first in definition order on a tie), or null when the case owes nothing. */
export function nearestOpenDeadline(row: DeadlineRow): OpenDeadline | null {
  let best: OpenDeadline | null = null;
  for (const d of openDeadlinesOf(row)) if (!best || d.dueAt.getTime() < best.dueAt.getTime()) best = d;
  return best;
}

// ---------------------------------------------------------------------------------------------------------
// In SQL. `col` names a column: the drizzle column for queries, the bare column in the schema's generated column.

export type ColumnOf = (column: DeadlineColumn) => AnyPgColumn;

// Constants of the rules, written as literals: a generated column cannot take parameters, and partial
// indexes match only literal predicates.
const literal = (value: string): SQL => {
  if (!/^[a-z_]+$/.test(value)) throw new Error(`not a rule constant: ${value}`);
  return sql.raw(`'${value}'`);
};
const list = (values: readonly string[]) => sql`(${sql.join(values.map(literal), sql`, `)})`;

/** The conditions besides the due date being set, under which a deadline of this kind is open. */
function openConditions(d: DeadlineDefinition, col: ColumnOf): SQL[] {
  const conditions: SQL[] = [];
  if (d.reply) conditions.push(isNull(col('noReplyReason')), isNull(col(d.reply.repliedAt)));
  // `<>` for one status (not `not in`), so the planner matches the partial indexes written that way.
  if (d.closedIn?.length === 1) conditions.push(sql`${col('status')} <> ${literal(d.closedIn[0]!)}`);
  else if (d.closedIn) conditions.push(sql`${col('status')} not in ${list(d.closedIn)}`);
  if (d.onlyIn?.length === 1) conditions.push(sql`${col('status')} = ${literal(d.onlyIn[0]!)}`);
  else if (d.onlyIn) conditions.push(sql`${col('status')} in ${list(d.onlyIn)}`);
  if (d.onlyFor?.length === 1) conditions.push(sql`${col('kind')} = ${literal(d.onlyFor[0]!)}`);
  else if (d.onlyFor) conditions.push(sql`${col('kind')} in ${list(d.onlyFor)}`);
  return conditions;
}

/** This kind of deadline is open, with its due date within the range (any due date when no bound is given). */
export function deadlineOpenSql(
  kind: DeadlineKind,
  col: ColumnOf,
  range: { from?: Date; to?: Date } = {},
): SQL {
  const d = definition(kind);
  const due = col(d.due);
  const bounds: SQL[] = [];
  if (range.from) bounds.push(gte(due, range.from));
  if (range.to) bounds.push(lte(due, range.to));
  if (bounds.length === 0) bounds.push(isNotNull(due));
  return and(...openConditions(d, col), ...bounds) as SQL;
}

/** Any deadline open with its due date within the range. */
export function anyDeadlineOpenSql(col: ColumnOf, range: { from?: Date; to?: Date } = {}): SQL {
  return or(...DEADLINE_KINDS.map((k) => deadlineOpenSql(k, col, range))) as SQL;
}

/** Any open deadline already past due at `asOf`. */
export function anyDeadlineOverdueSql(col: ColumnOf, asOf: Date): SQL {
  return or(...DEADLINE_KINDS.map((k) => deadlineOverdueSql(k, col, asOf))) as SQL;
}

/** This kind of deadline is open and past due at `asOf`. */
export function deadlineOverdueSql(kind: DeadlineKind, col: ColumnOf, asOf: Date): SQL {
  const d = definition(kind);
  return and(...openConditions(d, col), lt(col(d.due), asOf)) as SQL;
}

/** This kind of deadline is open and not yet due at `asOf`. */
export function deadlinePendingSql(kind: DeadlineKind, col: ColumnOf, asOf: Date): SQL {
  const d = definition(kind);
  return and(...openConditions(d, col), gte(col(d.due), asOf)) as SQL;
}

/**
 * The nearest open deadline's due instant, null when none is open: the `cases.next_due_at` generated column,
 * by which the morning digest reads each prosecutor's cases in order.
 */
export function nearestOpenDueSql(col: ColumnOf): SQL {
  const branches = DEADLINE_KINDS.map((kind) => {
    const d = definition(kind);
    const conditions = openConditions(d, col);
    return conditions.length
      ? sql`case when ${and(...conditions)} then ${col(d.due)} end`
      : sql`${col(d.due)}`;
  });
  return sql`least(${sql.join(branches, sql`, `)})`;
}

/** A reply deadline's figures (GET /v1/stats, the replies report): owed by `asOf`, answered on time or late. */
export function replyFiguresSql(kind: ReplyDeadlineKind, col: ColumnOf, asOf: Date) {
  const d = definition(kind);
  const repliedAt = col(d.reply!.repliedAt);
  const due = col(d.due);
  const owesReply = isNull(col('noReplyReason'));
  return {
    /** Answered, or past due with the reply still owed. */
    owed: or(and(owesReply, isNotNull(repliedAt)), deadlineOverdueSql(kind, col, asOf)) as SQL,
    onTime: and(owesReply, lte(repliedAt, due)) as SQL,
    late: and(owesReply, sql`${repliedAt} > ${due}`) as SQL,
    overdue: deadlineOverdueSql(kind, col, asOf),
    pending: deadlinePendingSql(kind, col, asOf),
  };
}

/** Kinds that are replies to the reporter, in definition order. */
export const REPLY_DEADLINE_KINDS = DEADLINE_KINDS.filter((k) => definition(k).reply) as ReplyDeadlineKind[];

/** Some reply of the case went out after its due date (and was owed). */
export function anyReplyLateSql(col: ColumnOf): SQL {
  return or(...REPLY_DEADLINE_KINDS.map((k) => replyFiguresSql(k, col, new Date(0)).late)) as SQL;
}

export interface LateReply {
  kind: ReplyDeadlineKind;
  dueAt: Date;
  repliedAt: Date;
}

/** The replies of one case that went out after their due date (only those owed: no `noReplyReason`). */
export function lateRepliesOf(row: DeadlineRow): LateReply[] {
  if (row.noReplyReason !== null) return [];
  return REPLY_DEADLINE_KINDS.flatMap((kind) => {
    const d = definition(kind);
    const dueAt = row[d.due];
    const repliedAt = row[d.reply!.repliedAt];
    return dueAt && repliedAt && repliedAt > dueAt ? [{ kind, dueAt, repliedAt }] : [];
  });
}

/**
 * Which kind of deadline `nearestOpenDueSql` picked (the first in definition order on a tie), null when none:
 * the `cases.next_due_kind` generated column, which the digest reads from its index.
 */
export function nearestOpenKindSql(col: ColumnOf): SQL {
  const nearest = nearestOpenDueSql(col);
  const branches = DEADLINE_KINDS.map((kind) => {
    const d = definition(kind);
    return sql`when ${and(...openConditions(d, col), sql`${col(d.due)} = ${nearest}`)} then ${literal(kind)}`;
  });
  return sql`(case ${sql.join(branches, sql` `)} end)`;
}

/**
 * A case's deadlines as rows `(kind, due_at)`, due_at null where that kind is not open (the same conditions as
 * openDeadlinesOf): `cross join lateral <this> as d(kind, due_at)`, so the sweep plans every case's deadlines
 * in one set-based statement.
 */
export function deadlineRowsSql(col: ColumnOf): SQL {
  const rows = DEADLINE_KINDS.map((kind) => {
    const d = definition(kind);
    const conditions = openConditions(d, col);
    const due = conditions.length
      ? sql`case when ${and(...conditions)} then ${col(d.due)} end`
      : sql`${col(d.due)}`;
    return sql`(${literal(kind)}, ${due})`;
  });
  return sql`(values ${sql.join(rows, sql`, `)})`;
}
