// Reads the cases whose reminders are due, stores when each is next due, and finds who should hear about them.
import { and, asc, eq, inArray, isNotNull, lte, sql } from 'drizzle-orm';
import type { Db } from '../../db/create-db.js';
import { type CaseKind, cases, groupMembers, people } from '../../db/schema/index.js';
import { type OpenDeadline, openDeadlinesOf } from '../deadlines/open-deadlines.js';

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

/** A case whose reminders are due for planning, with what the sweep needs to plan, address and re-schedule it. */
export interface DueCase extends OpenCase {
  /** next_reminder_at as read: the sweep re-schedules the case only if nobody changed it meanwhile. */
  nextReminderAt: Date;
}

/**
 * Cases whose next reminder is due at `now` (cases.next_reminder_at, by its partial index), earliest first:
 * every case the sweep must plan, and no other. Each carries all of its open deadlines (one definition:
 * api/deadlines/open-deadlines.ts); the planner decides which of them need a reminder now.
 */
export async function findDueCases(db: Db, now: Date, limit: number): Promise<DueCase[]> {
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
      nextReminderAt: cases.nextReminderAt,
    })
    .from(cases)
    .where(lte(cases.nextReminderAt, now))
    .orderBy(asc(cases.nextReminderAt), asc(cases.id))
    .limit(limit);
  return rows.map((row) => ({
    id: row.id,
    caseNo: row.caseNo,
    kind: row.kind,
    category: row.category,
    groupId: row.groupId,
    assigneeId: row.assigneeId,
    deadlines: openDeadlinesOf(row),
    nextReminderAt: row.nextReminderAt!,
  }));
}

/**
 * Stores each case's next reminder instant (null: none owed), unless the case changed since it was read (its
 * next_reminder_at is no longer what the sweep read: a deadline moved and the trigger asked for a re-plan).
 */
export async function scheduleNextReminders(
  db: Db,
  plans: { id: number; read: Date; next: Date | null }[],
): Promise<void> {
  if (plans.length === 0) return;
  // Three array literals as text parameters: one statement for the whole batch, on either driver.
  const array = (values: (string | number | null)[]) =>
    `{${values.map((v) => (v === null ? 'NULL' : `"${v}"`)).join(',')}}`;
  await db.execute(sql`
    update cases set next_reminder_at = v.next
    from unnest(${array(plans.map((p) => p.id))}::int[],
                ${array(plans.map((p) => p.read.toISOString()))}::timestamptz[],
                ${array(plans.map((p) => p.next?.toISOString() ?? null))}::timestamptz[]) as v(id, read, next)
    where cases.id = v.id and cases.next_reminder_at = v.read`);
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
