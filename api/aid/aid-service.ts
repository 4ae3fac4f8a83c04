// Judicial aid on a case: the WeChat pre-screen, the materials checklist, the stages 预审→受理→审查→决定→发放,
// the decision with its amount or reason, the figures for GET /v1/stats and the stage reminders.
import { and, desc, eq, gte, isNotNull, isNull, lt, lte } from 'drizzle-orm';
import type { Db } from '../../db/create-db.js';
import {
  type AidDecision,
  type AidMaterial,
  type AidPrescreen,
  type AidStatus,
  aidApplications,
  auditLog,
  caseEvents,
  cases,
  dialogues,
  grids,
  people,
} from '../../db/schema/index.js';
import { type CaseActor, type CaseScope, caseScope, scopeAllows } from '../auth/case-scope.js';
import type { CaseRow } from '../cases/case-service.js';
import { openEventWords, sealEventWords } from '../cases/event-words.js';
import type { Clock } from '../clock.js';
import { addCalendarDays } from '../deadlines/local-date.js';
import { shanghaiEndOfDay, toShanghaiDate } from '../deadlines/shanghai-time.js';
import type { WorkingCalendar } from '../deadlines/working-calendar.js';
import { BadRequestError, ConflictError, NotFoundError } from '../http/domain-errors.js';
import { toIsoShanghai, toIsoShanghaiOrNull } from '../http/time-format.js';
import type { OutboxService } from '../outbox/outbox-service.js';
import { groupContacts, reachable } from '../routing/grid-lookup.js';
import type { FieldCipher } from '../security/field-cipher.js';
import { aidFigures } from './aid-figures.js';
import {
  AID_MAX_YUAN,
  AID_REMIND_DAYS_BEFORE,
  AID_TIME_LIMITS,
  type AidTimeLimit,
  checklistOf,
  DEFAULT_MATERIALS,
  MATERIALS,
  materialNamed,
  materialsFor,
  NEXT_STAGE,
  PRESCREEN_QUESTIONS,
  type PrescreenAnswers,
  prescreenVerdict,
} from './aid-rules.js';
import { aidTexts } from './aid-texts.js';

const KIND = 'aid_prescreen';
const MAX_MISSES = 2;
/** A message this long is a new matter, not an answer to a numbered question. */
const LONG_ANSWER = 30;
const DIGIT = /^\s*(?:回复|选)?\s*([0-9０-９])\s*[。.!！]?\s*$/u;

interface PrescreenState {
  caseId: number;
  caseNo: string;
  step: number;
  misses: number;
  answers: PrescreenAnswers;
}

export type AidApplicationRow = typeof aidApplications.$inferSelect;

export interface AidServiceDeps {
  clock: Clock;
  calendar: WorkingCalendar;
  outbox: OutboxService;
  cipher: FieldCipher;
  ttlMinutes: number;
}

/** Who acts: an API principal or a prosecutor in WeChat (CaseActor), or a grid member in WeChat. */
export type AidActor = CaseActor | { role: 'grid_member'; personId: number; actor: string };

function digitOf(text: string): number | null {
  const m = DIGIT.exec(text);
  if (!m?.[1]) return null;
  const code = m[1].charCodeAt(0);
  return code >= 0xff10 ? code - 0xff10 : Number(m[1]);
}

/** Money as the API takes it: positive, at most two decimals, below the guard; returned as numeric text. */
export function yuanOf(value: unknown): string {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0)
    throw new BadRequestError('amountYuan must be a positive number of yuan', undefined, 'invalid_amount');
  if (Math.abs(value * 100 - Math.round(value * 100)) > 1e-6)
    throw new BadRequestError('amountYuan has at most two decimals (fen)', undefined, 'invalid_amount');
  if (value > AID_MAX_YUAN)
    throw new BadRequestError(`amountYuan may be at most ${AID_MAX_YUAN}`, undefined, 'invalid_amount');
  return value.toFixed(2);
}

export function createAidService(deps: AidServiceDeps) {
  const { clock } = deps;

  function stageDueAt(from: Date, limit: AidTimeLimit): Date {
    const day = toShanghaiDate(from);
    if ('workingDays' in limit.period)
      return shanghaiEndOfDay(deps.calendar.addWorkingDays(day, limit.period.workingDays));
    // A period whose last day is a rest day ends on the next working day (as the case clocks count it).
    return shanghaiEndOfDay(deps.calendar.nextWorkingDayOnOrAfter(addCalendarDays(day, limit.period.days)));
  }

  /** A case event; a staff action is also an audit row (GET /v1/audit), without its words (those stay encrypted). */
  async function event(
    tx: Db,
    target: { id: number; caseNo: string },
    type: string,
    actor: string,
    data: Record<string, unknown>,
  ) {
    const sealed = sealEventWords(deps.cipher, data);
    await tx.insert(caseEvents).values({ caseId: target.id, type, actor, at: clock.now(), ...sealed });
    if (type !== 'aid_prescreened')
      await tx
        .insert(auditLog)
        .values({ at: clock.now(), actor, action: type, subject: target.caseNo, data: sealed.data });
  }

  async function application(tx: Db, caseId: number, lock = false): Promise<AidApplicationRow | null> {
    const q = tx.select().from(aidApplications).where(eq(aidApplications.caseId, caseId));
    const [row] = lock ? await q.for('update') : await q;
    return row ?? null;
  }

  /** The case if the actor may act on its aid; otherwise 404, worded alike for a missing case and another group's. */
  async function actionable(tx: Db, caseNo: string, actor: AidActor): Promise<CaseRow> {
    const [row] = await tx.select().from(cases).where(eq(cases.caseNo, caseNo)).for('update');
    if (row && (await mayAct(tx, row, actor))) return row;
    throw new NotFoundError(`case ${caseNo} does not exist`);
  }

  async function mayAct(tx: Db, row: CaseRow, actor: AidActor): Promise<boolean> {
    if (actor.role !== 'grid_member') return scopeAllows(await caseScope(tx, actor), row.groupId);
    // A grid member works for their own community: the case's community, or the one their grassroots grid is in.
    if (row.reporterId === actor.personId) return true;
    const [me] = await tx
      .select({ gridId: people.gridId, parentId: grids.parentId })
      .from(people)
      .leftJoin(grids, eq(grids.id, people.gridId))
      .where(eq(people.id, actor.personId));
    if (!me?.gridId || row.communityId === null) return false;
    return me.gridId === row.communityId || me.parentId === row.communityId || me.gridId === row.gridId;
  }

  async function open(
    tx: Db,
    row: Pick<CaseRow, 'id'>,
    input: { prescreen: AidPrescreen | null; materials: AidMaterial[]; at: Date },
  ): Promise<AidApplicationRow> {
    const [created] = await tx
      .insert(aidApplications)
      .values({
        caseId: row.id,
        status: '预审',
        prescreen: input.prescreen,
        materials: input.materials,
        createdAt: input.at,
        stageDueAt: stageDueAt(input.at, AID_TIME_LIMITS.materialsNotice),
      })
      .onConflictDoNothing({ target: aidApplications.caseId })
      .returning();
    return created ?? (await application(tx, row.id))!;
  }

  async function applicantOf(tx: Db, row: CaseRow): Promise<string | null> {
    if (row.reporterId === null || row.anonymous || row.noReplyReason !== null) return null;
    const [p] = await tx
      .select({ wechatId: people.wechatId })
      .from(people)
      .where(eq(people.id, row.reporterId));
    return p?.wechatId ?? null;
  }

  // ---- the pre-screen dialogue ----

  async function saveState(tx: Db, wechatId: string, state: PrescreenState) {
    const expiresAt = new Date(clock.now().getTime() + deps.ttlMinutes * 60_000);
    const values = { kind: KIND, state: { ...state }, expiresAt };
    await tx
      .insert(dialogues)
      .values({ wechatId, ...values })
      .onConflictDoUpdate({ target: dialogues.wechatId, set: values });
  }

  async function finish(tx: Db, wechatId: string, state: PrescreenState): Promise<string | null> {
    const verdict = prescreenVerdict(state.answers);
    if (!verdict) return null;
    await tx.delete(dialogues).where(eq(dialogues.wechatId, wechatId));
    const answers = Object.fromEntries(Object.entries(state.answers).map(([k, v]) => [k, String(v)]));
    const prescreen: AidPrescreen = { answers, verdict: verdict.verdict, reasons: verdict.reasons };
    // Never the reporter's id: events are read by roles that may not know who reported.
    await event(tx, { id: state.caseId, caseNo: state.caseNo }, 'aid_prescreened', 'reporter', {
      verdict: verdict.verdict,
      answers,
    });
    if (verdict.verdict === 'unlikely')
      return aidTexts.unlikely(state.caseNo, verdict.reasons, verdict.elsewhere);
    const materials = materialsFor(state.answers);
    await open(tx, { id: state.caseId }, { prescreen, materials: checklistOf(materials), at: clock.now() });
    return aidTexts.likely(state.caseNo, materials);
  }

  const prescreen = {
    /** Opens the pre-screen for a registered aid request; returns the introduction and the first question. */
    async start(tx: Db, input: { wechatId: string; caseId: number; caseNo: string }): Promise<string> {
      await saveState(tx, input.wechatId, { ...input, step: 0, misses: 0, answers: {} });
      return `${aidTexts.intro(input.caseNo)}\n${aidTexts.question(PRESCREEN_QUESTIONS[0]!, 0)}`;
    },

    /** Takes the sender's next message while a pre-screen is open; null when it is not an answer (handled as new). */
    async answer(tx: Db, wechatId: string, text: string): Promise<string | null> {
      const [open] = await tx
        .select()
        .from(dialogues)
        .where(and(eq(dialogues.wechatId, wechatId), eq(dialogues.kind, KIND)));
      if (!open) return null;
      const state = open.state as unknown as PrescreenState;
      if (open.expiresAt <= clock.now()) {
        await tx.delete(dialogues).where(eq(dialogues.wechatId, wechatId));
        return null;
      }
      const q = PRESCREEN_QUESTIONS[state.step]!;
      const choice = digitOf(text);
      if (choice === null || !q.options.some((o) => o.choice === choice)) {
        if (text.trim().length > LONG_ANSWER) {
          await tx.delete(dialogues).where(eq(dialogues.wechatId, wechatId));
          return null;
        }
        if (state.misses + 1 > MAX_MISSES) {
          await tx.delete(dialogues).where(eq(dialogues.wechatId, wechatId));
          return aidTexts.gaveUp(state.caseNo);
        }
        await saveState(tx, wechatId, { ...state, misses: state.misses + 1 });
        return aidTexts.notAnOption(q, state.step);
      }
      const next: PrescreenState = {
        ...state,
        step: state.step + 1,
        misses: 0,
        answers: { ...state.answers, [q.id]: choice },
      };
      const done = await finish(tx, wechatId, next);
      if (done !== null) return done;
      await saveState(tx, wechatId, next);
      return aidTexts.question(PRESCREEN_QUESTIONS[next.step]!, next.step);
    },
  };

  // ---- the case's aid block ----

  async function view(db: Db, row: Pick<CaseRow, 'id' | 'aidRequestedYuan' | 'aidGrantedYuan'>) {
    const app = await application(db, row.id);
    if (!app) return null;
    const [decided] = app.decision
      ? await db
          .select()
          .from(caseEvents)
          .where(and(eq(caseEvents.caseId, row.id), eq(caseEvents.type, 'aid_decided')))
          .orderBy(desc(caseEvents.id))
          .limit(1)
      : [];
    const words = decided ? openEventWords(deps.cipher, decided) : {};
    return {
      status: app.status,
      prescreen: app.prescreen,
      materials: app.materials,
      amountRequestedYuan: row.aidRequestedYuan === null ? null : Number(row.aidRequestedYuan),
      decision: app.decision,
      amountGrantedYuan: row.aidGrantedYuan === null ? null : Number(row.aidGrantedYuan),
      reason: typeof words.reason === 'string' ? words.reason : null,
      stageDueAt: toIsoShanghaiOrNull(app.stageDueAt),
      createdAt: toIsoShanghai(app.createdAt),
      acceptedAt: toIsoShanghaiOrNull(app.acceptedAt),
      reviewStartedAt: toIsoShanghaiOrNull(app.reviewStartedAt),
      decidedAt: toIsoShanghaiOrNull(app.decidedAt),
      paidAt: toIsoShanghaiOrNull(app.paidAt),
    };
  }

  /** Ticks (or unticks) one material; a material not on the list yet is added (a prosecutor asked for it). */
  async function tick(tx: Db, input: { caseNo: string; word: string; done: boolean; actor: AidActor }) {
    const row = await actionable(tx, input.caseNo, input.actor);
    const app = await application(tx, row.id, true);
    if (!app) throw new ConflictError(aidTexts.noAid(row.caseNo), 'no_aid');
    const rule = materialNamed(input.word) ?? (MATERIALS[input.word] ? MATERIALS[input.word]! : null);
    if (!rule) throw new BadRequestError(aidTexts.unknownMaterial(input.word), undefined, 'unknown_material');
    const now = clock.now();
    const line: AidMaterial = input.done
      ? { key: rule.key, label: rule.label, done: true, doneAt: toIsoShanghai(now), by: input.actor.actor }
      : { key: rule.key, label: rule.label, done: false, doneAt: null, by: null };
    const materials = app.materials.some((m) => m.key === rule.key)
      ? app.materials.map((m) => (m.key === rule.key ? line : m))
      : [...app.materials, line];
    await tx.update(aidApplications).set({ materials }).where(eq(aidApplications.id, app.id));
    await event(tx, row, 'aid_material', input.actor.actor, { material: rule.key, done: input.done });
    return { row, materials, label: rule.label, status: app.status };
  }

  /** 受理, 审查 or 发放: one step along the stages; 受理 opens an application where the pre-screen did not. */
  async function move(
    tx: Db,
    input: {
      caseNo: string;
      to: '受理' | '审查' | '发放';
      amountRequestedYuan?: number | undefined;
      actor: CaseActor;
    },
  ) {
    const row = await actionable(tx, input.caseNo, input.actor);
    const amount = input.amountRequestedYuan === undefined ? undefined : yuanOf(input.amountRequestedYuan);
    if (amount !== undefined && input.to !== '受理')
      throw new BadRequestError('amountRequestedYuan goes with 受理', undefined, 'bad_request');
    let app = await application(tx, row.id, true);
    const now = clock.now();
    if (!app && input.to === '受理')
      app = await open(tx, row, {
        prescreen: null,
        materials: checklistOf(DEFAULT_MATERIALS.map((k) => MATERIALS[k]!)),
        at: now,
      });
    const from: AidStatus | null = app?.status ?? null;
    if (
      !app ||
      from === null ||
      NEXT_STAGE[from] !== input.to ||
      (input.to === '发放' && app.decision !== 'granted')
    )
      throw new ConflictError(
        aidTexts.illegal(row.caseNo, from, `转入“${input.to}”`),
        'illegal_aid_transition',
      );
    const set: Partial<typeof aidApplications.$inferInsert> = {
      status: input.to,
      remindedAt: null,
      escalatedAt: null,
    };
    if (input.to === '受理') {
      set.acceptedAt = now;
      set.stageDueAt = stageDueAt(now, AID_TIME_LIMITS.decision);
    }
    // The review runs on the limit counted from 受理: one period for review and decision.
    if (input.to === '审查') set.reviewStartedAt = now;
    if (input.to === '发放') {
      set.paidAt = now;
      set.stageDueAt = null;
    }
    const [updated] = await tx
      .update(aidApplications)
      .set(set)
      .where(eq(aidApplications.id, app.id))
      .returning();
    if (amount !== undefined)
      await tx.update(cases).set({ aidRequestedYuan: amount, updatedAt: now }).where(eq(cases.id, row.id));
    await event(tx, row, 'aid_stage', input.actor.actor, {
      from,
      to: input.to,
      ...(amount !== undefined ? { amountRequestedYuan: Number(amount) } : {}),
    });
    if (input.to === '发放') {
      const to = await applicantOf(tx, row);
      if (to)
        await deps.outbox.enqueue(tx, {
          dedupeKey: `aid:${row.caseNo}:paid`,
          to: { kind: 'contact', id: to },
          text: aidTexts.applicantPaid(row.caseNo, row.aidGrantedYuan),
          purpose: 'reporter_reply',
          caseId: row.id,
          availableAt: now,
        });
    }
    // The case as it is now (its requested amount may just have been set), for the view the caller returns.
    const [current] = await tx.select().from(cases).where(eq(cases.id, row.id));
    return { row: current!, app: updated! };
  }

  /** POST /v1/cases/:caseNo/aid: granted with its amount, or refused with its reason; only from 审查. */
  async function decide(
    tx: Db,
    input: {
      caseNo: string;
      decision: AidDecision;
      amountYuan?: number | undefined;
      reason?: string | undefined;
      actor: CaseActor;
    },
  ) {
    const reason = input.reason?.trim() || undefined;
    const amount = input.decision === 'granted' ? yuanOf(input.amountYuan) : null;
    if (input.decision === 'granted' && input.amountYuan === undefined)
      throw new BadRequestError('a grant needs amountYuan', undefined, 'invalid_amount');
    if (input.decision === 'refused' && !reason)
      throw new BadRequestError('a refusal needs its reason', undefined, 'reason_required');
    if (input.decision === 'refused' && input.amountYuan !== undefined)
      throw new BadRequestError('a refusal has no amountYuan', undefined, 'bad_request');
    const row = await actionable(tx, input.caseNo, input.actor);
    const app = await application(tx, row.id, true);
    if (app?.status !== '审查')
      throw new ConflictError(
        aidTexts.illegal(row.caseNo, app?.status ?? null, '作出决定'),
        'illegal_aid_transition',
      );
    const now = clock.now();
    await tx
      .update(aidApplications)
      .set({
        status: '决定',
        decision: input.decision,
        decidedAt: now,
        stageDueAt: input.decision === 'granted' ? stageDueAt(now, AID_TIME_LIMITS.payment) : null,
        remindedAt: null,
        escalatedAt: null,
      })
      .where(eq(aidApplications.id, app.id));
    await tx.update(cases).set({ aidGrantedYuan: amount, updatedAt: now }).where(eq(cases.id, row.id));
    await event(tx, row, 'aid_decided', input.actor.actor, {
      from: app.status,
      to: '决定',
      decision: input.decision,
      ...(amount !== null ? { amountYuan: Number(amount) } : {}),
      ...(reason ? { reason } : {}),
    });
    const to = await applicantOf(tx, row);
    if (to)
      await deps.outbox.enqueue(tx, {
        dedupeKey: `aid:${row.caseNo}:decided`,
        to: { kind: 'contact', id: to },
        text: aidTexts.applicantDecision(row.caseNo, input.decision === 'granted', amount, reason ?? null),
        purpose: 'reporter_reply',
        caseId: row.id,
        availableAt: now,
      });
    const [updated] = await tx.select().from(cases).where(eq(cases.id, row.id));
    return { row: updated!, amount };
  }

  /** GET /v1/stats's aid: applications on cases received in the period, how far they got, the grants and their sum. */
  async function figures(db: Db, period: { from: Date; to: Date }, scope: CaseScope) {
    const { applications, ...rest } = await aidFigures(db, period, scope);
    return { cases: applications, ...rest };
  }

  /**
   * Reminds the group's liaison AID_REMIND_DAYS_BEFORE a stage's limit and tells its leader once it has passed,
   * each once per stage: the mark is set in the statement that picks the row, and the outbox dedupes by key.
   */
  async function remind(tx: Db, now: Date) {
    const soon = new Date(now.getTime() + AID_REMIND_DAYS_BEFORE * 86_400_000);
    const due = await tx
      .update(aidApplications)
      .set({ remindedAt: now })
      .where(
        and(
          isNotNull(aidApplications.stageDueAt),
          isNull(aidApplications.remindedAt),
          lte(aidApplications.stageDueAt, soon),
          gte(aidApplications.stageDueAt, now),
        ),
      )
      .returning();
    const overdue = await tx
      .update(aidApplications)
      .set({ escalatedAt: now })
      .where(and(isNull(aidApplications.escalatedAt), lt(aidApplications.stageDueAt, now)))
      .returning();
    let queued = 0;
    for (const [rows, kind] of [
      [due, 'reminder'],
      [overdue, 'escalation'],
    ] as const) {
      for (const app of rows) {
        const [row] = await tx.select().from(cases).where(eq(cases.id, app.caseId));
        if (!row?.groupId || !app.stageDueAt) continue;
        const contacts = await groupContacts(tx, row.groupId);
        const to =
          kind === 'reminder' ? reachable(contacts, 'liaison', 'leader') : reachable(contacts, 'leader');
        if (!to) continue;
        const text =
          kind === 'reminder'
            ? aidTexts.reminder(row.caseNo, app.status, app.stageDueAt)
            : aidTexts.escalation(row.caseNo, app.status, app.stageDueAt);
        if (
          await deps.outbox.enqueue(tx, {
            dedupeKey: `aid:${row.caseNo}:${app.status}:${kind}`,
            to: { kind: 'contact', id: to.wechatId },
            text,
            purpose: `aid_${kind}`,
            caseId: row.id,
          })
        )
          queued += 1;
      }
    }
    return { reminded: due.length, escalated: overdue.length, queued };
  }

  return { prescreen, view, tick, move, decide, figures, remind, application, actionable };
}

export type AidService = ReturnType<typeof createAidService>;
