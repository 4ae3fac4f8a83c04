// Claims the cases whose reminders are due, plans them in SQL, stores when each is next due, and finds who should hear.
import { and, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/create-db.js';
import { type CaseKind, caseReminders, cases, groupMembers, outbox, people } from '../../db/schema/index.js';
import { type DeadlineKind, deadlineRowsSql } from '../deadlines/open-deadlines.js';

export interface GroupContacts {
  leader: Contact | null;
  liaison: Contact | null;
}

export interface Contact {
  personId: number;
  name: string;
  wechatId: string;
}

/** Rows of a raw execute, on either driver (postgres.js returns the array, PGlite an object with rows). */
function rowsOf(result: unknown): Record<string, unknown>[] {
  return (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Record<string, unknown>[];
}

/** A Postgres array literal passed as one text parameter: the same on postgres.js and PGlite. */
function arrayLiteral(values: readonly (string | number | boolean | null)[]): string {
  return `{${values.map((v) => (v === null ? 'NULL' : typeof v === 'string' ? `"${v.replace(/[\\"]/g, (c) => `\\${c}`)}"` : String(v))).join(',')}}`;
}

const deadlineRows = deadlineRowsSql((column) => cases[column]);
// Due instants are compared at the millisecond, the precision of a JavaScript Date.
const dueMs = sql`date_trunc('milliseconds', d.due_at)`;

/** One distinct open deadline among a batch of cases: plans are made once per (kind, due instant), not per case. */
export interface DeadlineSlot {
  kind: DeadlineKind;
  dueAt: Date;
}

/**
 * Claims up to `limit` cases whose next reminder is due at `now` (case_reminders.next_reminder_at, by its
 * partial index), earliest first, locking their case_reminders rows until the transaction ends (another process
 * sweeping at once skips them; a change to the case waits, then marks it again), and returns their ids with the
 * distinct (kind, due instant) of their open deadlines.
 */
export async function claimDueCases(
  tx: Db,
  now: Date,
  limit: number,
): Promise<{ ids: number[]; slots: DeadlineSlot[] }> {
  const [row] = rowsOf(
    await tx.execute(sql`
      with b as (
        select ${caseReminders.caseId} as id from ${caseReminders}
        where ${caseReminders.nextReminderAt} <= ${now.toISOString()}::timestamptz
        order by ${caseReminders.nextReminderAt}, ${caseReminders.caseId} limit ${sql.raw(String(limit))}
        for update skip locked)
      select (select coalesce(array_agg(id), '{}') from b)::text as ids,
        (select coalesce(json_agg(json_build_array(s.kind, s.due_ms)), '[]') from (
          select distinct d.kind, (extract(epoch from ${dueMs}) * 1000)::float8 as due_ms
          from ${cases} join b on b.id = ${cases.id} cross join lateral ${deadlineRows} as d(kind, due_at)
          where d.due_at is not null) s)::text as slots`),
  );
  const ids = String(row?.ids ?? '{}').slice(1, -1);
  const slots = JSON.parse(String(row?.slots ?? '[]')) as [DeadlineKind, number][];
  return {
    ids: ids === '' ? [] : ids.split(',').map(Number),
    slots: slots.map(([kind, ms]) => ({ kind, dueAt: new Date(ms) })),
  };
}

/** A case of the batch meeting one planned reminder of one of its deadline slots. */
export interface DueReminderRow {
  id: number;
  caseNo: string;
  kind: CaseKind;
  category: string | null;
  groupId: number | null;
  assigneeId: number | null;
  /** Index into the `reminders` passed in. */
  reminder: number;
}

/**
 * Joins the claimed cases' open deadlines with the reminders planned per slot (each with its dedupe-key suffix,
 * the key being 'reminder:' + case number + suffix), and returns the pairs still to act on: those deferred to
 * the digest, and those whose key is not in the outbox yet. One statement for the whole batch.
 */
export async function findDueReminders(
  tx: Db,
  ids: readonly number[],
  reminders: readonly { slot: DeadlineSlot; keySuffix: string; deferred: boolean }[],
): Promise<DueReminderRow[]> {
  if (ids.length === 0 || reminders.length === 0) return [];
  const rows = rowsOf(
    await tx.execute(sql`
      select ${cases.id} as id, ${cases.caseNo} as case_no, ${cases.kind} as kind, ${cases.category} as category,
        ${cases.groupId} as group_id, ${cases.assigneeId} as assignee_id, t.i
      from ${cases} cross join lateral ${deadlineRows} as d(kind, due_at)
      join unnest(${arrayLiteral(reminders.map((r) => r.slot.kind))}::text[],
        ${arrayLiteral(reminders.map((r) => r.slot.dueAt.toISOString()))}::timestamptz[],
        ${arrayLiteral(reminders.map((r) => r.keySuffix))}::text[],
        ${arrayLiteral(reminders.map((r) => r.deferred))}::boolean[]) with ordinality as t(kind, due_at, key, deferred, i)
        on t.kind = d.kind and t.due_at = ${dueMs}
      where ${cases.id} = any(${arrayLiteral(ids)}::int[])
        and (t.deferred or not exists (
          select 1 from ${outbox} o where o.dedupe_key = 'reminder:' || ${cases.caseNo} || t.key))`),
  );
  return rows.map((r) => ({
    id: Number(r.id),
    caseNo: String(r.case_no),
    kind: r.kind as CaseKind,
    category: (r.category as string | null) ?? null,
    groupId: r.group_id === null ? null : Number(r.group_id),
    assigneeId: r.assignee_id === null ? null : Number(r.assignee_id),
    reminder: Number(r.i) - 1,
  }));
}

/**
 * Stores each claimed case's next reminder instant in case_reminders: the earliest of its open deadlines' (null
 * when none is owed any more), from the instants planned per slot. One statement for the whole batch; `cases`
 * is only read.
 */
export async function scheduleNextReminders(
  tx: Db,
  ids: readonly number[],
  next: readonly { slot: DeadlineSlot; at: Date | null }[],
): Promise<void> {
  if (ids.length === 0) return;
  await tx.execute(sql`
    update ${caseReminders} set next_reminder_at = n.next
    from (
      select ${cases.id} as id, min(t.next) as next
      from ${cases} cross join lateral ${deadlineRows} as d(kind, due_at)
      left join unnest(${arrayLiteral(next.map((n) => n.slot.kind))}::text[],
        ${arrayLiteral(next.map((n) => n.slot.dueAt.toISOString()))}::timestamptz[],
        ${arrayLiteral(next.map((n) => n.at?.toISOString() ?? null))}::timestamptz[]) as t(kind, due_at, next)
        on t.kind = d.kind and t.due_at = ${dueMs}
      where ${cases.id} = any(${arrayLiteral(ids)}::int[])
      group by ${cases.id}) n
    where ${caseReminders.caseId} = n.id`);
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
