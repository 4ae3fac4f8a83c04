// The morning digest: once a day, one message per prosecutor listing their open work by urgency.
import { eq, max } from 'drizzle-orm';
import type { Db } from '../../db/create-db.js';
import { jobRuns } from '../../db/schema/index.js';
import type { Clock } from '../clock.js';
import type { ReminderPlanner } from '../deadlines/reminder-plan.js';
import { toShanghaiDate } from '../deadlines/shanghai-time.js';
import type { Logger } from '../http/logger.js';
import type { OutboxService } from '../outbox/outbox-service.js';
import { type Contact, findGroupContacts, findOpenCases, findPeople } from './open-deadline-repository.js';
import { type DigestItem, digestText } from './reminder-texts.js';

export interface DigestResult {
  /** Whether today's digest was due and this process ran it. */
  ran: boolean;
  /** Digests queued now, one per prosecutor with open work. */
  queued: { personId: number; to: string; caseNos: string[] }[];
}

const RUN_NAME = 'digest';

export function createMorningDigest(deps: {
  db: Db;
  clock: Clock;
  planner: ReminderPlanner;
  outbox: OutboxService;
  logger: Logger;
}) {
  const { db, planner, outbox, logger } = deps;

  /** Each prosecutor's open work, most urgent first: the nearest open deadline of each case decides. */
  async function workByPerson(tx: Db): Promise<Map<number, { contact: Contact; items: DigestItem[] }>> {
    const open = await findOpenCases(tx, null);
    const groupIds = [...new Set(open.flatMap((c) => (c.groupId === null ? [] : [c.groupId])))];
    const assigneeIds = [...new Set(open.flatMap((c) => (c.assigneeId === null ? [] : [c.assigneeId])))];
    const [groups, assignees] = await Promise.all([
      findGroupContacts(tx, groupIds),
      findPeople(tx, assigneeIds),
    ]);
    const work = new Map<number, { contact: Contact; items: DigestItem[] }>();
    const add = (contact: Contact, item: DigestItem) => {
      const entry = work.get(contact.personId) ?? { contact, items: [] };
      if (!entry.items.some((i) => i.caseNo === item.caseNo)) entry.items.push(item);
      work.set(contact.personId, entry);
    };
    for (const c of open) {
      const nearest = c.deadlines.reduce((a, b) => (b.dueAt.getTime() < a.dueAt.getTime() ? b : a));
      const item: DigestItem = {
        caseNo: c.caseNo,
        caseKind: c.kind,
        category: c.category,
        deadlineKind: nearest.kind,
        dueAt: nearest.dueAt,
      };
      const assignee = c.assigneeId === null ? undefined : assignees.get(c.assigneeId);
      if (assignee?.wechatId) {
        add({ personId: assignee.personId, name: assignee.name, wechatId: assignee.wechatId }, item);
        continue;
      }
      // Not yet taken by anyone (or the taker has no WeChat): the group's liaison and leader both see it.
      const contacts = c.groupId === null ? undefined : groups.get(c.groupId);
      for (const contact of [contacts?.liaison, contacts?.leader]) if (contact) add(contact, item);
    }
    for (const entry of work.values())
      entry.items.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.caseNo.localeCompare(b.caseNo));
    return work;
  }

  async function lastDigestDate(): Promise<string | null> {
    const [row] = await db
      .select({ last: max(jobRuns.runKey) })
      .from(jobRuns)
      .where(eq(jobRuns.name, RUN_NAME));
    return row?.last ?? null;
  }

  return {
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
        const digests = [...(await workByPerson(tx))].map(([personId, { contact, items }]) => ({
          personId,
          to: contact.wechatId,
          caseNos: items.map((i) => i.caseNo),
          message: {
            dedupeKey: `digest:${personId}:${today}`,
            to: { kind: 'contact' as const, id: contact.wechatId },
            purpose: 'digest',
            availableAt: now,
            text: digestText(contact.name, items, now),
          },
        }));
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
