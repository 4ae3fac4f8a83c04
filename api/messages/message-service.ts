// Turns one inbound WeChat message into a reply: idempotent on the WeChat id, creates and routes cases.
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/create-db.js';
import { preparedQuery } from '../../db/prepared-query.js';
import { type CaseKind, cases, messages, rooms } from '../../db/schema/index.js';
import {
  ANSWER_FIRST_INTENTS,
  type FaqRecord,
  type Intent,
  maskSensitive,
  normalizeText,
  parseCaseNo,
} from '../../intents/index.js';
import type { AidService } from '../aid/aid-service.js';
import { caseOutcome } from '../cases/case-outcome.js';
import type { CaseService } from '../cases/case-service.js';
import { triageTexts } from '../cases/triage-texts.js';
import type { Clock } from '../clock.js';
import type { LoginCommand } from '../commands/login-command.js';
import type { FaqService } from '../faq/faq-service.js';
import { acceptsOffer, OFFER_KIND, type RegistrationOffer } from '../faq/registration-offer.js';
import type { Logger } from '../http/logger.js';
import { isLectureRequest, type LectureRequests } from '../outreach/lecture-requests.js';
import { ROOM_SUBSCRIPTION, roomSubscription } from '../outreach/notice-commands.js';
import { optInAfterRebind } from '../registry/rooms-service.js';
import { type CommunityDialogue, rememberCommunity } from '../routing/community-dialogue.js';
import { findGridByCodeOrName, plainGridName } from '../routing/grid-lookup.js';
import { type PlaceCandidate, resolvePlaceName } from '../routing/place-resolver.js';
import type { FieldCipher } from '../security/field-cipher.js';
import type { KeyedHash } from '../security/keyed-hash.js';
import { parseSatisfaction } from '../surveys/survey-service.js';
import { ANONYMOUS_SENDER, isAnonymousReport, SENDER_HASH_PURPOSE } from './anonymous-report.js';
import { ASKED_MARK, type ClarifyAnswer, type ClarifyDialogue } from './clarify-dialogue.js';
import { coReportLinesOf, coReportLinesSql, coReportStatus, receiptOfMessage } from './co-report-status.js';
import { coReportTexts } from './co-report-texts.js';
import { findOrCreateContact, type PersonRow } from './contact-resolver.js';
import { type FollowUps, isAttachmentMessage, isSupplementCommand } from './follow-up.js';
import type { InboundMessage, InboundResult } from './inbound-message.js';
import type { MessageParse, MessageParser } from './message-parser.js';
import { storeQuickAnswer } from './quick-answer.js';
import { replies, STATUS_LABELS } from './reply-texts.js';
import { cutWords, summaryOfWords } from './reporter-words.js';
import { readSenderContext, type SenderContext, type StoredResponse } from './sender-context.js';
import { FLOOD_NOTICE, type SenderRateLimit } from './sender-rate-limit.js';

const CASE_KIND_BY_INTENT: Partial<Record<string, CaseKind>> = {
  report_dispute: 'dispute',
  request_aid: 'aid_request',
  report_clue: 'clue',
  petition: 'petition',
  legal_question: 'legal_question',
};

const BIND_COMMAND = /^\s*绑定网格\s*(.*)$/su;
/** What handle() appends to a text cut at maxTextChars before encrypting it. */
const TRUNCATION_NOTE = /\n\[…已截断，原文共 \d+ 字\]$/u;
// A resident asking what they can do here (a prosecutor's 帮助 is their command list).
const HELP_WORDS = /^\s*(?:帮助|help|菜单|功能|使用说明|怎么用|[?？]+)\s*[。.!！?？]*\s*$/iu;

/** A question the parser is sure of (a legal question, a status query, or one the FAQ answers) is a matter of its
 * own, not an answer to "which community?". A report told further stays with the question (it would open a twin). */
const OWN_QUESTION_MIN_SCORE = 0.9;
function isOwnQuestion(parse: MessageParse | null): boolean {
  if (!parse || parse.clarify) return false;
  if (parse.faq) return true;
  return (
    (parse.intent === 'legal_question' || parse.intent === 'query_status') &&
    parse.score >= OWN_QUESTION_MIN_SCORE
  );
}

/**
 * Whether an FAQ match is answered before anything is registered: always for a legal question; for a described
 * matter (not a clue, which is registered first) only in private chat and not anonymously — there the answer comes
 * with an offer to register, and in a group or anonymously there is no one to register for.
 */
function answersQuestionFirst(intent: MessageParse['intent'], where: { room: boolean; anonymous: boolean }) {
  if (intent === 'legal_question') return true;
  return (
    ANSWER_FIRST_INTENTS.has(intent as Intent) && intent !== 'report_clue' && !where.room && !where.anonymous
  );
}

/** Thrown to roll back a message's transaction when another delivery of the same WeChat id was stored first. */
class LostRace extends Error {}
/** How much of the reporter's words a status reply quotes to name the case. */
const STATUS_WORDS = 20;

export interface CommandContext {
  person: PersonRow;
  text: string;
  receivedAt: Date;
}

/** Staff commands in private chat (by registry role); returns null when the text is not a command. */
export interface CommandHandler {
  /** A reply carrying a secret (a link token) comes with the version the message log keeps. */
  handle(tx: Db, ctx: CommandContext): Promise<string | { reply: string; storedReply: string } | null>;
}

/** Answers to a pending satisfaction survey; returns null when the text is not one. */
export interface SurveyHandler {
  answer(tx: Db, person: PersonRow, text: string): Promise<string | null>;
}

export interface MessageServiceDeps {
  db: Db;
  clock: Clock;
  /** Message text is kept encrypted at rest: it carries phone and ID numbers, names and addresses. */
  cipher: FieldCipher;
  /** An anonymous report keeps only its sender's keyed hash (repeats, flood control), never the WeChat id. */
  keyedHash: KeyedHash;
  cases: CaseService;
  /** The API reads every message itself: the bot passes messages on as received. */
  parser: MessageParser;
  logger: Pick<Logger, 'error'>;
  dialogue: CommunityDialogue;
  /** The FAQ as the office keeps it: a parse's match is answered only while its entry is active. */
  faq: Pick<FaqService, 'answerable' | 'sync'>;
  /** "需要我们登记跟进吗？回复 1" after an FAQ answer. */
  offers: RegistrationOffer;
  commands?: CommandHandler;
  /** `登录`: a one-time console code for staff, sent back in the reply but never stored in clear. */
  login?: LoginCommand;
  surveys?: SurveyHandler;
  /** Materials, `补充 GL-…` and lone attachments that join the sender's own case (follow-up.ts). */
  followUps?: FollowUps;
  maxTextChars: number;
  /** Flood control per WeChat sender; over the limit a message is recorded but not acted on. */
  senderLimit?: SenderRateLimit;
  /** "您是想：1 … 6 …" when the parser is unsure, within its budget. */
  clarify?: ClarifyDialogue;
  /** Lecture requests (想请检察官来社区讲讲…), recorded for the community's group. */
  lectures?: LectureRequests;
  /** Judicial aid: a registered aid request is followed by the numbered pre-screen (api/aid/aid-rules.ts). */
  aid?: Pick<AidService, 'prescreen'>;
}

/** `storedReply` replaces the reply in the message log when the reply carries a secret (a sign-in code). */
type Outcome = {
  reply: string | null;
  storedReply?: string;
  caseId?: number;
  caseNo?: string;
  /** The reply was the clarifying question: counted against its budget. */
  asked?: typeof ASKED_MARK;
  /** Put before the reply: an urgent matter's 110/120 advice (api/cases/triage-texts.ts). */
  advice?: string;
};

/** A matter to register: what a message said, as parsed, with where and when it came. */
interface Matter {
  intent: string;
  category: string | null;
  normalizedText: string;
  /** The message as the reporter wrote it: the summary people read is taken from it. */
  words: string;
  place: string | undefined;
  receivedAt: Date;
  messageId: string;
  roomId: string | null;
  anonymous: boolean;
  /** An anonymous reporter's keyed hash: a repeat of theirs is recognised without knowing who they are. */
  senderHash: string | null;
  wechatId: string;
}

/** The parse as kept in messages.parse (see storableParse): no copy of the words, which stay encrypted. */
interface StoredParse {
  intent: string;
  category: string | null;
  entities?: { place?: string };
}

export function createMessageService(deps: MessageServiceDeps) {
  const { db } = deps;
  const query = preparedQuery(db);

  function replayed(response: StoredResponse): InboundResult {
    return {
      ...(response.caseNo ? { caseNo: response.caseNo } : {}),
      reply: response.reply,
      duplicate: true,
    };
  }

  async function previous(messageId: string): Promise<InboundResult | null> {
    const [row] = await db
      .select({ response: messages.response })
      .from(messages)
      .where(eq(messages.messageId, messageId));
    return row ? replayed(row.response) : null;
  }

  async function bindRoom(tx: Db, msg: InboundMessage, person: PersonRow, query: string): Promise<string> {
    if (person.role !== 'grid_member' && person.role !== 'prosecutor') return replies.bindRefused;
    const exact = await findGridByCodeOrName(tx, query);
    if (exact?.level === 'street') return replies.bindNeedsCommunity;
    // A code, a grassroots grid's full name, or a community by its name or short form (绑定网格 军门).
    let grid =
      exact && exact.level === 'grassroots' ? { id: exact.id, label: plainGridName(exact.name) } : null;
    if (!grid && exact?.code === query.trim().toUpperCase())
      grid = { id: exact.id, label: plainGridName(exact.name) };
    if (!grid) {
      const resolved = await resolvePlaceName(tx, query);
      if (resolved.kind === 'choose') return replies.bindChoose(resolved.candidates.map((c) => c.label));
      if (resolved.kind === 'none') return replies.bindUnknownGrid(query);
      grid = { id: resolved.place.id, label: resolved.place.label };
    }
    await tx
      .update(rooms)
      .set({
        gridId: grid.id,
        boundBy: msg.from.id,
        boundAt: deps.clock.now(),
        noticesOptIn: optInAfterRebind(grid.id),
      })
      .where(eq(rooms.roomId, msg.room!.id));
    return replies.bound(grid.label);
  }

  async function statusReply(
    tx: Db,
    person: PersonRow,
    text: string,
    caseNoEntity?: string,
  ): Promise<string> {
    // A case is the first reporter's; a co-reporter reads only their own report, by its receipt number.
    const mine = eq(cases.reporterId, person.id);
    const caseNo = caseNoEntity ?? parseCaseNo(text);
    if (caseNo) {
      const [row] = await tx
        .select()
        .from(cases)
        .where(and(eq(cases.caseNo, caseNo), mine));
      // Someone else's case is answered exactly like a missing one, so its existence is not revealed.
      if (!row) return (await coReportStatus(tx, person.id, caseNo)) ?? replies.statusNotFound(caseNo);
      return replies.statusOf({
        ...row,
        words: cutWords(deps.cases.summaryOf(row), STATUS_WORDS),
        outcome: await caseOutcome(tx, deps.cipher, row.id),
      });
    }
    // The sender's open cases and their merged reports' lines in one statement.
    const [read] = await tx
      .select({
        own: sql<string>`(select coalesce(json_agg(json_build_object('caseNo', c.case_no, 'summaryEnc', c.summary_enc, 'status', c.status) order by c.received_at desc, c.id desc), '[]')::text
          from (select id, case_no, summary_enc, status, received_at from cases
                 where reporter_id = ${person.id}::int and status <> 'closed'
                 order by received_at desc, id desc limit 5) c)`,
        co: coReportLinesSql(person.id, 5),
      })
      .from(sql`(select 1) as one`);
    const rows = JSON.parse(read!.own) as { caseNo: string; summaryEnc: string; status: string }[];
    return replies.statusList([
      ...rows.map(
        (r) =>
          `${r.caseNo}（“${cutWords(deps.cases.summaryOf(r), STATUS_WORDS)}”）${STATUS_LABELS[r.status] ?? r.status}`,
      ),
      ...coReportLinesOf(read!.co),
    ]);
  }

  /**
   * Where a matter belongs: the room's grid; a registered person's own grid; the community the message
   * names (remembered for a resident); the community a resident named before. A street or an ambiguous
   * name routes nothing: its candidates are offered.
   */
  async function gridFor(
    tx: Db,
    place: string | undefined,
    wechatId: string,
    person: PersonRow,
    roomGridId: number | null,
    anonymous: boolean,
  ): Promise<{ gridId: number | null; candidates?: PlaceCandidate[] }> {
    if (roomGridId !== null) return { gridId: roomGridId };
    if (person.role !== 'resident' && person.gridId !== null) return { gridId: person.gridId };
    const resolved = place ? await resolvePlaceName(tx, place) : ({ kind: 'none' } as const);
    if (resolved.kind === 'one') {
      if (!anonymous) await rememberCommunity(tx, { ...person, wechatId }, resolved.place.id);
      return { gridId: resolved.place.id };
    }
    if (person.gridId !== null && !anonymous) return { gridId: person.gridId };
    return { gridId: null, ...(resolved.kind === 'choose' ? { candidates: resolved.candidates } : {}) };
  }

  /** Registers a matter (or links it to the same matter in progress) and says what happens next. */
  async function register(
    tx: Db,
    matter: Matter,
    person: PersonRow,
    roomGridId: number | null,
  ): Promise<Outcome> {
    const kind = CASE_KIND_BY_INTENT[matter.intent];
    if (!kind) return { reply: replies.notUnderstood };
    const place = await gridFor(tx, matter.place, matter.wechatId, person, roomGridId, matter.anonymous);
    const { row, linked, routed, triage, receipt } = await deps.cases.createOrLink(tx, {
      kind,
      intent: matter.intent,
      category: kind === 'clue' ? (matter.category ?? 'other') : null,
      summary: summaryOfWords(matter.words),
      matchText: maskSensitive(matter.normalizedText.slice(0, 1000)),
      receivedAt: matter.receivedAt,
      reporterId: person.id,
      anonymous: matter.anonymous,
      // An anonymous matter keeps its clocks (issue 14): the group owes the work, only no reply goes out.
      noReplyReason: null,
      gridId: place.gridId,
      messageId: matter.messageId,
      roomId: matter.roomId,
      senderHash: matter.senderHash,
      // Never the reporter's id: who reported is read only through GET /v1/cases/:caseNo/reporters (audited).
      actor: matter.anonymous ? 'anonymous' : 'reporter',
    });
    const base = {
      caseId: row.id,
      caseNo: row.caseNo,
      ...(triage.urgency ? { advice: triageTexts.safetyAdvice(triage.urgency) } : {}),
    };
    if (linked)
      return { ...base, ...linkedReply(matter, receipt?.number ?? row.caseNo, receipt?.ownCase ?? true) };
    if (matter.roomId !== null) return { ...base, reply: replies.roomReceipt(row.caseNo) };
    if (matter.anonymous) {
      if (!routed) await deps.cases.assign(tx, row, null, 'system', 'duty_group');
      return { ...base, reply: replies.anonymousCase(row.caseNo) };
    }
    if (!routed) {
      const question = await deps.dialogue.start(tx, {
        wechatId: matter.wechatId,
        caseId: row.id,
        caseNo: row.caseNo,
        ...(place.candidates ? { candidates: place.candidates } : {}),
      });
      return { ...base, reply: question };
    }
    const created = replies.caseCreated(kind, row.caseNo, row.proceduralDueAt, row.substantiveDueAt);
    // An aid request is registered first (its clocks run, nothing is lost if the questions are left unanswered),
    // then the pre-screen tells the applicant at once whether aid probably fits and what to prepare.
    if (kind === 'aid_request' && deps.aid) {
      const question = await deps.aid.prescreen.start(tx, {
        wechatId: matter.wechatId,
        caseId: row.id,
        caseNo: row.caseNo,
      });
      return { ...base, reply: `${created}\n\n${question}` };
    }
    return { ...base, reply: created };
  }

  /** A report merged into an open case: a co-reporter is told their own number, never the case's. */
  function linkedReply(matter: Matter, number: string, ownCase: boolean): Omit<Outcome, 'caseId'> {
    const inRoom = matter.roomId !== null;
    if (matter.anonymous && !inRoom) return { caseNo: number, reply: replies.anonymousCase(number) };
    if (ownCase) return { caseNo: number, reply: replies.linked(number, inRoom) };
    return { caseNo: number, reply: inRoom ? replies.roomReceipt(number) : coReportTexts.receipt(number) };
  }

  /** The resident replied 1 to an FAQ answer: the matter of that earlier message is registered now. */
  async function registerOffered(tx: Db, rowId: number, person: PersonRow): Promise<Outcome> {
    const [original] = await tx.select().from(messages).where(eq(messages.id, rowId));
    const stored = original?.parse as StoredParse | null | undefined;
    if (!original?.text || !stored) return { reply: replies.offerExpired };
    const words = deps.cipher.decrypt(original.text);
    if (original.caseId !== null) {
      const [existing] = await tx.select().from(cases).where(eq(cases.id, original.caseId));
      const receiptNo = existing ? await receiptOfMessage(tx, original.messageId) : null;
      if (existing)
        return {
          caseId: existing.id,
          caseNo: receiptNo ?? existing.caseNo,
          reply: receiptNo ? coReportTexts.receipt(receiptNo) : replies.linked(existing.caseNo, false),
        };
    }
    const outcome = await register(
      tx,
      {
        intent: stored.intent,
        category: stored.category,
        // The words are kept only in the encrypted message; normalised again as the parser did.
        normalizedText: normalizeText(words.replace(TRUNCATION_NOTE, '')),
        words,
        place: stored.entities?.place,
        // The legal clocks start when the matter was first told, not when registration was confirmed.
        receivedAt: original.receivedAt,
        messageId: original.messageId,
        roomId: null,
        anonymous: false,
        senderHash: null,
        wechatId: original.fromWechatId ?? '',
      },
      person,
      null,
    );
    if (outcome.caseId !== undefined)
      await tx.update(messages).set({ caseId: outcome.caseId }).where(eq(messages.id, rowId));
    return outcome;
  }

  /** The sender answered "您是想…": the earlier message is taken up again as what they said it was. */
  async function answerClarified(tx: Db, choice: ClarifyAnswer, person: PersonRow): Promise<Outcome> {
    if (choice.kind === 'expired') return { reply: replies.clarifyExpired };
    if (choice.kind === 'none_of_these') return { reply: replies.clarifyNoneOfThese };
    const [original] = await tx.select().from(messages).where(eq(messages.id, choice.messageRowId));
    if (!original?.text || !original.fromWechatId) return { reply: replies.clarifyExpired };
    const text = deps.cipher.decrypt(original.text);
    const reread = await parseOrNull({ text, messageId: original.messageId }, original.receivedAt);
    if (!reread) return { reply: replies.notUnderstood };
    const parse = {
      ...reread,
      intent: choice.intent,
      clarify: false,
      // The FAQ answers a question; for a report the sender chose, it would only be in the way.
      faq: choice.intent === 'legal_question' ? reread.faq : null,
    };
    const msg: InboundMessage = {
      messageId: original.messageId,
      from: { id: original.fromWechatId, name: person.name ?? '' },
      text,
      type: 'text',
      receivedAt: original.receivedAt.toISOString(),
    };
    // The legal clocks start when the matter was first told, not when the sender said what it was.
    const outcome = await decide(tx, msg, original.id, parse, person, text, original.receivedAt, true);
    if (outcome.caseId !== undefined)
      await tx.update(messages).set({ caseId: outcome.caseId }).where(eq(messages.id, original.id));
    return outcome;
  }

  async function decide(
    tx: Db,
    msg: InboundMessage,
    rowId: number,
    parse: MessageParse | null,
    person: PersonRow,
    storedText: string,
    receivedAt: Date,
    /** The sender has just said what this (earlier) message meant: the parse is theirs, ask nothing again. */
    clarified = false,
    /** The sender's keyed hash when the message is an anonymous report (stored without its sender). */
    anonymousSender: string | false = false,
    /** What was read of the sender before the message's row (sender-context.ts); absent, everything is asked. */
    known?: Pick<SenderContext, 'dialogueOpen' | 'collecting' | 'earlierFiles' | 'room'>,
  ): Promise<Outcome> {
    // No dialogue was open for the sender: the readers that act only on one (offer, clarify, pre-screen,
    // which-case, community question) would each read the same missing row.
    const dialogueOpen = known?.dialogueOpen ?? true;
    let roomGridId: number | null = null;
    if (msg.room) {
      // Upserted by the sender read already when it was told of the room.
      const room =
        known?.room ??
        (
          await tx
            .insert(rooms)
            .values({ roomId: msg.room.id, topic: msg.room.topic })
            .onConflictDoUpdate({ target: rooms.roomId, set: { topic: msg.room.topic } })
            .returning({ gridId: rooms.gridId })
        )[0];
      const bind = BIND_COMMAND.exec(msg.text);
      if (bind) return { reply: await bindRoom(tx, msg, person, bind[1] ?? '') };
      // A file after the sender's report in this room joins it; any other file in a group is not kept.
      if (deps.followUps && isAttachmentMessage(msg)) {
        const ctx = { msg, rowId, person, receivedAt, parse };
        const joined = room?.gridId != null ? await deps.followUps.handleRoom(tx, ctx, msg.room.id) : null;
        if (!joined?.caseId) await deps.followUps.discardFile(tx, msg.messageId);
        return joined ?? { reply: null };
      }
      // An unbound room is silent: nobody in it has agreed to this bot yet.
      if (room?.gridId == null) return { reply: null };
      roomGridId = room.gridId;
      // 订阅普法 / 退订普法: the room takes the office's approved 普法 notices, or stops.
      const subscription = ROOM_SUBSCRIPTION.exec(msg.text);
      if (subscription)
        return {
          reply: await roomSubscription(tx, {
            person,
            roomId: msg.room.id,
            roomGridId,
            subscribe: subscription[1] === '订阅普法',
            at: deps.clock.now(),
          }),
        };
    } else if (!clarified && !anonymousSender) {
      // Dialogues, offers and surveys are the named sender's; an anonymous report is a new matter.
      if (deps.login?.matches(msg.text)) return deps.login.handle(tx, person);
      // Staff commands (prosecutors' case work, a grid member's 我的线索); the chain picks by role.
      if (person.role !== 'resident' && deps.commands) {
        const reply = await deps.commands.handle(tx, { person, text: msg.text, receivedAt });
        if (reply !== null) return typeof reply === 'string' ? { reply } : reply;
      }
      if (HELP_WORDS.test(msg.text)) return { reply: replies.residentHelp };
      // Before the survey and the community question: an offer is only open right after an FAQ answer.
      const offered =
        dialogueOpen && acceptsOffer(msg.text) ? await deps.offers.accept(tx, msg.from.id) : null;
      if (offered?.kind === 'expired') return { reply: replies.offerExpired };
      if (offered?.kind === 'accepted') return registerOffered(tx, offered.messageRowId, person);
      if (deps.surveys) {
        const thanks = await deps.surveys.answer(tx, person, msg.text);
        if (thanks !== null) return { reply: thanks };
      }
      const choice =
        deps.clarify && dialogueOpen ? await deps.clarify.answer(tx, msg.from.id, msg.text) : null;
      if (choice) return answerClarified(tx, choice, person);
      // A photo sent during the pre-screen is a material: the follow-up below joins it to the aid case.
      const aidAnswer =
        deps.aid && dialogueOpen && !isAttachmentMessage(msg)
          ? await deps.aid.prescreen.answer(tx, msg.from.id, msg.text)
          : null;
      if (aidAnswer !== null) return { reply: aidAnswer };
      const ctx = { msg, rowId, person, receivedAt, parse, ...(known ? { known } : {}) };
      const followUp = deps.followUps ? await deps.followUps.handle(tx, ctx, msg.from.id) : null;
      if (followUp) return followUp;
      const answer = dialogueOpen
        ? await deps.dialogue.answer(tx, { ...person, wechatId: msg.from.id }, msg.text, {
            newMatter: isOwnQuestion(parse),
          })
        : null;
      if (answer !== null) return { reply: answer };
    }

    // The parser failed: the message is recorded, and the sender asked to put it another way.
    // 想请检察官来社区讲讲反诈: a lecture request, not a case (not for an anonymous message: it names a requester).
    if (deps.lectures && isLectureRequest(msg.text) && !/匿名/u.test(msg.text))
      return {
        reply: await deps.lectures.request(tx, {
          text: msg.text,
          person,
          roomGridId,
          roomId: msg.room?.id ?? null,
          place: parse?.entities.place,
        }),
      };
    if (!parse) return { reply: replies.notUnderstood };
    if (parse.intent === 'greeting') return { reply: replies.help };
    // Unsure: ask rather than guess, in private chat only (a group is no place for a quiz), never for an
    // anonymous report (the open question would tie the sender to it); over budget, the best guess stands.
    if (parse.clarify && !clarified && !msg.room && deps.clarify && !/匿名/u.test(msg.text)) {
      const question = await deps.clarify.ask(tx, msg.from.id, rowId);
      if (question !== null) return { reply: question, asked: ASKED_MARK };
    }
    if (parse.intent === 'none') return { reply: replies.notUnderstood };
    if (parse.intent === 'query_status')
      return { reply: await statusReply(tx, person, msg.text, parse.entities.caseNo) };
    const anonymous = /匿名/u.test(msg.text);
    // Answer first: the office's current entry, never one retired since the parser last loaded the FAQ.
    const answer: FaqRecord | null = parse.faq ? await deps.faq.answerable(tx, parse.faq.id) : null;
    const answersFirst = answersQuestionFirst(parse.intent, { room: !!msg.room, anonymous });
    if (answer && answersFirst) {
      // In a group chat or anonymously there is no one to register for: the answer alone.
      if (msg.room || anonymous) return { reply: replies.faqAnswer(answer) };
      await deps.offers.open(tx, msg.from.id, { messageRowId: rowId, faqId: answer.id });
      return { reply: replies.faqAnswerWithOffer(answer) };
    }

    const outcome = await register(
      tx,
      {
        intent: parse.intent,
        category: parse.category,
        normalizedText: parse.normalizedText || storedText,
        words: storedText,
        place: parse.entities.place,
        receivedAt,
        messageId: msg.messageId,
        roomId: msg.room?.id ?? null,
        anonymous,
        senderHash: anonymousSender || null,
        wechatId: msg.from.id,
      },
      person,
      roomGridId,
    );
    // Files the sender sent alone just before describing the matter belong to it.
    if (outcome.caseId !== undefined && !msg.room && !anonymous && known?.earlierFiles !== false)
      await deps.followUps?.adoptEarlier(tx, { caseId: outcome.caseId, wechatId: msg.from.id, receivedAt });
    // A clue is registered at once; when it also asked what the FAQ answers (a caller demanding a "safe
    // account" transfer), the answer follows the receipt.
    if (answer && parse.intent === 'report_clue' && !msg.room && outcome.reply !== null)
      return { ...outcome, reply: `${outcome.reply}\n\n${replies.faqAnswer(answer, false)}` };
    return outcome;
  }

  /**
   * The answer decide() would give without reading anything but what storeQuickAnswer's one statement checks:
   * a greeting, a message not understood, or an FAQ answer with its registration offer, to a resident in
   * private chat. Null for every
   * message that one of decide()'s earlier steps (login, help, survey, follow-up, lecture, clarify) could take.
   */
  function quickAnswer(
    msg: InboundMessage,
    parse: MessageParse | null,
  ): NonNullable<MessageParse['faq']> | 'greeting' | 'not_understood' | null {
    if (!parse || msg.room || msg.type !== 'text' || isAttachmentMessage(msg) || /匿名/u.test(msg.text))
      return null;
    if (deps.login?.matches(msg.text) || HELP_WORDS.test(msg.text)) return null;
    if (deps.surveys && parseSatisfaction(msg.text)) return null;
    if (deps.followUps && isSupplementCommand(msg.text)) return null;
    if (deps.lectures && isLectureRequest(msg.text)) return null;
    if (parse.intent === 'greeting') return 'greeting';
    if (parse.clarify && deps.clarify) return null;
    if (parse.intent === 'none') return 'not_understood';
    return parse.faq && answersQuestionFirst(parse.intent, { room: false, anonymous: false })
      ? parse.faq
      : null;
  }

  async function parseOrNull(
    msg: Pick<InboundMessage, 'text' | 'messageId'>,
    receivedAt: Date,
  ): Promise<MessageParse | null> {
    try {
      // Another API process may have changed the FAQ; checked at most once per refresh period.
      await deps.faq.sync();
    } catch (error) {
      // The entries already loaded still answer; a retired one is still never sent (answerable, below).
      deps.logger.error(
        { error: error instanceof Error ? error.message : String(error) },
        'FAQ refresh failed',
      );
    }
    try {
      // Only what is kept is read: a 200,000-character paste costs no more than MAX_TEXT_CHARS.
      return await deps.parser.parse(keepFirst(msg.text, deps.maxTextChars), { now: receivedAt });
    } catch (error) {
      // The message is still recorded and answered; the sender is asked to put it another way.
      deps.logger.error(
        { messageId: msg.messageId, error: error instanceof Error ? error.message : String(error) },
        'parse failed',
      );
      return null;
    }
  }

  return {
    async handle(msg: InboundMessage): Promise<InboundResult> {
      // No look-up first: the insert below finds a replay (ON CONFLICT), so a new message costs one query less.
      const receivedAt = new Date(msg.receivedAt);
      // Parsed before the transaction: the model is CPU only, and holding a connection for it would cost.
      const parse = await parseOrNull(msg, receivedAt);
      const truncated = msg.text.length > deps.maxTextChars;
      const storedText = truncated
        ? `${keepFirst(msg.text, deps.maxTextChars)}\n[…已截断，原文共 ${msg.text.length} 字]`
        : msg.text;
      const quick = quickAnswer(msg, parse);
      if (quick) {
        const said =
          quick === 'greeting'
            ? replies.help
            : quick === 'not_understood'
              ? replies.notUnderstood
              : replies.faqAnswerWithOffer(quick);
        const response = { reply: truncated ? `${said}\n${replies.truncated(deps.maxTextChars)}` : said };
        const now = deps.clock.now();
        const done = await storeQuickAnswer(query, {
          messageId: msg.messageId,
          wechatId: msg.from.id,
          name: msg.from.name.trim() || '微信用户',
          senderHash: await deps.keyedHash.hash(SENDER_HASH_PURPOSE, msg.from.id),
          receivedAt,
          windowStart: new Date(receivedAt.getTime() - (deps.senderLimit?.windowMs ?? 0)),
          perMinute: deps.senderLimit?.perMinute ?? null,
          type: msg.type,
          textEnc: deps.cipher.encrypt(storedText),
          parse: storableParse(parse),
          response,
          joinsCollectingCase: quick !== 'greeting',
          offerKind: OFFER_KIND,
          // An open offer would take it: then the statement stands aside for the full path.
          acceptsOffer: acceptsOffer(msg.text),
          faq:
            typeof quick === 'string'
              ? null
              : {
                  id: quick.id,
                  question: quick.question,
                  answer: quick.answer,
                  now,
                  expiresAt: deps.offers.expiresAt(now),
                },
        });
        if (done === 'stored') return { ...response, duplicate: false };
        if (done) return replayed(done.replay);
      }
      // Outside the transaction, once per year and process: a case made below takes its number without a look-up.
      await deps.cases.ensureYear(db, receivedAt);
      let result: InboundResult | null;
      try {
        result = await db.transaction(async (tx) => {
          const senderHash = await deps.keyedHash.hash(SENDER_HASH_PURPOSE, msg.from.id, tx);
          // One statement: the sender's facts, whether this WeChat id was handled before, and the new row's id.
          const context = await readSenderContext(tx, {
            wechatId: msg.from.id,
            senderHash,
            receivedAt,
            limit: deps.senderLimit,
            earlierFiles: deps.followUps?.earlierFilesSql({ wechatId: msg.from.id, receivedAt }),
            messageId: msg.messageId,
            room: msg.room ? { id: msg.room.id, topic: msg.room.topic } : undefined,
          });
          if (context.replay) return replayed(context.replay);
          const rowId = context.rowId!;
          const known = context.person;
          const anonymous = isAnonymousReport(msg, parse, known);
          // An anonymous sender is never looked up as a person, nor made one: no row pairs with the report.
          const person = anonymous
            ? ANONYMOUS_SENDER
            : await findOrCreateContact(tx, msg.from.id, msg.from.name, known);
          const verdict = deps.senderLimit
            ? await deps.senderLimit.check(
                tx,
                { rowId, wechatId: msg.from.id, senderHash, receivedAt },
                context.recentMessages,
              )
            : 'within';
          const outcome: Outcome =
            verdict === 'within'
              ? await decide(
                  tx,
                  msg,
                  rowId,
                  parse,
                  person,
                  storedText,
                  receivedAt,
                  false,
                  anonymous && senderHash,
                  {
                    dialogueOpen: context.dialogueOpen,
                    collecting: context.collecting,
                    earlierFiles: context.earlierFiles,
                    ...(context.room ? { room: context.room } : {}),
                  },
                )
              : { reply: verdict === 'notice' ? FLOOD_NOTICE : null };
          const said =
            outcome.reply !== null && outcome.advice ? `${outcome.advice}\n${outcome.reply}` : outcome.reply;
          const reply =
            said !== null && truncated ? `${said}\n${replies.truncated(deps.maxTextChars)}` : said;
          const response = {
            ...(outcome.caseNo ? { caseNo: outcome.caseNo } : {}),
            reply,
            ...(outcome.asked ? { asked: outcome.asked } : {}),
          };
          const stored =
            outcome.storedReply === undefined ? response : { ...response, reply: outcome.storedReply };
          // The message's row is written once, last, with its answer: no insert-then-update. Its id was
          // reserved above, so what decide() recorded under it (a pending clarify question, an offer) holds.
          const [inserted] = await tx
            .insert(messages)
            .overridingSystemValue()
            .values({
              id: rowId,
              messageId: msg.messageId,
              fromWechatId: anonymous ? null : msg.from.id,
              senderHash: anonymous ? senderHash : null,
              personId: anonymous ? null : person.id,
              roomId: msg.room?.id ?? null,
              type: msg.type,
              text: deps.cipher.encrypt(storedText),
              receivedAt,
              parse: storableParse(parse),
              response: stored,
              caseId: outcome.caseId ?? null,
            })
            .onConflictDoNothing({ target: messages.messageId })
            .returning({ id: messages.id });
          // A concurrent delivery of the same id committed first: everything done here is undone.
          if (!inserted) throw new LostRace();
          return { ...response, duplicate: false };
        });
      } catch (error) {
        if (!(error instanceof LostRace)) throw error;
        result = null;
      }
      // A concurrent delivery of the same message won the insert: answer with what it recorded.
      return result ?? (await previous(msg.messageId))!;
    },
  };
}

export type MessageService = ReturnType<typeof createMessageService>;

/** The first `units` UTF-16 units, one fewer where the cut would split an emoji's surrogate pair (invalid JSON). */
function keepFirst(text: string, units: number): string {
  if (text.length <= units) return text;
  const last = text.charCodeAt(units - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? units - 1 : units);
}

/**
 * The parse as kept beside the encrypted text: without the normalised text (the reporter's words, whole, are
 * kept only encrypted in messages.text), the phone it found masked.
 */
function storableParse(parse: MessageParse | null): Record<string, unknown> | null {
  if (!parse) return null;
  const { phone, ...entities } = parse.entities;
  const { normalizedText: _words, ...rest } = parse;
  return { ...rest, entities: phone ? { ...entities, phone: maskSensitive(phone) } : entities };
}
