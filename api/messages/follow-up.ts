// Follow-ups: a reporter's materials, later messages and lone attachments join their own case, not a new one.
import { and, desc, eq, exists, gte, inArray, isNull, ne, or, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/create-db.js';
import {
  attachments,
  caseEvents,
  caseReports,
  cases,
  dialogues,
  messages,
  outbox,
} from '../../db/schema/index.js';
import { parseCaseNo } from '../../intents/index.js';
import type { CaseRow } from '../cases/case-service.js';
import type { Clock } from '../clock.js';
import type { OutboxService } from '../outbox/outbox-service.js';
import { groupContacts, reachable } from '../routing/grid-lookup.js';
import type { FieldCipher } from '../security/field-cipher.js';
import { followUpTexts } from './follow-up-texts.js';
import { FILE_MESSAGE_TYPES, type InboundMessage } from './inbound-message.js';
import type { MessageParse } from './message-parser.js';
import { replies } from './reply-texts.js';
import { cutWords } from './reporter-words.js';

/** The dialogue that asks which of several open cases a lone attachment belongs to. */
export const FOLLOW_UP_DIALOGUE = 'follow_up_case';

/** `补充 GL-2026-000003 照片如下`: the case number, then what the reporter adds (a resident may write 补充材料 too). */
const SUPPLEMENT = /^\s*补充(?:材料)?\s*[:：]?\s*(\S.*)$/su;
/** Case statuses a follow-up may still join: the office has not finished with them. */
const JOINABLE: CaseRow['status'][] = ['received', 'accepted', 'materials_needed', 'in_progress'];
const MAX_CHOICES = 5;

export interface FollowUpContext {
  msg: InboundMessage;
  /** messages.id of the message being handled. */
  rowId: number;
  person: { id: number; role: string };
  receivedAt: Date;
  parse: MessageParse | null;
  /** Read with the sender beforehand (sender-context.ts): spares the look-ups whose answer is already known. */
  known?: { dialogueOpen: boolean; collecting: boolean };
}

export interface FollowUpOutcome {
  reply: string;
  caseId?: number;
  caseNo?: string;
}

interface ChoiceState {
  /** Case numbers offered, in the order of the numbered list. */
  options: string[];
  /** messages.id of the attachments waiting for the answer. */
  pending: number[];
}

export interface FollowUpDeps {
  clock: Clock;
  outbox: OutboxService;
  /** Case summaries are stored encrypted; the "which case?" question quotes their first words. */
  cipher: Pick<FieldCipher, 'decrypt'>;
  /** How long after the sender's own report (or materials) a lone attachment or message still joins it. */
  windowMinutes: number;
  /** How long the "which case?" question stays open. */
  dialogueTtlMinutes: number;
}

/** `补充 …`: materials for a case named in the words, which the follow-ups take before anything else. */
export function isSupplementCommand(text: string): boolean {
  return SUPPLEMENT.test(text);
}

/** A message that is a file or a shared place, sent without words (WeChat has no captions). */
export function isAttachmentMessage(msg: Pick<InboundMessage, 'type' | 'attachmentProblem'>): boolean {
  return FILE_MESSAGE_TYPES.has(msg.type) || msg.type === 'location' || msg.attachmentProblem !== undefined;
}

export function createFollowUps(deps: FollowUpDeps) {
  const windowMs = deps.windowMinutes * 60_000;

  /**
   * Cases the person reported first. A co-reporter (a report merged into someone else's case) is not offered the
   * case: they hold their own receipt number and see only their own report.
   */
  function mineIn(_tx: Db, personId: number): SQL {
    return eq(cases.reporterId, personId);
  }

  /** Tells the group's liaison (or its leader) that the reporter added to the case. */
  async function tellLiaison(tx: Db, row: CaseRow, messageId: string, leftWaiting: boolean): Promise<void> {
    if (row.groupId === null) return;
    // A burst (five photos, then a sentence) is one notice: the liaison reads them all in the case file.
    if (!leftWaiting) {
      const since = new Date(deps.clock.now().getTime() - windowMs);
      const [recent] = await tx
        .select({ id: outbox.id })
        .from(outbox)
        .where(
          and(
            eq(outbox.caseId, row.id),
            eq(outbox.purpose, 'follow_up_notice'),
            gte(outbox.createdAt, since),
          ),
        )
        .limit(1);
      if (recent) return;
    }
    const contacts = await groupContacts(tx, row.groupId);
    const liaison = reachable(contacts, 'liaison', 'leader');
    if (!liaison) return;
    await deps.outbox.enqueue(tx, {
      dedupeKey: `case:${row.caseNo}:follow_up:${messageId}`,
      to: { kind: 'contact', id: liaison.wechatId },
      purpose: 'follow_up_notice',
      caseId: row.id,
      text: followUpTexts.liaisonNotice(row.caseNo, leftWaiting),
      availableAt: deps.clock.now(),
    });
  }

  /**
   * Files messages under a case: an event, the case out of its waiting state when it was waiting for
   * materials, the liaison told. The current message's case is set by the caller from the outcome.
   */
  async function join(
    tx: Db,
    row: CaseRow,
    ctx: FollowUpContext,
    via: 'waiting' | 'supplement' | 'recent' | 'chosen',
    earlier: number[] = [],
  ): Promise<FollowUpOutcome> {
    const now = deps.clock.now();
    // Events name no one: who reported stays behind the audited reporter path.
    const actor = 'reporter';
    if (earlier.length)
      await tx
        .update(messages)
        .set({ caseId: row.id })
        .where(and(inArray(messages.id, earlier), isNull(messages.caseId)));
    await tx.insert(caseEvents).values({
      caseId: row.id,
      type: 'materials_added',
      actor,
      at: now,
      data: { messageId: ctx.msg.messageId, via, ...(earlier.length ? { earlier: earlier.length } : {}) },
    });
    let leftWaiting = false;
    if (row.status === 'materials_needed') {
      // Back to the office's decision: the procedural reply already given stays given.
      const [moved] = await tx
        .update(cases)
        .set({ status: 'received', updatedAt: now })
        .where(and(eq(cases.id, row.id), eq(cases.status, 'materials_needed')))
        .returning({ id: cases.id });
      if (moved) {
        leftWaiting = true;
        await tx.insert(caseEvents).values({
          caseId: row.id,
          type: 'materials_received',
          actor,
          at: now,
          data: { from: 'materials_needed', to: 'received', messageId: ctx.msg.messageId },
        });
      }
    }
    await tellLiaison(tx, row, ctx.msg.messageId, leftWaiting);
    return { caseId: row.id, caseNo: row.caseNo, reply: followUpTexts.joined(row.caseNo, leftWaiting) };
  }

  /**
   * The sender's cases that are collecting materials: waiting for them, or given some within the window and
   * not yet acted on (a photo then a sentence both land in the case).
   */
  async function collecting(tx: Db, ctx: FollowUpContext): Promise<CaseRow[]> {
    const since = new Date(ctx.receivedAt.getTime() - windowMs);
    return tx
      .select()
      .from(cases)
      .where(
        and(
          mineIn(tx, ctx.person.id),
          or(
            eq(cases.status, 'materials_needed'),
            and(
              eq(cases.status, 'received'),
              exists(
                tx
                  .select({ one: caseEvents.id })
                  .from(caseEvents)
                  .where(
                    and(
                      eq(caseEvents.caseId, cases.id),
                      eq(caseEvents.type, 'materials_received'),
                      gte(caseEvents.at, since),
                    ),
                  ),
              ),
            ),
          ),
        ),
      )
      .orderBy(desc(cases.updatedAt), desc(cases.id))
      .limit(MAX_CHOICES);
  }

  /** The sender's open cases, the most recently reported first. */
  async function openCases(tx: Db, personId: number): Promise<CaseRow[]> {
    return tx
      .select()
      .from(cases)
      .where(and(mineIn(tx, personId), inArray(cases.status, JOINABLE)))
      .orderBy(desc(cases.receivedAt), desc(cases.id))
      .limit(MAX_CHOICES);
  }

  /** Open cases the sender reported (first or again) within the window before this message. */
  async function recentlyReported(tx: Db, ctx: FollowUpContext, open: CaseRow[]): Promise<CaseRow[]> {
    if (open.length === 0) return [];
    const since = new Date(ctx.receivedAt.getTime() - windowMs);
    const reports = await tx
      .select({ caseId: caseReports.caseId })
      .from(caseReports)
      .where(
        and(
          inArray(
            caseReports.caseId,
            open.map((c) => c.id),
          ),
          eq(caseReports.reporterId, ctx.person.id),
          gte(caseReports.reportedAt, since),
        ),
      );
    const ids = new Set(reports.map((r) => r.caseId));
    return open.filter((c) => ids.has(c.id));
  }

  async function ask(tx: Db, wechatId: string, options: CaseRow[], pending: number[]): Promise<string> {
    const state: ChoiceState = { options: options.map((c) => c.caseNo), pending };
    const expiresAt = new Date(deps.clock.now().getTime() + deps.dialogueTtlMinutes * 60_000);
    await tx
      .insert(dialogues)
      .values({ wechatId, kind: FOLLOW_UP_DIALOGUE, state: { ...state }, expiresAt })
      .onConflictDoUpdate({
        target: dialogues.wechatId,
        set: { kind: FOLLOW_UP_DIALOGUE, state: { ...state }, expiresAt },
      });
    return followUpTexts.whichCase(
      options.map((c) => `${c.caseNo} ${cutWords(deps.cipher.decrypt(c.summaryEnc), 20)}`),
    );
  }

  async function byCaseNo(tx: Db, personId: number, caseNo: string): Promise<CaseRow | null> {
    const [row] = await tx
      .select()
      .from(cases)
      .where(and(eq(cases.caseNo, caseNo), mineIn(tx, personId)));
    return row ?? null;
  }

  /** `补充 GL-… …`: only the case's own reporter; anyone else hears what an unknown case number gets. */
  async function supplement(tx: Db, ctx: FollowUpContext, rest: string): Promise<FollowUpOutcome | null> {
    const caseNo = parseCaseNo(rest.slice(0, 40));
    if (!caseNo) return null;
    const row = await byCaseNo(tx, ctx.person.id, caseNo);
    if (!row) return { reply: replies.statusNotFound(caseNo) };
    if (!JOINABLE.includes(row.status)) return { reply: followUpTexts.caseFinished(caseNo) };
    return join(tx, row, ctx, 'supplement');
  }

  /** The answer to "which case?": a number from the list or a case number; null when it is not one. */
  async function answerChoice(
    tx: Db,
    ctx: FollowUpContext,
    wechatId: string,
  ): Promise<FollowUpOutcome | null> {
    if (ctx.known?.dialogueOpen === false) return null;
    const [dialogue] = await tx.select().from(dialogues).where(eq(dialogues.wechatId, wechatId));
    if (!dialogue || dialogue.kind !== FOLLOW_UP_DIALOGUE) return null;
    const state = dialogue.state as unknown as ChoiceState;
    const close = () => tx.delete(dialogues).where(eq(dialogues.wechatId, wechatId));
    if (dialogue.expiresAt <= deps.clock.now()) {
      await close();
      return null;
    }
    // Another file while the question is open waits with the others.
    if (isAttachmentMessage(ctx.msg)) {
      if (ctx.msg.attachmentProblem) return { reply: followUpTexts.refused(ctx.msg.attachmentProblem) };
      await tx
        .update(dialogues)
        .set({ state: { ...state, pending: [...state.pending, ctx.rowId] } })
        .where(eq(dialogues.wechatId, wechatId));
      return { reply: followUpTexts.whichCaseAgain(state.options) };
    }
    const answer = ctx.msg.text.normalize('NFKC').trim();
    const number = /^第?(\d{1,2})(个|号)?$/u.exec(answer);
    const caseNo = number ? state.options[Number(number[1]) - 1] : parseCaseNo(answer.slice(0, 40));
    if (number && !caseNo) return { reply: followUpTexts.whichCaseAgain(state.options) };
    // Not an answer: the question is dropped and the message handled as any other.
    if (!caseNo || (!number && answer.length > 40)) {
      await close();
      return null;
    }
    const row = await byCaseNo(tx, ctx.person.id, caseNo);
    if (!row || !JOINABLE.includes(row.status)) {
      if (!row && !state.options.includes(caseNo)) return { reply: replies.statusNotFound(caseNo) };
      return { reply: followUpTexts.whichCaseAgain(state.options) };
    }
    await close();
    const outcome = await join(tx, row, ctx, 'chosen', state.pending);
    // The number itself is no material: the answer message stays outside the case file.
    const { caseId: _caseId, ...rest } = outcome;
    return rest;
  }

  return {
    /**
     * A private message that follows up a case the sender reported; null when it is not one. Checked after
     * commands and surveys, before the community question and the parser's reading.
     */
    async handle(tx: Db, ctx: FollowUpContext, wechatId: string): Promise<FollowUpOutcome | null> {
      const chosen = await answerChoice(tx, ctx, wechatId);
      if (chosen) return chosen;

      const supplementCommand = SUPPLEMENT.exec(ctx.msg.text);
      if (supplementCommand && !isAttachmentMessage(ctx.msg)) {
        const outcome = await supplement(tx, ctx, supplementCommand[1] ?? '');
        if (outcome) return outcome;
      }
      if (ctx.msg.attachmentProblem) return { reply: followUpTexts.refused(ctx.msg.attachmentProblem) };

      // A question about a case, or a greeting, is answered as such even while materials are awaited.
      const intent = ctx.parse?.intent;
      const attachment = isAttachmentMessage(ctx.msg);
      if (attachment || (intent !== 'query_status' && intent !== 'greeting')) {
        const waiting = ctx.known?.collecting === false ? [] : await collecting(tx, ctx);
        if (waiting.length === 1) return join(tx, waiting[0]!, ctx, 'waiting');
        if (waiting.length > 1) return { reply: await ask(tx, wechatId, waiting, [ctx.rowId]) };
      }
      if (!attachment) return null;

      const open = await openCases(tx, ctx.person.id);
      const recent = await recentlyReported(tx, ctx, open);
      if (recent.length === 1) return join(tx, recent[0]!, ctx, 'recent');
      // The community question of a just-reported case stays open: its case takes the file.
      const [other] =
        ctx.known?.dialogueOpen === false
          ? []
          : await tx
              .select({ kind: dialogues.kind, state: dialogues.state })
              .from(dialogues)
              .where(eq(dialogues.wechatId, wechatId));
      if (other && other.kind !== FOLLOW_UP_DIALOGUE) {
        const caseNo = (other.state as { caseNo?: unknown }).caseNo;
        const row = typeof caseNo === 'string' ? open.find((c) => c.caseNo === caseNo) : undefined;
        if (row) return join(tx, row, ctx, 'recent');
      }
      if (open.length > 0)
        return { reply: await ask(tx, wechatId, recent.length ? recent : open, [ctx.rowId]) };
      return { reply: followUpTexts.describeFirst(ctx.msg.type) };
    },

    /**
     * A file in a bound group chat, passed on because its sender just addressed the bot there: it joins the
     * case of their report in that room within the window. Null when there is none (the caller drops the file).
     */
    async handleRoom(tx: Db, ctx: FollowUpContext, roomId: string): Promise<FollowUpOutcome | null> {
      const since = new Date(ctx.receivedAt.getTime() - windowMs);
      const [report] = await tx
        .select({ caseId: caseReports.caseId })
        .from(caseReports)
        .innerJoin(cases, eq(cases.id, caseReports.caseId))
        .where(
          and(
            eq(caseReports.roomId, roomId),
            eq(caseReports.reporterId, ctx.person.id),
            gte(caseReports.reportedAt, since),
            inArray(cases.status, JOINABLE),
          ),
        )
        .orderBy(desc(caseReports.reportedAt), desc(caseReports.id))
        .limit(1);
      if (!report) return null;
      if (ctx.msg.attachmentProblem) return { reply: followUpTexts.refused(ctx.msg.attachmentProblem) };
      const [row] = await tx.select().from(cases).where(eq(cases.id, report.caseId));
      return row ? join(tx, row, ctx, 'recent') : null;
    },

    /** A group member's file that joined nothing is not kept: nobody addressed it to the procuratorate. */
    async discardFile(tx: Db, messageId: string): Promise<void> {
      await tx.delete(attachments).where(eq(attachments.messageId, messageId));
    },

    /**
     * After a new case is registered: the sender's lone files of the window before it, which had no case to
     * join, become part of it.
     */
    /**
     * Whether adoptEarlier could find anything: the sender's private non-text messages of the window without a
     * case (the attachment check is left to adoptEarlier), as an expression read with the sender's other facts.
     */
    earlierFilesSql(input: { wechatId: string; receivedAt: Date }): SQL<boolean> {
      const since = new Date(input.receivedAt.getTime() - windowMs);
      return sql<boolean>`exists (select 1 from ${messages} where ${and(
        eq(messages.fromWechatId, input.wechatId),
        isNull(messages.caseId),
        isNull(messages.roomId),
        gte(messages.receivedAt, since),
        ne(messages.type, 'text'),
      )})`;
    },

    async adoptEarlier(
      tx: Db,
      input: { caseId: number; wechatId: string; receivedAt: Date },
    ): Promise<number> {
      const since = new Date(input.receivedAt.getTime() - windowMs);
      const adopted = await tx
        .update(messages)
        .set({ caseId: input.caseId })
        .where(
          and(
            eq(messages.fromWechatId, input.wechatId),
            isNull(messages.caseId),
            isNull(messages.roomId),
            gte(messages.receivedAt, since),
            ne(messages.type, 'text'),
            exists(
              tx
                .select({ one: attachments.id })
                .from(attachments)
                .where(eq(attachments.messageId, messages.messageId)),
            ),
          ),
        )
        .returning({ id: messages.id });
      return adopted.length;
    },
  };
}

export type FollowUps = ReturnType<typeof createFollowUps>;
