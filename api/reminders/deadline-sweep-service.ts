// The deadline sweep: queues due reminders into the outbox once per key, and routes cases left unassigned.
import { and, isNull, lte, ne, sql } from 'drizzle-orm';
import type { Db } from '../../db/create-db.js';
import { cases, outbox as outboxTable } from '../../db/schema/index.js';
import type { CaseService } from '../cases/case-service.js';
import type { Clock } from '../clock.js';
import { addCalendarDays } from '../deadlines/local-date.js';
import type { PlannedReminder, ReminderKind, ReminderPlanner } from '../deadlines/reminder-plan.js';
import { shanghaiAt, toShanghaiDate } from '../deadlines/shanghai-time.js';
import type { WorkingCalendar } from '../deadlines/working-calendar.js';
import type { Logger } from '../http/logger.js';
import { toIsoShanghai } from '../http/time-format.js';
import type { OutboundMessage, OutboxService } from '../outbox/outbox-service.js';
import type { CommunityDialogue } from '../routing/community-dialogue.js';
import {
  type Contact,
  type DueCase,
  findDueCases,
  findGroupContacts,
  findPeople,
  type OpenCase,
  scheduleNextReminders,
} from './open-deadline-repository.js';
import { reminderText } from './reminder-texts.js';

export interface QueuedReminder {
  caseNo: string;
  kind: ReminderKind;
  /** WeChat id of the recipient. */
  to: string;
  /** ISO 8601 with +08:00. */
  dueAt: string;
}

export interface SweepResult {
  queued: QueuedReminder[];
  /** Reminders not pushed because of quiet hours; the morning digest lists their cases. */
  deferredToDigest: number;
  /** Due reminders nobody could receive (no group, or no WeChat id on file). */
  undeliverable: number;
  expiredDialogues: number;
  routedToDuty: number;
}

export interface DeadlineSweepDeps {
  db: Db;
  clock: Clock;
  planner: ReminderPlanner;
  outbox: OutboxService;
  logger: Logger;
  calendar?: WorkingCalendar;
  /** When given, the sweep also closes expired community dialogues and routes stale unassigned cases. */
  routing?: { dialogue: CommunityDialogue; cases: CaseService; dialogueTtlMinutes: number };
}

// Cases planned per round trip: bounds memory at the 09:00 burst, when every overdue case is due at once.
const SWEEP_BATCH = 5000;

// Serialises routing across API processes, so a stale case is routed (and its event written) once.
const ROUTING_LOCK = sql`select pg_advisory_xact_lock(hashtext('jianwang.sweep.routing'))`;

export function createDeadlineSweep(deps: DeadlineSweepDeps) {
  const { db, planner, outbox, logger } = deps;

  /**
   * When the current push window opened (the end of the last quiet hours). A reminder that fell due before it
   * was not pushed in time (night, or downtime overnight) and is covered by the morning digest instead.
   */
  function pushWindowStart(now: Date): Date | null {
    const { start, end } = planner.config.quietHours;
    if (start === end) return null;
    const today = toShanghaiDate(now);
    const endToday = shanghaiAt(today, end);
    return endToday.getTime() <= now.getTime() ? endToday : shanghaiAt(addCalendarDays(today, -1), end);
  }

  async function routeStaleCases(now: Date): Promise<{ expiredDialogues: number; routedToDuty: number }> {
    const routing = deps.routing;
    if (!routing) return { expiredDialogues: 0, routedToDuty: 0 };
    const cutoff = new Date(now.getTime() - routing.dialogueTtlMinutes * 60_000);
    return db.transaction(async (tx) => {
      await tx.execute(ROUTING_LOCK);
      const expiredDialogues = await routing.dialogue.expire(tx);
      const stale = await tx
        .select()
        .from(cases)
        .where(
          and(
            isNull(cases.groupId),
            ne(cases.status, 'closed'),
            lte(cases.receivedAt, cutoff),
            // A resident still answering the community question keeps their case until the dialogue ends.
            sql`not exists (select 1 from dialogues d where (d.state->>'caseId')::int = ${cases.id})`,
          ),
        );
      for (const row of stale) await routing.cases.assign(tx, row, null, 'system', 'duty_group');
      return { expiredDialogues, routedToDuty: stale.length };
    });
  }

  async function recipientsFor(open: OpenCase[]) {
    const groupIds = [...new Set(open.flatMap((c) => (c.groupId === null ? [] : [c.groupId])))];
    const assigneeIds = [...new Set(open.flatMap((c) => (c.assigneeId === null ? [] : [c.assigneeId])))];
    const [groups, assignees] = await Promise.all([
      findGroupContacts(db, groupIds),
      findPeople(db, assigneeIds),
    ]);
    return (c: OpenCase, reminder: PlannedReminder): { to: Contact | null; handlerName?: string } => {
      const contacts = c.groupId === null ? undefined : groups.get(c.groupId);
      const assignee = c.assigneeId === null ? undefined : assignees.get(c.assigneeId);
      const handler: Contact | null =
        assignee?.wechatId != null
          ? { personId: assignee.personId, name: assignee.name, wechatId: assignee.wechatId }
          : (contacts?.liaison ?? null);
      if (reminder.audience === 'group_leader') {
        const handlerName = assignee?.name ?? contacts?.liaison?.name;
        return { to: contacts?.leader ?? null, ...(handlerName ? { handlerName } : {}) };
      }
      return { to: handler };
    };
  }

  /**
   * Dedupe keys already in the outbox: the steady-state sweep then costs one look-up, not one insert per reminder.
   * The keys go as one text[] parameter, so tens of thousands of them are a single statement.
   */
  async function alreadyQueued(keys: string[]): Promise<Set<string>> {
    if (keys.length === 0) return new Set();
    const rows = await db
      .select({ key: outboxTable.dedupeKey })
      .from(outboxTable)
      .where(sql`${outboxTable.dedupeKey} = any(${sql.param(keys)}::text[])`);
    return new Set(rows.map((row) => row.key));
  }

  /** Plans one batch of due cases: queues what is due now, stores when each case is next due. */
  async function sweepBatch(due: DueCase[], now: Date, windowStart: Date | null) {
    const byCaseNo = new Map(due.map((c) => [c.caseNo, c]));
    const planned = planner.plan(
      due.flatMap((c) => c.deadlines),
      now,
    );
    const recipient = await recipientsFor(due);
    const queuedBefore = await alreadyQueued(planned.map((r) => `reminder:${r.key}`));
    const toQueue: { message: OutboundMessage; queued: QueuedReminder }[] = [];
    let deferredToDigest = 0;
    let undeliverable = 0;
    for (const reminder of planned) {
      if (reminder.deferToDigest || (windowStart && reminder.fireAt.getTime() < windowStart.getTime())) {
        deferredToDigest++;
        continue;
      }
      const dedupeKey = `reminder:${reminder.key}`;
      if (queuedBefore.has(dedupeKey)) continue;
      const c = byCaseNo.get(reminder.caseNo)!;
      const { to, handlerName } = recipient(c, reminder);
      if (!to) {
        undeliverable++;
        continue;
      }
      toQueue.push({
        message: {
          dedupeKey,
          to: { kind: 'contact', id: to.wechatId },
          purpose: `reminder_${reminder.reminderKind}`,
          caseId: c.id,
          availableAt: now,
          text: reminderText({
            caseNo: c.caseNo,
            caseKind: c.kind,
            category: c.category,
            deadlineKind: reminder.deadlineKind,
            reminderKind: reminder.reminderKind,
            dueAt: reminder.dueAt,
            now,
            handlerName,
          }),
        },
        queued: {
          caseNo: c.caseNo,
          kind: reminder.reminderKind,
          to: to.wechatId,
          dueAt: toIsoShanghai(reminder.dueAt),
        },
      });
    }
    // Another process may have queued some since the look-up: only keys this insert wrote count, each once.
    const inserted = await outbox.enqueueMany(
      db,
      toQueue.map((q) => q.message),
    );
    const queued = toQueue.filter((q) => inserted.delete(q.message.dedupeKey)).map((q) => q.queued);
    // Queued first, then re-scheduled: a crash in between re-plans the batch, and the outbox keys dedupe it.
    await scheduleNextReminders(
      db,
      due.map((c) => ({ id: c.id, read: c.nextReminderAt, next: planner.nextReminderAt(c.deadlines, now) })),
    );
    return { planned: planned.length, queued, deferredToDigest, undeliverable };
  }

  return {
    /**
     * Plans the cases whose next reminder is due (cases.next_reminder_at <= now), and only those: a steady
     * sweep with nothing due reads nothing. Each is then re-scheduled to its next reminder instant.
     */
    async sweep(now: Date = deps.clock.now()): Promise<SweepResult> {
      const routed = await routeStaleCases(now);
      const windowStart = pushWindowStart(now);
      const seen = new Set<number>();
      const queued: QueuedReminder[] = [];
      let [casesPlanned, planned, deferredToDigest, undeliverable] = [0, 0, 0, 0];
      for (;;) {
        // A case changed during this sweep comes back marked for re-planning: the next sweep takes it.
        const due = (await findDueCases(db, now, SWEEP_BATCH)).filter((c) => !seen.has(c.id));
        if (due.length === 0) break;
        for (const c of due) seen.add(c.id);
        const batch = await sweepBatch(due, now, windowStart);
        casesPlanned += due.length;
        planned += batch.planned;
        queued.push(...batch.queued);
        deferredToDigest += batch.deferredToDigest;
        undeliverable += batch.undeliverable;
      }
      const result = { queued, deferredToDigest, undeliverable, ...routed };
      logger.info(
        {
          casesPlanned,
          planned,
          queued: queued.length,
          deferredToDigest,
          undeliverable,
          expiredDialogues: routed.expiredDialogues,
          routedToDuty: routed.routedToDuty,
        },
        'deadline sweep',
      );
      return result;
    },
  };
}

export type DeadlineSweep = ReturnType<typeof createDeadlineSweep>;
