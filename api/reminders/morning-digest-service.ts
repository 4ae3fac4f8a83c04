// The morning digest: once a day, one message per prosecutor listing their open work by urgency.
import { and, eq, inArray, isNull, max, type SQL, sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/create-db.js';
import { type CaseKind, groupMembers, groups, jobRuns, people } from '../../db/schema/index.js';
import type { Clock } from '../clock.js';
import { type DeadlineKind, nearestOpenKindSql } from '../deadlines/open-deadlines.js';
import { caseColumn } from '../deadlines/open-deadlines-sql.js';
import type { ReminderPlanner } from '../deadlines/reminder-plan.js';
import { toShanghaiDate } from '../deadlines/shanghai-time.js';
import type { Logger } from '../http/logger.js';
import type { OutboxService } from '../outbox/outbox-service.js';
import { type Contact, findGroupContacts, findPeople } from './open-deadline-repository.js';
import { DIGEST_MAX_ITEMS, type DigestItem, digestText } from './reminder-texts.js';

export interface DigestResult {
  /** Whether today's digest was due and this process ran it. */
  ran: boolean;
  /** Digests queued now, one per prosecutor with open work. */
  queued: { personId: number; to: string; caseNos: string[] }[];
}

const RUN_NAME = 'digest';

/** Rows of a raw execute, on either driver (postgres.js returns the array, PGlite an object with rows). */
function rowsOf(result: unknown): Record<string, unknown>[] {
  return (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Record<string, unknown>[];
}

const intArray = (ids: readonly number[]) => `{${ids.join(',')}}`;

/**
 * The three ways a case reaches a digest, each matching one partial index on (key, next_due_at):
 * a person's own cases; a group's untaken cases; a group's cases taken by someone without WeChat.
 */
type Branch = 'assignee' | 'untaken' | 'unreachable';

export function createMorningDigest(deps: {
  db: Db;
  clock: Clock;
  planner: ReminderPlanner;
  outbox: OutboxService;
  logger: Logger;
}) {
  const { db, planner, outbox, logger } = deps;
  const nearestKind = nearestOpenKindSql(caseColumn);

  function branchCondition(branch: Branch, unreachable: readonly number[]): SQL {
    const c = sql.raw('c');
    if (branch === 'assignee') return sql`${c}.assignee_id = k.id and ${c}.next_due_at is not null`;
    if (branch === 'untaken')
      return sql`${c}.assignee_id is null and ${c}.group_id = k.id and ${c}.next_due_at is not null`;
    return sql`${c}.group_id = k.id and ${c}.assignee_id = any(${intArray(unreachable)}::int[]) and ${c}.next_due_at is not null`;
  }

  /**
   * Per key (person or group): how many cases, how many overdue, and the most urgent DIGEST_MAX_ITEMS — one
   * statement for any number of keys, each key an index range scan (counts index-only).
   */
  async function branchWork(
    tx: Db,
    branch: Branch,
    keys: readonly number[],
    unreachable: readonly number[],
    now: Date,
  ): Promise<Map<number, { count: number; overdue: number; items: DigestItem[] }>> {
    const result = new Map<number, { count: number; overdue: number; items: DigestItem[] }>();
    if (keys.length === 0 || (branch === 'unreachable' && unreachable.length === 0)) return result;
    const where = branchCondition(branch, unreachable);
    const at = sql`${now.toISOString()}::timestamptz`;
    // The nearest deadline's kind comes from the same definition as cases.next_due_at (open-deadlines.ts).
    const kindOf = sql.raw(new PgDialect().sqlToQuery(nearestKind).sql.replaceAll('"cases".', 'c.'));
    // One statement: per key its counts (one index-only pass) and its most urgent cases (an index range).
    const top = rowsOf(
      await tx.execute(sql`
        select k.id as key, n.count, n.overdue, t.case_no, t.kind, t.category, t.deadline_kind, t.due_ms
        from unnest(${intArray(keys)}::int[]) as k(id)
        cross join lateral (
          select count(*)::int as count, (count(*) filter (where c.next_due_at < ${at}))::int as overdue
          from cases c where ${where}) n
        left join lateral (
          select c.case_no, c.kind, c.category, ${kindOf} as deadline_kind,
            (extract(epoch from c.next_due_at) * 1000)::float8 as due_ms
          from cases c where ${where}
          order by c.next_due_at, c.case_no limit ${sql.raw(String(DIGEST_MAX_ITEMS))}) t on true
        where n.count > 0`),
    );
    for (const r of top)
      if (!result.has(Number(r.key)))
        result.set(Number(r.key), { count: Number(r.count), overdue: Number(r.overdue), items: [] });
    for (const r of top)
      if (r.case_no !== null)
        result.get(Number(r.key))!.items.push({
          caseNo: String(r.case_no),
          caseKind: r.kind as CaseKind,
          category: (r.category as string | null) ?? null,
          deadlineKind: r.deadline_kind as DeadlineKind,
          dueAt: new Date(Number(r.due_ms)),
        });
    return result;
  }

  /** People with a WeChat id holding cases with an open deadline: a loose index scan, one step per person. */
  async function assigneesWithWork(tx: Db): Promise<number[]> {
    const rows = rowsOf(
      await tx.execute(sql`
        with recursive a(id) as (
          select min(assignee_id) from cases where next_due_at is not null and assignee_id is not null
          union all
          select (select min(assignee_id) from cases where next_due_at is not null and assignee_id > a.id)
          from a where a.id is not null)
        select id from a where id is not null`),
    );
    return rows.map((r) => Number(r.id));
  }

  /** Assignees who cannot receive WeChat: their cases go to their group's liaison and leader instead. */
  async function unreachableAssignees(tx: Db): Promise<number[]> {
    const rows = await tx.select({ id: people.id }).from(people).where(isNull(people.wechatId));
    return rows.map((r) => r.id);
  }

  /**
   * The digests of the given people (all with open work when `only` is absent): each person's own cases, and
   * the untaken (or taken by someone without WeChat) cases of the groups whose liaison or leader they are.
   */
  async function digests(
    tx: Db,
    now: Date,
    only?: number,
  ): Promise<{ contact: Contact; count: number; overdue: number; items: DigestItem[] }[]> {
    const [unreachable, assigneeIds, groupIds] = await Promise.all([
      unreachableAssignees(tx),
      only === undefined ? assigneesWithWork(tx) : Promise.resolve([only]),
      only === undefined
        ? tx
            .select({ id: groups.id })
            .from(groups)
            .then((rows) => rows.map((r) => r.id))
        : tx
            .select({ id: groupMembers.groupId })
            .from(groupMembers)
            .where(and(eq(groupMembers.personId, only), inArray(groupMembers.role, ['leader', 'liaison'])))
            .then((rows) => rows.map((r) => r.id)),
    ]);
    const [contacts, assignees] = await Promise.all([
      findGroupContacts(tx, groupIds),
      findPeople(tx, assigneeIds),
    ]);
    const recipients = new Map<number, { contact: Contact; groupIds: number[] }>();
    const entry = (contact: Contact) => {
      const existing = recipients.get(contact.personId) ?? { contact, groupIds: [] };
      recipients.set(contact.personId, existing);
      return existing;
    };
    for (const p of assignees.values()) if (p.wechatId) entry({ ...p, wechatId: p.wechatId });
    for (const [groupId, group] of contacts)
      for (const contact of [group.liaison, group.leader])
        if (contact && (only === undefined || contact.personId === only)) {
          const e = entry(contact);
          if (!e.groupIds.includes(groupId)) e.groupIds.push(groupId);
        }
    const receivingGroups = [...new Set([...recipients.values()].flatMap((r) => r.groupIds))];
    const [own, untaken, taken] = await Promise.all([
      branchWork(tx, 'assignee', [...recipients.keys()], unreachable, now),
      branchWork(tx, 'untaken', receivingGroups, unreachable, now),
      branchWork(tx, 'unreachable', receivingGroups, unreachable, now),
    ]);
    const result = [];
    for (const [personId, { contact, groupIds: theirGroups }] of recipients) {
      const parts = [own.get(personId), ...theirGroups.flatMap((g) => [untaken.get(g), taken.get(g)])].filter(
        (p) => p !== undefined,
      );
      const count = parts.reduce((n, p) => n + p.count, 0);
      if (count === 0) continue;
      const items = parts
        .flatMap((p) => p.items)
        .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.caseNo.localeCompare(b.caseNo))
        .slice(0, DIGEST_MAX_ITEMS);
      result.push({ contact, count, overdue: parts.reduce((n, p) => n + p.overdue, 0), items });
    }
    return result;
  }

  async function lastDigestDate(): Promise<string | null> {
    const [row] = await db
      .select({ last: max(jobRuns.runKey) })
      .from(jobRuns)
      .where(eq(jobRuns.name, RUN_NAME));
    return row?.last ?? null;
  }

  return {
    /**
     * One person's digest text as the morning run would write it (null: no open work, no digest), for the
     * bench and for tests: the same queries, for one person.
     */
    async digestFor(tx: Db, personId: number, now: Date = deps.clock.now()): Promise<string | null> {
      const [digest] = await digests(tx, now, personId);
      return digest ? digestText(digest.contact.name, digest, now) : null;
    },

    /** Queues today's digests if they are due (after DIGEST_TIME, outside quiet hours) and not yet sent. */
    async runIfDue(now: Date = deps.clock.now()): Promise<DigestResult> {
      if (!planner.digestDue(now, await lastDigestDate())) return { ran: false, queued: [] };
      const today = toShanghaiDate(now);
      const result = await db.transaction(async (tx) => {
        // Claimed first, in the same transaction: a second process waits here, then finds the day taken.
        const claimed = await tx
          .insert(jobRuns)
          .values({ name: RUN_NAME, runKey: today, ranAt: now })
          .onConflictDoNothing()
          .returning({ runKey: jobRuns.runKey });
        if (claimed.length === 0) return { ran: false, queued: [] };
        const messages = (await digests(tx, now)).map((digest) => ({
          personId: digest.contact.personId,
          to: digest.contact.wechatId,
          caseNos: digest.items.map((i) => i.caseNo),
          message: {
            dedupeKey: `digest:${digest.contact.personId}:${today}`,
            to: { kind: 'contact' as const, id: digest.contact.wechatId },
            purpose: 'digest',
            availableAt: now,
            text: digestText(digest.contact.name, digest, now),
          },
        }));
        const inserted = await outbox.enqueueMany(
          tx,
          messages.map((d) => d.message),
        );
        const queued: DigestResult['queued'] = messages
          .filter((d) => inserted.has(d.message.dedupeKey))
          .map(({ personId, to, caseNos }) => ({ personId, to, caseNos }));
        return { ran: true, queued };
      });
      if (result.ran) logger.info({ date: today, digests: result.queued.length }, 'morning digest');
      return result;
    },
  };
}

export type MorningDigest = ReturnType<typeof createMorningDigest>;
