// Reads open cases and their open deadlines per the clock contract, and who should hear about them.
import { and, eq, gte, inArray, isNotNull, isNull, lte, ne, notInArray, or, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/create-db.js';
import { type CaseKind, cases, groupMembers, people } from '../../db/schema/index.js';
import type { DeadlineKind, OpenDeadline } from '../deadlines/reminder-plan.js';

export interface OpenCase {
  id: number;
  caseNo: string;
  kind: CaseKind;
  category: string | null;
  groupId: number | null;
  assigneeId: number | null;
  deadlines: OpenDeadline[];
}

export interface GroupContacts {
  leader: Contact | null;
  liaison: Contact | null;
}

export interface Contact {
  personId: number;
  name: string;
  wechatId: string;
}

const NO_SUBSTANTIVE_REPLY_STATUSES = ['closed', 'not_accepted', 'transferred'] as const;

/**
 * One branch per deadline kind, each written to match a partial index on cases (see cases-schema.ts), so
 * Postgres answers the OR with a bitmap over four small index ranges instead of scanning every case.
 * With `from`, only deadlines falling due between `from` and `horizon` (the dashboard's week).
 */
export function openDeadlineFilter(horizon: Date | null, from?: Date): SQL {
  const upTo = (column: AnyPgColumn) => {
    const until = horizon ? lte(column, horizon) : isNotNull(column);
    return from ? (and(gte(column, from), until) as SQL) : until;
  };
  return or(
    and(
      ne(cases.status, 'closed'),
      isNull(cases.proceduralRepliedAt),
      isNull(cases.noReplyReason),
      upTo(cases.proceduralDueAt),
    ),
    and(
      ne(cases.status, 'closed'),
      notInArray(cases.status, [...NO_SUBSTANTIVE_REPLY_STATUSES]),
      isNull(cases.substantiveRepliedAt),
      isNull(cases.noReplyReason),
      upTo(cases.substantiveDueAt),
    ),
    upTo(cases.nextProgressDueAt),
    and(eq(cases.status, 'received'), eq(cases.kind, 'aid_request'), upTo(cases.aidNoticeDueAt)),
  ) as SQL;
}

type CaseDeadlineRow = Pick<
  typeof cases.$inferSelect,
  | 'id'
  | 'caseNo'
  | 'kind'
  | 'status'
  | 'groupId'
  | 'assigneeId'
  | 'noReplyReason'
  | 'proceduralDueAt'
  | 'proceduralRepliedAt'
  | 'substantiveDueAt'
  | 'substantiveRepliedAt'
  | 'nextProgressDueAt'
  | 'aidNoticeDueAt'
>;

/** The open deadlines of one case, exactly as the clock contract defines them. */
export function openDeadlinesOf(row: CaseDeadlineRow): OpenDeadline[] {
  const list: OpenDeadline[] = [];
  const add = (kind: DeadlineKind, dueAt: Date) => list.push({ caseNo: row.caseNo, kind, dueAt });
  const replyOwed = row.noReplyReason === null;
  if (replyOwed && row.proceduralRepliedAt === null && row.status !== 'closed')
    add('procedural', row.proceduralDueAt);
  if (
    replyOwed &&
    row.substantiveRepliedAt === null &&
    !(NO_SUBSTANTIVE_REPLY_STATUSES as readonly string[]).includes(row.status)
  )
    add('substantive', row.substantiveDueAt);
  if (row.nextProgressDueAt !== null) add('progress', row.nextProgressDueAt);
  if (row.kind === 'aid_request' && row.status === 'received' && row.aidNoticeDueAt !== null)
    add('aid_notice', row.aidNoticeDueAt);
  return list;
}

/**
 * Open cases with at least one open deadline due by `horizon` (all open deadlines when null). Each case
 * carries all of its open deadlines; the planner decides which of them need a reminder.
 */
export async function findOpenCases(db: Db, horizon: Date | null): Promise<OpenCase[]> {
  const rows = await db
    .select({
      id: cases.id,
      caseNo: cases.caseNo,
      kind: cases.kind,
      category: cases.category,
      status: cases.status,
      groupId: cases.groupId,
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
    .where(openDeadlineFilter(horizon))
    .orderBy(cases.id);
  return rows
    .map((row) => ({
      id: row.id,
      caseNo: row.caseNo,
      kind: row.kind,
      category: row.category,
      groupId: row.groupId,
      assigneeId: row.assigneeId,
      deadlines: openDeadlinesOf(row),
    }))
    .filter((c) => c.deadlines.length > 0);
}

/** Leader and liaison (with a WeChat id) of each of the given groups. */
export async function findGroupContacts(db: Db, groupIds: number[]): Promise<Map<number, GroupContacts>> {
  const result = new Map<number, GroupContacts>();
  if (groupIds.length === 0) return result;
  const rows = await db
    .select({
      groupId: groupMembers.groupId,
      role: groupMembers.role,
      personId: people.id,
      name: people.name,
      wechatId: people.wechatId,
    })
    .from(groupMembers)
    .innerJoin(people, eq(people.id, groupMembers.personId))
    .where(
      and(
        inArray(groupMembers.groupId, groupIds),
        inArray(groupMembers.role, ['leader', 'liaison']),
        isNotNull(people.wechatId),
      ),
    )
    .orderBy(people.id);
  for (const id of groupIds) result.set(id, { leader: null, liaison: null });
  for (const row of rows) {
    const entry = result.get(row.groupId)!;
    const contact = { personId: row.personId, name: row.name, wechatId: row.wechatId! };
    if (row.role === 'leader' && !entry.leader) entry.leader = contact;
    if (row.role === 'liaison' && !entry.liaison) entry.liaison = contact;
  }
  return result;
}

/** People by id, with their WeChat ids (null when they have none). */
export async function findPeople(
  db: Db,
  ids: number[],
): Promise<Map<number, { personId: number; name: string; wechatId: string | null }>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ personId: people.id, name: people.name, wechatId: people.wechatId })
    .from(people)
    .where(inArray(people.id, ids));
  return new Map(rows.map((r) => [r.personId, r]));
}
