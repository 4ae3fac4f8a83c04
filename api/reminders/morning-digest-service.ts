// The morning digest: once a day, one message per prosecutor listing their open work by urgency.
import { eq, max, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/create-db.js';
import { type CaseKind, jobRuns } from '../../db/schema/index.js';
import type { Clock } from '../clock.js';
import type { DeadlineKind } from '../deadlines/open-deadlines.js';
import type { ReminderPlanner } from '../deadlines/reminder-plan.js';
import { toShanghaiDate } from '../deadlines/shanghai-time.js';
import type { Logger } from '../http/logger.js';
import type { OutboxService } from '../outbox/outbox-service.js';
import type { Contact } from './open-deadline-repository.js';
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

/** One reader's digest before its text: who, how many cases, how many overdue, the most urgent in order. */
interface Digest {
  contact: Contact;
  count: number;
  overdue: number;
  items: DigestItem[];
}

/** A part of someone's work as the statement returns it: counts, and the most urgent cases as arrays. */
type Part = [
  count: number,
  overdue: number,
  items: [caseNo: string, kind: CaseKind, category: string | null, deadline: DeadlineKind, dueMs: number][],
];

export function createMorningDigest(deps: {
  db: Db;
  clock: Clock;
  planner: ReminderPlanner;
  outbox: OutboxService;
  logger: Logger;
}) {
  const { db, planner, outbox, logger } = deps;
  const limit = sql.raw(String(DIGEST_MAX_ITEMS));

  /**
   * A part of the work for each key of `keys` (a person, or a group): its counts and its DIGEST_MAX_ITEMS most
   * urgent cases, both index-only ranges of a partial index on (key, next_due_at, and the columns a line shows;
   * the deadline kind is cases.next_due_kind, generated from the one definition).
   */
  const part = (keys: SQL, where: SQL) => sql`
    select k.key, json_build_array(n.count, n.overdue, coalesce((
      select json_agg(json_build_array(t.case_no, t.kind, t.category, t.deadline_kind, t.due_ms)
        order by t.next_due_at, t.case_no)
      from (
        select c.case_no, c.kind, c.category, c.next_due_kind as deadline_kind, c.next_due_at,
          (extract(epoch from c.next_due_at) * 1000)::float8 as due_ms
        from cases c where ${where} order by c.next_due_at, c.case_no limit ${limit}) t), '[]')) as part
    from (${keys}) k
    cross join lateral (
      select count(*)::int as count, (count(*) filter (where c.next_due_at < (select at from now_)))::int as overdue
      from cases c where ${where}) n
    where n.count > 0`;

  /**
   * The digests of one person (of everyone with open work when `only` is absent), in one statement: each
   * person's own cases and, for the groups whose liaison or leader they are (the first of each role with a
   * WeChat id), the group's untaken cases and its cases taken by someone without WeChat.
   */
  async function digests(tx: Db, now: Date, only?: number): Promise<Digest[]> {
    const assignees =
      only === undefined
        ? // People holding cases with an open deadline: a loose index scan, one step per person.
          sql`select id from (
            with recursive a(id) as (
              select min(assignee_id) from cases where next_due_at is not null and assignee_id is not null
              union all
              select (select min(assignee_id) from cases where next_due_at is not null and assignee_id > a.id)
              from a where a.id is not null)
            select id from a where id is not null) s`
        : sql`select ${only}::int as id`;
    const groupKeys = sql`select distinct group_id as key from receiving`;
    const [row] = rowsOf(
      await tx.execute(sql`
        with now_ as (select ${now.toISOString()}::timestamptz as at),
        contacts as (
          select distinct on (m.group_id, m.role) m.group_id, p.id as person_id, p.name, p.wechat_id
          from group_members m join people p on p.id = m.person_id
          where m.role in ('leader', 'liaison') and p.wechat_id is not null
          order by m.group_id, m.role, p.id),
        receiving as (
          select distinct group_id, person_id, name, wechat_id from contacts
          ${only === undefined ? sql`` : sql`where person_id = ${only}::int`}),
        recipients as (
          select p.id as person_id, p.name, p.wechat_id from people p
          where p.id in (${assignees}) and p.wechat_id is not null
          union
          select person_id, name, wechat_id from receiving),
        unreachable as (select coalesce(array_agg(id), '{}') as ids from people where wechat_id is null),
        own as (${part(sql`select person_id as key from recipients`, sql`c.assignee_id = k.key and c.next_due_at is not null`)}),
        untaken as (${part(groupKeys, sql`c.assignee_id is null and c.group_id = k.key and c.next_due_at is not null`)}),
        taken as (${part(
          groupKeys,
          sql`c.group_id = k.key and c.assignee_id = any((select ids from unreachable)::int[]) and c.next_due_at is not null`,
        )})
        select json_build_object(
          'recipients', (select json_agg(json_build_array(person_id, name, wechat_id)) from recipients),
          'groups', (select json_agg(json_build_array(person_id, group_id)) from receiving),
          'own', (select json_object_agg(key, part) from own),
          'untaken', (select json_object_agg(key, part) from untaken),
          'taken', (select json_object_agg(key, part) from taken))::text as digest`),
    );
    const read = JSON.parse(String(row?.digest)) as {
      recipients: [number, string, string][] | null;
      groups: [number, number][] | null;
      own: Record<string, Part> | null;
      untaken: Record<string, Part> | null;
      taken: Record<string, Part> | null;
    };
    const groupsOf = new Map<number, number[]>();
    for (const [personId, groupId] of read.groups ?? [])
      groupsOf.set(personId, [...(groupsOf.get(personId) ?? []), groupId]);
    const result: Digest[] = [];
    for (const [personId, name, wechatId] of read.recipients ?? []) {
      const parts = [
        read.own?.[personId],
        ...(groupsOf.get(personId) ?? []).flatMap((g) => [read.untaken?.[g], read.taken?.[g]]),
      ].filter((p) => p !== undefined);
      const count = parts.reduce((n, [c]) => n + c, 0);
      if (count === 0) continue;
      const items = parts
        .flatMap(([, , list]) => list)
        .map(([caseNo, caseKind, category, deadlineKind, dueMs]) => ({
          caseNo,
          caseKind,
          category,
          deadlineKind,
          dueAt: new Date(dueMs),
        }))
        .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.caseNo.localeCompare(b.caseNo))
        .slice(0, DIGEST_MAX_ITEMS);
      result.push({
        contact: { personId, name, wechatId },
        count,
        overdue: parts.reduce((n, [, o]) => n + o, 0),
        items,
      });
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
