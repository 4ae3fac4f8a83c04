// The deadline sweep: queues due reminders into the outbox once per key, and routes cases left unassigned.
import { and, isNull, lte, ne, sql } from 'drizzle-orm';
import type { Db } from '../../db/create-db.js';
import { cases } from '../../db/schema/index.js';
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
  claimDueCases,
  type DueReminderRow,
  findDueReminders,
  findGroupContacts,
  findPeople,
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

// Cases claimed per transaction: bounds memory and how long their rows stay locked at the 09:00 burst, or after a
// bulk change, when every open case is due at once.
const SWEEP_BATCH = 10_000;

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

  type Addressed = Pick<DueReminderRow, 'groupId' | 'assigneeId'>;
  async function recipientsFor(tx: Db, open: readonly Addressed[]) {
    const groupIds = [...new Set(open.flatMap((c) => (c.groupId === null ? [] : [c.groupId])))];
    const assigneeIds = [...new Set(open.flatMap((c) => (c.assigneeId === null ? [] : [c.assigneeId])))];
    const [groups, assignees] = await Promise.all([
      findGroupContacts(tx, groupIds),
      findPeople(tx, assigneeIds),
    ]);
    return (c: Addressed, reminder: PlannedReminder): { to: Contact | null; handlerName?: string } => {
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
   * Plans one batch in one transaction: claims the due cases (locked, so a concurrent change waits and then marks
   * them for the next sweep), plans each distinct (deadline kind, due instant) once with the planner, lets SQL
   * match those plans to every case that has that deadline and skip keys already queued, queues what is due,
   * and stores each case's next reminder instant. Returns null when nothing was due.
   */
  async function sweepBatch(now: Date, windowStart: Date | null) {
    return db.transaction(async (tx) => {
      const { ids, slots } = await claimDueCases(tx, now, SWEEP_BATCH);
      if (ids.length === 0) return null;
      // Plans are made for a case number of '' and keyed by the rest: the key is the case number + this suffix.
      const reminders = slots.flatMap((slot) =>
        planner.plan([{ caseNo: '', kind: slot.kind, dueAt: slot.dueAt }], now).map((reminder) => ({
          slot,
          reminder,
          keySuffix: reminder.key,
          deferred: reminder.deferToDigest || (windowStart !== null && reminder.fireAt < windowStart),
        })),
      );
      const due = (await findDueReminders(tx, ids, reminders))
        .map((row) => ({ row, ...reminders[row.reminder]! }))
        .sort(
          (a, b) =>
            a.reminder.fireAt.getTime() - b.reminder.fireAt.getTime() ||
            a.row.caseNo.localeCompare(b.row.caseNo) ||
            a.keySuffix.localeCompare(b.keySuffix),
        );
      const toSend = due.filter((d) => !d.deferred);
      const recipient = await recipientsFor(
        tx,
        toSend.map((d) => d.row),
      );
      const toQueue: { message: OutboundMessage; queued: QueuedReminder }[] = [];
      let undeliverable = 0;
      for (const { row: c, reminder, keySuffix } of toSend) {
        const { to, handlerName } = recipient(c, reminder);
        if (!to) {
          undeliverable++;
          continue;
        }
        toQueue.push({
          message: {
            dedupeKey: `reminder:${c.caseNo}${keySuffix}`,
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
        tx,
        toQueue.map((q) => q.message),
      );
      const queued = toQueue.filter((q) => inserted.delete(q.message.dedupeKey)).map((q) => q.queued);
      await scheduleNextReminders(
        tx,
        ids,
        slots.map((slot) => ({
          slot,
          at: planner.nextReminderAt([{ caseNo: '', kind: slot.kind, dueAt: slot.dueAt }], now),
        })),
      );
      return {
        cases: ids.length,
        slots: slots.length,
        queued,
        deferredToDigest: due.length - toSend.length,
        undeliverable,
      };
    });
  }

  return {
    /**
     * Plans the cases whose next reminder is due (case_reminders.next_reminder_at <= now), and only those: a steady
     * sweep with nothing due reads nothing. Each is then re-scheduled to its next reminder instant.
     */
    async sweep(now: Date = deps.clock.now()): Promise<SweepResult> {
      const routed = await routeStaleCases(now);
      const windowStart = pushWindowStart(now);
      const queued: QueuedReminder[] = [];
      let [casesPlanned, slots, deferredToDigest, undeliverable] = [0, 0, 0, 0];
      for (;;) {
        const batch = await sweepBatch(now, windowStart);
        if (!batch) break;
        casesPlanned += batch.cases;
        slots += batch.slots;
        queued.push(...batch.queued);
        deferredToDigest += batch.deferredToDigest;
        undeliverable += batch.undeliverable;
        // A short batch took every case due (a case changed meanwhile waits, marked, for the next sweep).
        if (batch.cases < SWEEP_BATCH) break;
      }
      const result = { queued, deferredToDigest, undeliverable, ...routed };
      logger.info(
        {
          casesPlanned,
          slots,
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
