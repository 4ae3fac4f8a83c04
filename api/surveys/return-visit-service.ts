// Return visits (回访, issue 14 item 6): a 不满意 answer opens a task for the group leader, with its own reminder, closed by `已回访 GL-…`.
import { and, eq, lte } from 'drizzle-orm';
import type { Db } from '../../db/create-db.js';
import { caseEvents, cases, returnVisits } from '../../db/schema/index.js';
import { parseCaseNo } from '../../intents/index.js';
import type { Clock } from '../clock.js';
import type { ReminderPlanner } from '../deadlines/reminder-plan.js';
import { shanghaiAt, shanghaiEndOfDay, toShanghaiDate } from '../deadlines/shanghai-time.js';
import type { WorkingCalendar } from '../deadlines/working-calendar.js';
import { toChineseDate } from '../http/time-format.js';
import type { CommandContext, CommandHandler } from '../messages/message-service.js';
import type { OutboxService } from '../outbox/outbox-service.js';
import { groupContacts } from '../routing/grid-lookup.js';

/** The office's configurable default: no rule fixes it; three working days keeps the answer fresh. */
export const RETURN_VISIT_WORKING_DAYS = 3;

const DONE_COMMAND = /^\s*已回访\s*(.+)$/su;

export const returnVisitTexts = {
  opened: (caseNo: string, due: Date) =>
    `【回访】案件 ${caseNo} 的反映人对办理结果表示“不满意”，请在${toChineseDate(due)}前回访并了解原因。回访后回复“已回访 ${caseNo}”。`,
  reminder: (caseNo: string, due: Date, overdue: boolean) =>
    `【回访提醒】案件 ${caseNo} 的回访${overdue ? `已于${toChineseDate(due)}到期，尚未完成` : `今日（${toChineseDate(due)}）到期`}。回访后回复“已回访 ${caseNo}”。`,
  done: (caseNo: string) => `已记录：案件 ${caseNo} 已回访。`,
  notOpen: (caseNo: string) => `案件 ${caseNo} 没有待完成的回访。`,
};

export interface ReturnVisitDeps {
  clock: Clock;
  outbox: OutboxService;
  planner: Pick<ReminderPlanner, 'nextPushWindowStart' | 'isQuietHours' | 'config'>;
  calendar: WorkingCalendar;
}

export function createReturnVisits(deps: ReturnVisitDeps) {
  return {
    /** Opens the case's return visit (once) and tells the group leader, outside quiet hours. */
    async open(tx: Db, caseId: number): Promise<boolean> {
      const [row] = await tx
        .select({ caseNo: cases.caseNo, groupId: cases.groupId })
        .from(cases)
        .where(eq(cases.id, caseId));
      if (!row) return false;
      const contacts = row.groupId === null ? [] : await groupContacts(tx, row.groupId);
      const leader = contacts.find((c) => c.role === 'leader') ?? contacts.find((c) => c.role === 'liaison');
      const now = deps.clock.now();
      const dueAt = shanghaiEndOfDay(
        deps.calendar.addWorkingDays(toShanghaiDate(now), RETURN_VISIT_WORKING_DAYS),
      );
      const [visit] = await tx
        .insert(returnVisits)
        .values({ caseId, groupId: row.groupId, leaderId: leader?.personId ?? null, createdAt: now, dueAt })
        .onConflictDoNothing({ target: returnVisits.caseId })
        .returning({ id: returnVisits.id });
      if (!visit) return false;
      await tx.insert(caseEvents).values({
        caseId,
        type: 'return_visit_opened',
        actor: 'system',
        at: now,
        data: { dueAt: dueAt.toISOString(), leaderId: leader?.personId ?? null },
      });
      if (leader?.wechatId)
        await deps.outbox.enqueue(tx, {
          dedupeKey: `return-visit:${visit.id}:opened`,
          to: { kind: 'contact', id: leader.wechatId },
          purpose: 'return_visit',
          caseId,
          availableAt: deps.planner.nextPushWindowStart(now),
          text: returnVisitTexts.opened(row.caseNo, dueAt),
        });
      return true;
    },

    /** On the due day and each day after while open, from the reminder time on: one reminder a day to the leader. */
    async remind(tx: Db, now: Date): Promise<number> {
      if (deps.planner.isQuietHours(now)) return 0;
      const today = toShanghaiDate(now);
      if (now.getTime() < shanghaiAt(today, deps.planner.config.reminderTime).getTime()) return 0;
      const due = await tx
        .select({ visit: returnVisits, caseNo: cases.caseNo })
        .from(returnVisits)
        .innerJoin(cases, eq(cases.id, returnVisits.caseId))
        .where(and(eq(returnVisits.state, 'open'), lte(returnVisits.dueAt, shanghaiEndOfDay(today))));
      let queued = 0;
      for (const { visit, caseNo } of due) {
        const contacts = visit.groupId === null ? [] : await groupContacts(tx, visit.groupId);
        const leader =
          contacts.find((c) => c.personId === visit.leaderId) ?? contacts.find((c) => c.role === 'leader');
        if (!leader?.wechatId) continue;
        const overdue = toShanghaiDate(visit.dueAt) < today;
        const fresh = await deps.outbox.enqueue(tx, {
          dedupeKey: `return-visit:${visit.id}:reminder:${today}`,
          to: { kind: 'contact', id: leader.wechatId },
          purpose: 'return_visit_reminder',
          caseId: visit.caseId,
          availableAt: now,
          text: returnVisitTexts.reminder(caseNo, visit.dueAt, overdue),
        });
        if (fresh) queued++;
      }
      return queued;
    },

    /** `已回访 GL-…` from a prosecutor of the case's group closes its return visit. */
    command(): CommandHandler {
      return {
        async handle(tx: Db, ctx: CommandContext): Promise<string | null> {
          const match = DONE_COMMAND.exec(ctx.text);
          if (!match) return null;
          const caseNo = parseCaseNo(match[1] ?? '');
          if (!caseNo) return null;
          const [row] = await tx
            .select({ visit: returnVisits })
            .from(returnVisits)
            .innerJoin(cases, eq(cases.id, returnVisits.caseId))
            .where(and(eq(cases.caseNo, caseNo), eq(returnVisits.state, 'open')));
          const contacts = row?.visit.groupId == null ? [] : await groupContacts(tx, row.visit.groupId);
          if (!row || !contacts.some((c) => c.personId === ctx.person.id))
            return returnVisitTexts.notOpen(caseNo);
          await tx
            .update(returnVisits)
            .set({ state: 'done', doneAt: ctx.receivedAt })
            .where(eq(returnVisits.id, row.visit.id));
          await tx.insert(caseEvents).values({
            caseId: row.visit.caseId,
            type: 'return_visit_done',
            actor: `wechat:${ctx.person.id}`,
            at: deps.clock.now(),
            data: {},
          });
          return returnVisitTexts.done(caseNo);
        },
      };
    },
  };
}

export type ReturnVisits = ReturnType<typeof createReturnVisits>;
