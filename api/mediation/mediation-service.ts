// Mediation (检调对接, issue 14 item 5): referral to the community's grid member, the outcome, the prosecutor's
// sign-off that closes an agreed small matter at grid level (小事不出网格). All in the caller's transaction.
import { and, desc, eq, inArray, isNotNull, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/create-db.js';
import {
  auditLog,
  caseEvents,
  cases,
  grids,
  groupMembers,
  mediations,
  people,
} from '../../db/schema/index.js';
import { type CaseActor, type CaseScope, caseScope, scopeAllows } from '../auth/case-scope.js';
import type { CaseActionsService } from '../cases/case-actions-service.js';
import { caseLabel } from '../cases/case-labels.js';
import type { CaseRow, CaseService } from '../cases/case-service.js';
import { sealEventWords } from '../cases/event-words.js';
import type { Clock } from '../clock.js';
import { commandTexts } from '../commands/command-texts.js';
import { type ClockTime, shanghaiAt, toShanghaiDate } from '../deadlines/shanghai-time.js';
import type { WorkingCalendar } from '../deadlines/working-calendar.js';
import { ConflictError, NotFoundError } from '../http/domain-errors.js';
import type { OutboxService } from '../outbox/outbox-service.js';
import { plainGridName, routeGrid } from '../routing/grid-lookup.js';
import type { FieldCipher } from '../security/field-cipher.js';
import { scopeCondition } from '../stats/stats-service.js';
import { mediationTexts } from './mediation-texts.js';
import { type MediationOutcome, mediationView } from './mediation-view.js';

export { MEDIATION_OUTCOMES, type MediationOutcome } from './mediation-view.js';
export const MEDIATION_NOTE_MAX_CHARS = 500;
/** An agreed amount above this is a typing slip, not a neighbours' dispute settled in the community. */
export const MEDIATION_AMOUNT_MAX_YUAN = 100_000_000;
/** A case can go to mediation only once accepted (the assignee refers it) and while still in hand. */
const REFERABLE: readonly CaseRow['status'][] = ['accepted', 'in_progress'];
const SUMMARY_WORDS = 40;

/** Who reports an outcome: the office or a prosecutor (scope), or a grid member of the mediation's community. */
export type OutcomeReporter =
  | { kind: 'staff'; actor: CaseActor }
  | { kind: 'grid_member'; personId: number; gridId: number | null; actor: string };

export interface MediationDeps {
  clock: Clock;
  outbox: OutboxService;
  cipher: FieldCipher;
  cases: Pick<CaseService, 'summaryOf'>;
  caseActions: Pick<CaseActionsService, 'transition' | 'replyRecipients' | 'resolveAndClose'>;
  /** When a push made at `now` may go out: the end of quiet hours at night (ReminderPlanner.nextPushWindowStart). */
  pushAt: (now: Date) => Date;
  calendar: Pick<WorkingCalendar, 'addWorkingDays'>;
  /**
   * The grid member who has not reported an outcome is reminded once, at `time` on the working day after the
   * `afterWorkingDays`-th working day since the referral (config MEDIATION_REMIND_WORKING_DAYS; the office's
   * default, not a legal limit).
   */
  outcomeReminder: { afterWorkingDays: number; time: ClockTime };
}

type MediationRow = typeof mediations.$inferSelect;

export function createMediationService(deps: MediationDeps) {
  const { clock, outbox } = deps;

  /** When the grid member is reminded of a referral made at `referredAt` that has no outcome yet. */
  function outcomeReminderAt(referredAt: Date): Date {
    const { afterWorkingDays, time } = deps.outcomeReminder;
    return shanghaiAt(deps.calendar.addWorkingDays(toShanghaiDate(referredAt), afterWorkingDays + 1), time);
  }

  async function lockCase(tx: Db, caseNo: string): Promise<CaseRow | null> {
    const [row] = await tx.select().from(cases).where(eq(cases.caseNo, caseNo)).for('update');
    return row ?? null;
  }

  /** The case for a staff actor; another group's case is reported exactly like a missing one. */
  async function staffCase(tx: Db, caseNo: string, actor: CaseActor): Promise<CaseRow> {
    const row = await lockCase(tx, caseNo);
    if (!row || !scopeAllows(await caseScope(tx, actor), row.groupId))
      throw new NotFoundError(`case ${caseNo} does not exist`);
    return row;
  }

  async function openMediation(tx: Db, caseId: number): Promise<MediationRow | null> {
    const [m] = await tx
      .select()
      .from(mediations)
      .where(and(eq(mediations.caseId, caseId), inArray(mediations.state, ['referred', 'agreed'])))
      .for('update');
    return m ?? null;
  }

  async function latestMediation(tx: Db, caseId: number): Promise<MediationRow | null> {
    const [m] = await tx
      .select()
      .from(mediations)
      .where(eq(mediations.caseId, caseId))
      .orderBy(desc(mediations.referredAt), desc(mediations.id))
      .limit(1);
    return m ?? null;
  }

  async function communityName(tx: Db, communityId: number): Promise<string> {
    const [g] = await tx.select({ name: grids.name }).from(grids).where(eq(grids.id, communityId));
    return plainGridName(g?.name ?? '社区');
  }

  /** The grid member told of a referral: one on the case's own grid first, then one of its community. */
  async function findMediator(tx: Db, row: CaseRow, communityId: number) {
    const grid = alias(grids, 'member_grid');
    const [found] = await tx
      .select({ id: people.id, name: people.name, wechatId: people.wechatId })
      .from(people)
      .innerJoin(grid, eq(grid.id, people.gridId))
      .where(
        and(
          eq(people.role, 'grid_member'),
          isNotNull(people.wechatId),
          sql`(${grid.id} = ${communityId} or ${grid.parentId} = ${communityId})`,
        ),
      )
      .orderBy(sql`${grid.id} = ${row.gridId ?? -1} desc`, sql`${grid.id} = ${communityId} desc`, people.id)
      .limit(1);
    return found ?? null;
  }

  /** Whom the outcome goes back to: the referrer, else the assignee, else the group's liaison or leader. */
  async function prosecutorToAsk(tx: Db, row: CaseRow, m: MediationRow, exceptPersonId: number | null) {
    const candidates: number[] = [];
    if (m.referredById !== null) candidates.push(m.referredById);
    if (row.assigneeId !== null) candidates.push(row.assigneeId);
    if (row.groupId !== null) {
      const contacts = await tx
        .select({ personId: groupMembers.personId, role: groupMembers.role })
        .from(groupMembers)
        .where(eq(groupMembers.groupId, row.groupId));
      for (const role of ['liaison', 'leader'] as const)
        for (const c of contacts) if (c.role === role) candidates.push(c.personId);
    }
    for (const id of candidates) {
      if (id === exceptPersonId) continue;
      const [p] = await tx
        .select({ id: people.id, name: people.name, wechatId: people.wechatId })
        .from(people)
        .where(eq(people.id, id));
      if (p?.wechatId) return p as { id: number; name: string; wechatId: string };
    }
    return null;
  }

  async function tellReporters(tx: Db, row: CaseRow, key: string, text: string): Promise<number> {
    const recipients = await deps.caseActions.replyRecipients(tx, row);
    for (const r of recipients)
      await outbox.enqueue(tx, {
        dedupeKey: `mediation:${key}:reporter:${r.personId}`,
        to: { kind: 'contact', id: r.wechatId },
        text,
        purpose: 'reporter_reply',
        caseId: row.id,
        availableAt: deps.pushAt(clock.now()),
      });
    return recipients.length;
  }

  async function event(tx: Db, caseId: number, type: string, actor: string, data: Record<string, unknown>) {
    const [e] = await tx
      .insert(caseEvents)
      .values({ caseId, type, actor, at: clock.now(), ...sealEventWords(deps.cipher, data) })
      .returning({ id: caseEvents.id });
    return e!.id;
  }

  async function audit(tx: Db, actor: string, action: string, caseNo: string, data: Record<string, unknown>) {
    await tx.insert(auditLog).values({ at: clock.now(), actor, action, subject: caseNo, data });
  }

  /** Refers an accepted case to its community (moving it to in_progress through the state machine). */
  async function referRow(
    tx: Db,
    row: CaseRow,
    actor: CaseActor,
    note: string | undefined,
    notify: boolean,
  ): Promise<{ row: CaseRow; mediation: MediationRow; community: string; mediator: string | null }> {
    if (!REFERABLE.includes(row.status))
      throw new ConflictError(commandTexts.illegal(row.caseNo, row.status, '调解'), 'illegal_transition');
    if (row.communityId === null)
      throw new ConflictError(mediationTexts.noCommunity(row.caseNo), 'no_community');
    const open = await openMediation(tx, row.id);
    if (open)
      throw new ConflictError(
        mediationTexts.alreadyOpen(row.caseNo, open.state as 'referred' | 'agreed'),
        'mediation_open',
      );
    let current = row;
    if (row.status === 'accepted')
      current = (await deps.caseActions.transition(tx, row, 'start', actor.actor)).row;
    const mediator = await findMediator(tx, row, row.communityId);
    const now = clock.now();
    const [mediation] = await tx
      .insert(mediations)
      .values({
        caseId: row.id,
        communityId: row.communityId,
        mediatorId: mediator?.id ?? null,
        referredBy: actor.actor,
        referredById: actor.personId,
        referredAt: now,
      })
      .returning();
    const community = await communityName(tx, row.communityId);
    await event(tx, row.id, 'mediation_referred', actor.actor, {
      mediationId: mediation!.id,
      community,
      mediatorId: mediator?.id ?? null,
      ...(note ? { text: note } : {}),
    });
    await audit(tx, actor.actor, 'mediation_refer', row.caseNo, { mediationId: mediation!.id });
    if (notify) {
      if (mediator?.wechatId) {
        const [referrer] =
          actor.personId !== null
            ? await tx.select({ name: people.name }).from(people).where(eq(people.id, actor.personId))
            : [];
        await outbox.enqueue(tx, {
          dedupeKey: `mediation:${mediation!.id}:referred`,
          to: { kind: 'contact', id: mediator.wechatId },
          text: mediationTexts.toMediator(
            row.caseNo,
            community,
            caseLabel(row.kind, row.category),
            [...deps.cases.summaryOf(row)].slice(0, SUMMARY_WORDS).join(''),
            referrer ? plainGridName(referrer.name) : '（办公室）',
            note,
          ),
          purpose: 'mediation',
          caseId: row.id,
          availableAt: deps.pushAt(now),
        });
      }
      await tellReporters(
        tx,
        current,
        `${mediation!.id}:referred`,
        mediationTexts.toReporterReferred(row.caseNo, community),
      );
    }
    return {
      row: current,
      mediation: mediation!,
      community,
      mediator: mediator?.wechatId ? plainGridName(mediator.name) : null,
    };
  }

  return {
    /** `调解 GL-…` or POST …/mediation/referral: the grid member and the resident are told. */
    async refer(tx: Db, input: { caseNo: string; actor: CaseActor; note?: string | undefined }) {
      const row = await staffCase(tx, input.caseNo, input.actor);
      return referRow(tx, row, input.actor, input.note, true);
    },

    /**
     * The outcome, from the grid member (WeChat) or the office/prosecutor (API). Agreed: the prosecutor is
     * asked to sign off. Failed: the case goes back to the prosecutor. Staff recording on a case not yet
     * referred refer it in the same step (the office entering a mediation the community already held).
     */
    async recordOutcome(
      tx: Db,
      input: {
        caseNo: string;
        by: OutcomeReporter;
        outcome: MediationOutcome;
        amountYuan?: number | undefined;
        note?: string | undefined;
      },
    ): Promise<{ row: CaseRow; asked: boolean }> {
      const { by } = input;
      let row: CaseRow;
      let open: MediationRow | null;
      if (by.kind === 'staff') {
        row = await staffCase(tx, input.caseNo, by.actor);
        open = await openMediation(tx, row.id);
      } else {
        // A grid member acts only on a case referred to their own community; anything else is unknown to them.
        const found = await lockCase(tx, input.caseNo);
        const latest = found ? await latestMediation(tx, found.id) : null;
        const community = by.gridId !== null ? (await routeGrid(tx, by.gridId))?.communityId : null;
        if (!found || !latest || community == null || latest.communityId !== community)
          throw new NotFoundError(`case ${input.caseNo} does not exist`);
        row = found;
        open = await openMediation(tx, row.id);
        if (!open) throw new ConflictError(mediationTexts.nothingToReport(row.caseNo), 'not_referred');
      }
      if (open?.state === 'agreed')
        throw new ConflictError(mediationTexts.alreadyOpen(row.caseNo, 'agreed'), 'mediation_open');
      if (!REFERABLE.includes(row.status))
        throw new ConflictError(
          commandTexts.illegal(row.caseNo, row.status, '报告调解结果'),
          'illegal_transition',
        );
      if (!open && by.kind === 'staff') {
        const referred = await referRow(tx, row, by.actor, undefined, false);
        row = referred.row;
        open = referred.mediation;
      }
      const mediation = open!;
      const actor = by.kind === 'staff' ? by.actor.actor : by.actor;
      const amount = input.outcome === 'agreed' ? (input.amountYuan ?? null) : null;
      const now = clock.now();
      const eventId = await event(tx, row.id, `mediation_${input.outcome}`, actor, {
        mediationId: mediation.id,
        outcome: input.outcome,
        amountYuan: amount,
        ...(input.note ? { text: input.note } : {}),
      });
      await tx
        .update(mediations)
        .set({
          state: input.outcome,
          amountYuan: amount === null ? null : amount.toFixed(2),
          outcomeEventId: eventId,
          reportedBy: actor,
          reportedAt: now,
        })
        .where(eq(mediations.id, mediation.id));
      await audit(tx, actor, 'mediation_outcome', row.caseNo, {
        mediationId: mediation.id,
        outcome: input.outcome,
        amountYuan: amount,
      });
      const self = by.kind === 'staff' ? by.actor.personId : by.personId;
      const prosecutor = await prosecutorToAsk(tx, row, mediation, self);
      const community = await communityName(tx, mediation.communityId);
      if (prosecutor)
        await outbox.enqueue(tx, {
          dedupeKey: `mediation:${mediation.id}:${input.outcome}`,
          to: { kind: 'contact', id: prosecutor.wechatId },
          text:
            input.outcome === 'agreed'
              ? mediationTexts.askSignOff(row.caseNo, community, amount, input.note ?? null)
              : mediationTexts.failedToProsecutor(row.caseNo, community, input.note ?? ''),
          purpose: 'mediation',
          caseId: row.id,
          availableAt: deps.pushAt(now),
        });
      if (input.outcome === 'failed')
        await tellReporters(tx, row, `${mediation.id}:failed`, mediationTexts.toReporterFailed(row.caseNo));
      return { row, asked: prosecutor !== null };
    },

    /** `确认调解 GL-…` or POST …/mediation/sign-off: resolves and closes the case; the resident is told and asked for a rating. */
    async signOff(
      tx: Db,
      input: { caseNo: string; actor: CaseActor; note?: string | undefined },
    ): Promise<{ row: CaseRow; notified: number }> {
      const row = await staffCase(tx, input.caseNo, input.actor);
      const open = await openMediation(tx, row.id);
      if (open?.state !== 'agreed')
        throw new ConflictError(mediationTexts.nothingToSignOff(row.caseNo), 'no_agreed_mediation');
      const amount = open.amountYuan === null ? null : Number(open.amountYuan);
      const closed = await deps.caseActions.resolveAndClose(tx, {
        caseNo: row.caseNo,
        text: mediationTexts.closedResult(amount, input.note),
        actor: input.actor,
      });
      const now = clock.now();
      await tx
        .update(mediations)
        .set({ state: 'signed_off', signedOffBy: input.actor.actor, signedOffAt: now })
        .where(eq(mediations.id, open.id));
      await event(tx, row.id, 'mediation_signed_off', input.actor.actor, {
        mediationId: open.id,
        ...(input.note ? { text: input.note } : {}),
      });
      await audit(tx, input.actor.actor, 'mediation_sign_off', row.caseNo, { mediationId: open.id });
      const notified = (await deps.caseActions.replyRecipients(tx, closed)).length;
      return { row: closed, notified };
    },

    outcomeReminderAt,

    /**
     * On the sweep's schedule: each referral still without an outcome whose reminder time has come reminds its grid
     * member once in WeChat; the case event `mediation_reminded` is both the timeline's entry and the mark that
     * it was done (the outbox's dedupe key guards a second run racing the first).
     */
    async remind(tx: Db, now: Date): Promise<{ reminded: number }> {
      const reminded = sql`exists (select 1 from ${caseEvents} where ${caseEvents.caseId} = ${mediations.caseId}
        and ${caseEvents.type} = 'mediation_reminded'
        and (${caseEvents.data} ->> 'mediationId')::int = ${mediations.id})`;
      const open = await tx
        .select({
          mediation: mediations,
          caseNo: cases.caseNo,
          mediatorWechatId: people.wechatId,
        })
        .from(mediations)
        .innerJoin(cases, eq(cases.id, mediations.caseId))
        .innerJoin(people, eq(people.id, mediations.mediatorId))
        .where(
          and(
            eq(mediations.state, 'referred'),
            isNotNull(people.wechatId),
            inArray(cases.status, REFERABLE),
            sql`not ${reminded}`,
          ),
        )
        .orderBy(mediations.referredAt, mediations.id)
        .for('update', { of: mediations, skipLocked: true });
      let count = 0;
      for (const { mediation, caseNo, mediatorWechatId } of open) {
        const dueAt = outcomeReminderAt(mediation.referredAt);
        if (dueAt > now) continue;
        const community = await communityName(tx, mediation.communityId);
        const fresh = await outbox.enqueue(tx, {
          dedupeKey: `mediation:${mediation.id}:outcome-reminder`,
          to: { kind: 'contact', id: mediatorWechatId! },
          text: mediationTexts.outcomeReminder(caseNo, community, mediation.referredAt),
          purpose: 'mediation_reminder',
          caseId: mediation.caseId,
          availableAt: deps.pushAt(now),
        });
        if (!fresh) continue;
        await event(tx, mediation.caseId, 'mediation_reminded', 'system', {
          mediationId: mediation.id,
          mediatorId: mediation.mediatorId,
          referredAt: mediation.referredAt.toISOString(),
        });
        count += 1;
      }
      return { reminded: count };
    },

    /** The case view's block (mediation-view.ts). */
    view: (db: Db, caseId: number) => mediationView(db, deps.cipher, caseId),

    /** GET /v1/stats's mediation figures over cases received in the period, in the principal's groups. */
    async figures(
      db: Db,
      period: { from: Date; to: Date },
      scope: CaseScope,
    ): Promise<{ cases: number; agreedCount: number; agreedYuan: number }> {
      const conditions: SQL[] = [
        sql`${cases.receivedAt} >= ${period.from.toISOString()}::timestamptz`,
        sql`${cases.receivedAt} < ${period.to.toISOString()}::timestamptz`,
      ];
      const scoped = scopeCondition(scope);
      if (scoped) conditions.push(scoped);
      const agreed = sql`${mediations.state} in ('agreed', 'signed_off')`;
      const [r] = await db
        .select({
          cases: sql<number>`count(distinct ${mediations.caseId})::int`.mapWith(Number),
          agreedCount:
            sql<number>`(count(distinct ${mediations.caseId}) filter (where ${agreed}))::int`.mapWith(Number),
          agreedYuan: sql<string>`coalesce(sum(${mediations.amountYuan}) filter (where ${agreed}), 0)::text`,
        })
        .from(mediations)
        .innerJoin(cases, eq(cases.id, mediations.caseId))
        .where(and(...conditions));
      return {
        cases: r?.cases ?? 0,
        agreedCount: r?.agreedCount ?? 0,
        agreedYuan: Number(r?.agreedYuan ?? 0),
      };
    },
  };
}

export type MediationService = ReturnType<typeof createMediationService>;
