// The 检察建议 register: serve a suggestion with its due date, record the reply, follow-up and rating, and remind.
import { and, count, desc, eq, gte, inArray, isNotNull, isNull, lt, lte, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/create-db.js';
import {
  cases,
  groups,
  type SuggestionOutcome,
  type SuggestionRating,
  type SuggestionType,
  suggestionCases,
  suggestions,
} from '../../db/schema/index.js';
import type { CaseScope } from '../auth/case-scope.js';
import type { Clock } from '../clock.js';
import { BadRequestError, ConflictError, NotFoundError } from '../http/domain-errors.js';
import { shanghaiYear, toIsoShanghai, toIsoShanghaiOrNull } from '../http/time-format.js';
import type { OutboxService } from '../outbox/outbox-service.js';
import { recordAudit } from '../registry/registry-audit.js';
import { groupContacts, reachable } from '../routing/grid-lookup.js';
import { REMIND_DAYS_BEFORE, replyDueAt, replyRuleFor } from './suggestion-rules.js';
import { suggestionTexts } from './suggestion-texts.js';

type SuggestionRow = typeof suggestions.$inferSelect;

export interface NewSuggestion {
  recipient: string;
  type: SuggestionType;
  servedAt: Date;
  caseNos: string[];
  urgent?: boolean;
  groupCode?: string;
}

export interface SuggestionFilter {
  status?: 'awaiting' | 'overdue' | 'replied';
  type?: SuggestionType;
  from?: Date;
  to?: Date;
  limit: number;
  offset: number;
}

export function createSuggestionsService(deps: { clock: Clock; outbox: OutboxService }) {
  const { clock, outbox } = deps;

  async function view(tx: Db, row: SuggestionRow) {
    const sources = await tx
      .select({ caseNo: cases.caseNo })
      .from(suggestionCases)
      .innerJoin(cases, eq(cases.id, suggestionCases.caseId))
      .where(eq(suggestionCases.suggestionId, row.id))
      .orderBy(cases.caseNo);
    const [group] = row.groupId
      ? await tx.select({ code: groups.code }).from(groups).where(eq(groups.id, row.groupId))
      : [];
    const rule = replyRuleFor(row.type, row.urgent);
    return {
      suggestionNo: row.suggestionNo,
      recipient: row.recipient,
      type: row.type,
      urgent: row.urgent,
      groupCode: group?.code ?? null,
      caseNos: sources.map((s) => s.caseNo),
      servedAt: toIsoShanghai(row.servedAt),
      replyDueAt: toIsoShanghai(row.replyDueAt),
      replyRule: { id: rule.id, source: rule.source },
      status: statusOf(row, clock.now()),
      outcome: row.outcome,
      replyText: row.replyText,
      repliedAt: toIsoShanghaiOrNull(row.repliedAt),
      followUpNote: row.followUpNote,
      followUpAt: toIsoShanghaiOrNull(row.followUpAt),
      rating: row.rating,
    };
  }

  async function byNo(tx: Db, suggestionNo: string, scope: CaseScope): Promise<SuggestionRow> {
    const [row] = await tx.select().from(suggestions).where(eq(suggestions.suggestionNo, suggestionNo));
    // Another group's suggestion is answered like a missing one.
    if (!row || (scope !== 'all' && (row.groupId === null || !scope.includes(row.groupId))))
      throw new NotFoundError(`suggestion ${suggestionNo} does not exist`);
    return row;
  }

  /** JY-<year>-<4 digits>, numbered per year of service under a transaction-scoped lock. */
  async function nextNumber(tx: Db, servedAt: Date): Promise<string> {
    const year = shanghaiYear(servedAt);
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('suggestion_no'), ${year})`);
    const [row] = await tx
      .select({ n: count() })
      .from(suggestions)
      .where(sql`${suggestions.suggestionNo} like ${`JY-${year}-%`}`);
    return `JY-${year}-${String((row?.n ?? 0) + 1).padStart(4, '0')}`;
  }

  return {
    view,

    async create(tx: Db, input: NewSuggestion, actor: string, scope: CaseScope) {
      const caseNos = [...new Set(input.caseNos)];
      const sources = caseNos.length
        ? await tx
            .select({ id: cases.id, caseNo: cases.caseNo, groupId: cases.groupId })
            .from(cases)
            .where(inArray(cases.caseNo, caseNos))
        : [];
      const visible = sources.filter(
        (s) => scope === 'all' || (s.groupId !== null && scope.includes(s.groupId)),
      );
      const missing = caseNos.filter((no) => !visible.some((s) => s.caseNo === no));
      if (missing.length) throw new BadRequestError(`unknown case numbers: ${missing.join(', ')}`);
      let groupId = visible[0]?.groupId ?? null;
      if (input.groupCode) {
        const [g] = await tx.select({ id: groups.id }).from(groups).where(eq(groups.code, input.groupCode));
        if (!g) throw new BadRequestError(`unknown group ${input.groupCode}`);
        groupId = g.id;
      }
      if (scope !== 'all' && (groupId === null || !scope.includes(groupId)))
        throw new BadRequestError('a suggestion must come from a case or group of your own');
      const rule = replyRuleFor(input.type, input.urgent === true);
      const [row] = await tx
        .insert(suggestions)
        .values({
          suggestionNo: await nextNumber(tx, input.servedAt),
          recipient: input.recipient,
          type: input.type,
          urgent: input.urgent === true,
          groupId,
          servedAt: input.servedAt,
          replyDueAt: replyDueAt(input.servedAt, rule),
          dueRule: rule.id,
          createdBy: actor,
          createdAt: clock.now(),
        })
        .returning();
      if (visible.length)
        await tx
          .insert(suggestionCases)
          .values(visible.map((s) => ({ suggestionId: row!.id, caseId: s.id })));
      await recordAudit(tx, {
        at: clock.now(),
        actor,
        action: 'suggestion_served',
        subject: row!.suggestionNo,
        data: { recipient: input.recipient, type: input.type, caseNos },
      });
      return view(tx, row!);
    },

    async list(tx: Db, filter: SuggestionFilter, scope: CaseScope) {
      const now = clock.now();
      const where: SQL[] = [];
      if (scope !== 'all') where.push(scope.length ? inArray(suggestions.groupId, scope) : sql`false`);
      if (filter.type) where.push(eq(suggestions.type, filter.type));
      if (filter.from) where.push(gte(suggestions.servedAt, filter.from));
      if (filter.to) where.push(lt(suggestions.servedAt, filter.to));
      if (filter.status === 'replied') where.push(isNotNull(suggestions.repliedAt));
      if (filter.status === 'awaiting')
        where.push(isNull(suggestions.repliedAt), gte(suggestions.replyDueAt, now));
      if (filter.status === 'overdue')
        where.push(isNull(suggestions.repliedAt), lt(suggestions.replyDueAt, now));
      const cond = where.length ? and(...where) : undefined;
      const rows = await tx
        .select()
        .from(suggestions)
        .where(cond)
        .orderBy(desc(suggestions.servedAt), desc(suggestions.id))
        .limit(filter.limit)
        .offset(filter.offset);
      const [total] = await tx.select({ n: count() }).from(suggestions).where(cond);
      const items = [];
      for (const row of rows) items.push(await view(tx, row));
      return { items, total: total?.n ?? 0 };
    },

    async get(tx: Db, suggestionNo: string, scope: CaseScope) {
      return view(tx, await byNo(tx, suggestionNo, scope));
    },

    async reply(
      tx: Db,
      suggestionNo: string,
      input: { outcome: SuggestionOutcome; text: string; repliedAt?: Date },
      actor: string,
      scope: CaseScope,
    ) {
      const row = await byNo(tx, suggestionNo, scope);
      if (row.repliedAt) throw new ConflictError(`suggestion ${suggestionNo} already has its reply`);
      const repliedAt = input.repliedAt ?? clock.now();
      if (repliedAt < row.servedAt)
        throw new BadRequestError('the reply cannot come before the suggestion was served');
      const [updated] = await tx
        .update(suggestions)
        .set({ outcome: input.outcome, replyText: input.text, repliedAt })
        .where(and(eq(suggestions.id, row.id), isNull(suggestions.repliedAt)))
        .returning();
      if (!updated) throw new ConflictError(`suggestion ${suggestionNo} already has its reply`);
      await recordAudit(tx, {
        at: clock.now(),
        actor,
        action: 'suggestion_reply',
        subject: suggestionNo,
        data: { outcome: input.outcome },
      });
      return view(tx, updated);
    },

    async followUp(
      tx: Db,
      suggestionNo: string,
      input: { note: string; rating?: SuggestionRating },
      actor: string,
      scope: CaseScope,
    ) {
      const row = await byNo(tx, suggestionNo, scope);
      if (!row.repliedAt) throw new ConflictError(`suggestion ${suggestionNo} has no reply to follow up yet`);
      const [updated] = await tx
        .update(suggestions)
        .set({
          followUpNote: input.note,
          followUpAt: clock.now(),
          ...(input.rating ? { rating: input.rating } : {}),
        })
        .where(eq(suggestions.id, row.id))
        .returning();
      await recordAudit(tx, {
        at: clock.now(),
        actor,
        action: 'suggestion_follow_up',
        subject: suggestionNo,
        data: { rating: input.rating ?? null },
      });
      return view(tx, updated!);
    },

    /** Reply rate and adoption rate over suggestions served in [from, to). */
    async figures(tx: Db, range: { from: Date; to: Date }, scope: CaseScope) {
      const where: SQL[] = [gte(suggestions.servedAt, range.from), lt(suggestions.servedAt, range.to)];
      if (scope !== 'all') where.push(scope.length ? inArray(suggestions.groupId, scope) : sql`false`);
      const [row] = await tx
        .select({
          served: count(),
          replied: sql<number>`count(${suggestions.repliedAt})`.mapWith(Number),
          repliedOnTime:
            sql<number>`count(*) filter (where ${suggestions.repliedAt} <= ${suggestions.replyDueAt})`.mapWith(
              Number,
            ),
          adopted: sql<number>`count(*) filter (where ${suggestions.outcome} = 'adopted')`.mapWith(Number),
          partly: sql<number>`count(*) filter (where ${suggestions.outcome} = 'partly')`.mapWith(Number),
          excellent: sql<number>`count(*) filter (where ${suggestions.rating} = 'excellent')`.mapWith(Number),
        })
        .from(suggestions)
        .where(and(...where));
      const served = row?.served ?? 0;
      const replied = row?.replied ?? 0;
      const ratio = (a: number, b: number) => (b === 0 ? null : Math.round((a / b) * 1000) / 1000);
      return {
        served,
        replied,
        repliedOnTime: row?.repliedOnTime ?? 0,
        replyRate: ratio(replied, served),
        adopted: row?.adopted ?? 0,
        partlyAdopted: row?.partly ?? 0,
        // Adopted among those replied: a unit that has not answered yet has not refused.
        adoptionRate: ratio(row?.adopted ?? 0, replied),
        ratedExcellent: row?.excellent ?? 0,
      };
    },

    /**
     * Reminds the group's liaison REMIND_DAYS_BEFORE the due date and tells its leader once it is overdue, each
     * exactly once: the mark is set in the same statement that picks the row, and the outbox dedupes by key.
     */
    async remind(tx: Db, now: Date) {
      const soon = new Date(now.getTime() + REMIND_DAYS_BEFORE * 86_400_000);
      const due = await tx
        .update(suggestions)
        .set({ remindedAt: now })
        .where(
          and(
            isNull(suggestions.repliedAt),
            isNull(suggestions.remindedAt),
            lte(suggestions.replyDueAt, soon),
            gte(suggestions.replyDueAt, now),
          ),
        )
        .returning();
      const overdue = await tx
        .update(suggestions)
        .set({ escalatedAt: now })
        .where(
          and(
            isNull(suggestions.repliedAt),
            isNull(suggestions.escalatedAt),
            lt(suggestions.replyDueAt, now),
          ),
        )
        .returning();
      let queued = 0;
      for (const [rows, kind] of [
        [due, 'reminder'],
        [overdue, 'escalation'],
      ] as const) {
        for (const row of rows) {
          if (row.groupId === null) continue;
          const contacts = await groupContacts(tx, row.groupId);
          const to =
            kind === 'reminder' ? reachable(contacts, 'liaison', 'leader') : reachable(contacts, 'leader');
          if (!to) continue;
          const text = kind === 'reminder' ? suggestionTexts.reminder(row) : suggestionTexts.escalation(row);
          if (
            await outbox.enqueue(tx, {
              dedupeKey: `suggestion:${row.id}:${kind}`,
              to: { kind: 'contact', id: to.wechatId },
              text,
              purpose: `suggestion_${kind}`,
            })
          )
            queued += 1;
        }
      }
      return { reminded: due.length, escalated: overdue.length, queued };
    },
  };
}

export type SuggestionsService = ReturnType<typeof createSuggestionsService>;

function statusOf(row: SuggestionRow, now: Date): 'awaiting' | 'overdue' | 'replied' {
  if (row.repliedAt) return 'replied';
  return row.replyDueAt < now ? 'overdue' : 'awaiting';
}
