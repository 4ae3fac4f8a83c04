// Acting on a case: checks who may act, applies the state machine and the clock contract, records the
// event and queues the reporters' replies through the outbox — all in the caller's transaction.
import { and, eq, isNotNull } from 'drizzle-orm';
import type { Db } from '../../db/create-db.js';
import { caseEvents, caseReports, cases, people } from '../../db/schema/index.js';
import { type CaseActor, caseScope, scopeAllows } from '../auth/case-scope.js';
import type { Clock } from '../clock.js';
import { commandTexts } from '../commands/command-texts.js';
import type { DeadlineRules } from '../deadlines/deadline-rules.js';
import { BadRequestError, ConflictError, NotFoundError } from '../http/domain-errors.js';
import { coReportTexts } from '../messages/co-report-texts.js';
import type { OutboxService } from '../outbox/outbox-service.js';
import type { FieldCipher } from '../security/field-cipher.js';
import { ACTION_VERBS, reporterReply, surveyQuestion } from './case-actions-texts.js';
import { applyAction, type CaseAction } from './case-lifecycle.js';
import type { CaseRow } from './case-service.js';
import { sealEventWords } from './event-words.js';

export interface CaseActionInput {
  caseNo: string;
  action: CaseAction;
  /** What the reporter is told: the materials needed, the reason, the progress or the result. */
  text?: string | undefined;
  /** The body a case is transferred to. */
  body?: string | undefined;
  actor: CaseActor;
}

/** Which argument each action cannot do without; the rest take an optional note. */
export const REQUIRED_ARGUMENT: Partial<Record<CaseAction, 'text' | 'body'>> = {
  request_materials: 'text',
  transfer: 'body',
  reject: 'text',
  progress: 'text',
  resolve: 'text',
};

export const EVENT_TYPES: Record<CaseAction, string> = {
  accept: 'accepted',
  request_materials: 'materials_requested',
  transfer: 'transferred',
  reject: 'rejected',
  start: 'started',
  progress: 'progress_reported',
  resolve: 'resolved',
  close: 'closed',
};

export interface CaseActionsDeps {
  clock: Clock;
  deadlines: DeadlineRules;
  outbox: OutboxService;
  /** A prosecutor's result or reason is kept encrypted with the event (event-words.ts). */
  cipher: FieldCipher;
}

export function createCaseActionsService(deps: CaseActionsDeps) {
  const { clock, deadlines, outbox } = deps;

  /**
   * Reporters owed the case's replies: its named first reporter, unless no reply is owed. A co-reporter is
   * told only that their report was dealt with (coReporters): never the first reporter's result or reason.
   */
  async function replyRecipients(tx: Db, row: CaseRow): Promise<{ personId: number; wechatId: string }[]> {
    if (row.reporterId === null || row.anonymous || row.noReplyReason !== null) return [];
    const rows = await tx
      .select({ personId: people.id, wechatId: people.wechatId })
      .from(people)
      .where(and(eq(people.id, row.reporterId), isNotNull(people.wechatId)));
    return rows.filter((r): r is { personId: number; wechatId: string } => r.wechatId !== null);
  }

  /** Named co-reporters with their own receipt numbers (anonymous ones cannot be told anything). */
  async function coReporters(tx: Db, row: CaseRow) {
    const rows = await tx
      .select({ personId: people.id, wechatId: people.wechatId, receiptNo: caseReports.receiptNo })
      .from(caseReports)
      .innerJoin(people, eq(people.id, caseReports.reporterId))
      .where(
        and(eq(caseReports.caseId, row.id), isNotNull(caseReports.receiptNo), isNotNull(people.wechatId)),
      )
      .orderBy(caseReports.id);
    return rows.filter(
      (r): r is { personId: number; wechatId: string; receiptNo: string } =>
        r.wechatId !== null && r.receiptNo !== null && r.personId !== row.reporterId,
    );
  }

  async function lockByCaseNo(tx: Db, caseNo: string): Promise<CaseRow | null> {
    // The row lock makes two concurrent actions on one case take turns, so each sees the other's status.
    const [row] = await tx.select().from(cases).where(eq(cases.caseNo, caseNo)).for('update');
    return row ?? null;
  }

  /**
   * Moves a case by one action without checking who asks; callers check authority first.
   * Throws ConflictError (nothing written) when the state machine refuses.
   */
  async function transition(
    tx: Db,
    row: CaseRow,
    action: CaseAction,
    actor: string,
    args: {
      text?: string | undefined;
      body?: string | undefined;
      assigneeId?: number | null;
      via?: string;
    } = {},
  ): Promise<{ row: CaseRow; eventId: number }> {
    const result = applyAction(row.status, action);
    // Refused in the words WeChat uses (the console shows this message as it is).
    if (!result.ok)
      throw new ConflictError(
        commandTexts.illegal(row.caseNo, row.status, ACTION_VERBS[action] ?? action),
        'illegal_transition',
      );
    const now = clock.now();
    const set: Partial<typeof cases.$inferInsert> = { status: result.next, updatedAt: now };
    if (result.repliesOwed === 'procedural') set.proceduralRepliedAt = row.proceduralRepliedAt ?? now;
    if (result.repliesOwed === 'substantive') set.substantiveRepliedAt = row.substantiveRepliedAt ?? now;
    if (action === 'accept' && args.assigneeId != null) set.assigneeId = args.assigneeId;
    // Monthly progress is owed only to someone who can receive it.
    if (action === 'progress')
      set.nextProgressDueAt =
        row.noReplyReason === null ? deadlines.nextProgressDueAt(row.receivedAt, now) : null;
    if (action === 'resolve' || action === 'close') set.nextProgressDueAt = null;
    if (action === 'close') set.closedAt = now;

    const [updated] = await tx
      .update(cases)
      .set(set)
      .where(and(eq(cases.id, row.id), eq(cases.status, row.status)))
      .returning();
    if (!updated)
      throw new ConflictError(`case ${row.caseNo} changed meanwhile; try again`, 'illegal_transition');
    const [event] = await tx
      .insert(caseEvents)
      .values({
        caseId: row.id,
        type: EVENT_TYPES[action],
        actor,
        at: now,
        ...sealEventWords(deps.cipher, {
          action,
          from: row.status,
          to: result.next,
          ...(args.text ? { text: args.text } : {}),
          ...(args.body ? { body: args.body } : {}),
          ...(args.via ? { via: args.via } : {}),
        }),
      })
      .returning({ id: caseEvents.id });
    const eventId = event!.id;

    const message = reporterReply(action, {
      caseNo: row.caseNo,
      text: args.text,
      body: args.body,
      substantiveDueAt: row.substantiveDueAt,
    });
    // Closing a case that has a result asks its reporters for a rating; one key per person, so never twice.
    const asksForRating = action === 'close' && row.status === 'resolved';
    if (message !== null || asksForRating) {
      for (const r of await replyRecipients(tx, updated)) {
        if (message !== null)
          await outbox.enqueue(tx, {
            dedupeKey: `case:${row.caseNo}:reply:${eventId}:${r.personId}`,
            to: { kind: 'contact', id: r.wechatId },
            text: message,
            purpose: 'reporter_reply',
            caseId: row.id,
            availableAt: now,
          });
        if (asksForRating)
          await outbox.enqueue(tx, {
            dedupeKey: `case:${row.caseNo}:survey:${r.personId}`,
            to: { kind: 'contact', id: r.wechatId },
            text: surveyQuestion(row.caseNo),
            purpose: 'survey',
            caseId: row.id,
            // A second later, so a result queued in the same step is sent before the question about it.
            availableAt: new Date(now.getTime() + 1000),
          });
      }
    }
    // A co-reporter hears once, when the case closes, that their report was dealt with: general words only.
    if (action === 'close')
      for (const r of await coReporters(tx, updated))
        await outbox.enqueue(tx, {
          dedupeKey: `case:${row.caseNo}:co-closed:${r.receiptNo}`,
          to: { kind: 'contact', id: r.wechatId },
          text: coReportTexts.closed(r.receiptNo),
          purpose: 'reporter_reply',
          caseId: row.id,
          availableAt: now,
        });
    return { row: updated, eventId };
  }

  /** The case if the actor may see it; another group's case is reported exactly like a missing one. */
  async function requireActionable(tx: Db, caseNo: string, actor: CaseActor): Promise<CaseRow> {
    const row = await lockByCaseNo(tx, caseNo);
    if (!row || !scopeAllows(await caseScope(tx, actor), row.groupId))
      throw new NotFoundError(`case ${caseNo} does not exist`);
    return row;
  }

  /** One authorised action: 404 outside the actor's groups, 400 without its argument, 409 when illegal. */
  async function act(tx: Db, input: CaseActionInput): Promise<CaseRow> {
    const row = await requireActionable(tx, input.caseNo, input.actor);
    const required = REQUIRED_ARGUMENT[input.action];
    const text = input.text?.trim() || undefined;
    const body = input.body?.trim() || undefined;
    if (required === 'text' && !text)
      throw new BadRequestError(`${input.action} needs a text for the reporter`, undefined, 'text_required');
    if (required === 'body' && !body)
      throw new BadRequestError('transfer needs the body the case goes to', undefined, 'body_required');
    const { actor } = input;
    const isProsecutor = actor.role === 'prosecutor' || actor.role === 'group_leader';
    const { row: updated } = await transition(tx, row, input.action, actor.actor, {
      text,
      body,
      assigneeId: isProsecutor ? actor.personId : null,
    });
    return updated;
  }

  return {
    transition,
    replyRecipients,
    act,

    /**
     * WeChat's 办结: records the result and closes the case in the caller's transaction (two events), so
     * the reporter gets the result and then, once, the satisfaction question.
     */
    async resolveAndClose(tx: Db, input: Omit<CaseActionInput, 'action'>): Promise<CaseRow> {
      const resolved = await act(tx, { ...input, action: 'resolve' });
      const { row } = await transition(tx, resolved, 'close', input.actor.actor);
      return row;
    },
  };
}

export type CaseActionsService = ReturnType<typeof createCaseActionsService>;
