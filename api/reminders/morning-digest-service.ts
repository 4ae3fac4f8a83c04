// The morning digest: once a day, one message per prosecutor listing their open work by urgency.
import { and, asc, eq, inArray, isNotNull, isNull, max, type SQL, sql } from 'drizzle-orm';
import { unionAll } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/create-db.js';
import { cases, groups, jobRuns, people } from '../../db/schema/index.js';
import type { Clock } from '../clock.js';
import { nearestOpenDeadline } from '../deadlines/open-deadlines.js';
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

interface Recipient {
  contact: Contact;
  /** Groups whose untaken cases this person receives (as the group's liaison or leader). */
  groupIds: number[];
}

const DIGEST_COLUMNS = {
  caseNo: cases.caseNo,
  kind: cases.kind,
  category: cases.category,
  status: cases.status,
  noReplyReason: cases.noReplyReason,
  proceduralDueAt: cases.proceduralDueAt,
  proceduralRepliedAt: cases.proceduralRepliedAt,
  substantiveDueAt: cases.substantiveDueAt,
  substantiveRepliedAt: cases.substantiveRepliedAt,
  nextProgressDueAt: cases.nextProgressDueAt,
  aidNoticeDueAt: cases.aidNoticeDueAt,
  nextDueAt: cases.nextDueAt,
};

/** Rows of a raw execute, on either driver (postgres.js returns the array, PGlite an object with rows). */
function rowsOf(result: unknown): Record<string, unknown>[] {
  return (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Record<string, unknown>[];
}

export function createMorningDigest(deps: {
  db: Db;
  clock: Clock;
  planner: ReminderPlanner;
  outbox: OutboxService;
  logger: Logger;
}) {
  const { db, planner, outbox, logger } = deps;

  /**
   * Who gets a digest: everyone with a WeChat id who holds a case with an open deadline, and each group's
   * liaison and leader (they see the group's cases nobody with a WeChat id has taken). Reads the indexes only.
   */
  async function recipients(tx: Db): Promise<Map<number, Recipient>> {
    const [assignees, groupRows] = await Promise.all([
      tx
        .selectDistinct({ personId: cases.assigneeId })
        .from(cases)
        .where(and(isNotNull(cases.assigneeId), isNotNull(cases.nextDueAt))),
      tx.select({ id: groups.id }).from(groups),
    ]);
    const byGroup = await findGroupContacts(
      tx,
      groupRows.map((g) => g.id),
    );
    const people = await findPeople(
      tx,
      assignees.map((a) => a.personId!),
    );
    const result = new Map<number, Recipient>();
    const entry = (contact: Contact) => {
      const existing = result.get(contact.personId) ?? { contact, groupIds: [] };
      result.set(contact.personId, existing);
      return existing;
    };
    for (const p of people.values()) if (p.wechatId) entry({ ...p, wechatId: p.wechatId });
    for (const [groupId, contacts] of byGroup)
      for (const contact of [contacts.liaison, contacts.leader])
        if (contact) {
          const e = entry(contact);
          if (!e.groupIds.includes(groupId)) e.groupIds.push(groupId);
        }
    return result;
  }

  /** Assignees who cannot receive WeChat: their cases go to their group's liaison and leader instead. */
  async function unreachableAssignees(tx: Db): Promise<number[]> {
    const rows = await tx.select({ id: people.id }).from(people).where(isNull(people.wechatId));
    return rows.map((r) => r.id);
  }

  /**
   * One person's digest: their cases, and the untaken (or taken by someone without WeChat) cases of the groups
   * they receive for, by cases.next_due_at — the nearest open deadline — read per branch from its index.
   */
  async function digestOf(
    tx: Db,
    recipient: Recipient,
    unreachable: number[],
    now: Date,
  ): Promise<{ count: number; overdue: number; items: DigestItem[] }> {
    const open = isNotNull(cases.nextDueAt);
    const branches: SQL[] = [and(eq(cases.assigneeId, recipient.contact.personId), open)!];
    if (recipient.groupIds.length) {
      branches.push(and(isNull(cases.assigneeId), inArray(cases.groupId, recipient.groupIds), open)!);
      if (unreachable.length)
        branches.push(
          and(inArray(cases.assigneeId, unreachable), inArray(cases.groupId, recipient.groupIds), open)!,
        );
    }
    const counts = await tx.execute(
      sql`select ${sql.join(
        branches.map(
          (where, i) =>
            sql`(select count(*) from ${cases} where ${where})::int as ${sql.identifier(`count${i}`)}, (select count(*) from ${cases} where ${where} and ${cases.nextDueAt} < ${now.toISOString()}::timestamptz)::int as ${sql.identifier(`overdue${i}`)}`,
        ),
        sql`, `,
      )}`,
    );
    const countRow = rowsOf(counts)[0] ?? {};
    let count = 0;
    let overdue = 0;
    for (let i = 0; i < branches.length; i++) {
      count += Number(countRow[`count${i}`]);
      overdue += Number(countRow[`overdue${i}`]);
    }
    if (count === 0) return { count, overdue, items: [] };
    const top = (where: SQL) =>
      tx
        .select(DIGEST_COLUMNS)
        .from(cases)
        .where(where)
        .orderBy(asc(cases.nextDueAt), asc(cases.caseNo))
        .limit(DIGEST_MAX_ITEMS);
    const [a, b, c] = branches.map(top);
    const merged = c ? unionAll(a!, b!, c) : b ? unionAll(a!, b) : null;
    const rows = await (merged
      ? merged.orderBy(asc(cases.nextDueAt), asc(cases.caseNo)).limit(DIGEST_MAX_ITEMS)
      : a!);
    const items = rows.flatMap((row): DigestItem[] => {
      const nearest = nearestOpenDeadline(row);
      return nearest
        ? [
            {
              caseNo: row.caseNo,
              caseKind: row.kind,
              category: row.category,
              deadlineKind: nearest.kind,
              dueAt: nearest.dueAt,
            },
          ]
        : [];
    });
    return { count, overdue, items };
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
      const recipient = (await recipients(tx)).get(personId);
      if (!recipient) return null;
      const digest = await digestOf(tx, recipient, await unreachableAssignees(tx), now);
      return digest.count === 0 ? null : digestText(recipient.contact.name, digest, now);
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
        const unreachable = await unreachableAssignees(tx);
        const digests = [];
        for (const [personId, recipient] of await recipients(tx)) {
          const { count, overdue, items } = await digestOf(tx, recipient, unreachable, now);
          if (count === 0) continue;
          digests.push({
            personId,
            to: recipient.contact.wechatId,
            caseNos: items.map((i) => i.caseNo),
            message: {
              dedupeKey: `digest:${personId}:${today}`,
              to: { kind: 'contact' as const, id: recipient.contact.wechatId },
              purpose: 'digest',
              availableAt: now,
              text: digestText(recipient.contact.name, { count, overdue, items }, now),
            },
          });
        }
        const inserted = await outbox.enqueueMany(
          tx,
          digests.map((d) => d.message),
        );
        const queued: DigestResult['queued'] = digests
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
