// The legal FAQ the bot answers from: kept in the database, edited and retired by the office, every change audited.
import { and, asc, count, eq, ilike, isNotNull, isNull, lt, or, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/create-db.js';
import { auditLog, faqEntries } from '../../db/schema/index.js';
import { type FaqRecord, type FaqSource, loadFaq, reviewProblems } from '../../intents/index.js';
import type { Clock } from '../clock.js';
import { BadRequestError, ConflictError, NotFoundError } from '../http/domain-errors.js';
import { toIsoShanghai, toIsoShanghaiOrNull } from '../http/time-format.js';

type FaqRow = typeof faqEntries.$inferSelect;

export const FAQ_STATUSES = ['active', 'retired', 'all'] as const;
export type FaqStatusFilter = (typeof FAQ_STATUSES)[number];

/** How an entry is shown to the office (and to the console's review page). */
export interface FaqView {
  id: string;
  topic: string;
  question: string;
  alternatives: string[];
  answer: string;
  sources: FaqSource[];
  reviewedAt: string;
  reviewedBy: string | null;
  reviewNotes: string | null;
  status: 'active' | 'retired';
  retiredAt: string | null;
  retiredBy: string | null;
  retiredReason: string | null;
  revision: number;
  updatedAt: string;
}

/** What the office may change; any PATCH, even an empty one, records a review of the entry. */
export interface FaqChanges {
  topic?: string | undefined;
  question?: string | undefined;
  alternatives?: string[] | undefined;
  answer?: string | undefined;
  sources?: FaqSource[] | undefined;
  reviewNotes?: string | undefined;
  /** When given, the edit is refused if someone changed the entry since this revision was read. */
  revision?: number | undefined;
}

export interface NewFaqEntry {
  id: string;
  topic: string;
  question: string;
  alternatives?: string[] | undefined;
  answer: string;
  sources: FaqSource[];
  reviewNotes?: string | undefined;
}

/** Receives the current entries whenever they change (the API's message parser). */
export interface FaqConsumer {
  setFaq(entries: readonly FaqRecord[]): void;
}

export interface ReviewedImport {
  added: string[];
  updated: string[];
  /** Entries the database holds a later change of (an edit or retirement through the API wins). */
  kept: string[];
}

const CONTENT_FIELDS = ['topic', 'question', 'alternatives', 'answer', 'sources', 'reviewNotes'] as const;

export function toFaqView(row: FaqRow): FaqView {
  return {
    id: row.id,
    topic: row.topic,
    question: row.question,
    alternatives: row.alternatives,
    answer: row.answer,
    sources: row.sources,
    reviewedAt: toIsoShanghai(row.reviewedAt),
    reviewedBy: row.reviewedBy,
    reviewNotes: row.reviewNotes,
    status: row.retiredAt ? 'retired' : 'active',
    retiredAt: toIsoShanghaiOrNull(row.retiredAt),
    retiredBy: row.retiredBy,
    retiredReason: row.retiredReason,
    revision: row.revision,
    updatedAt: toIsoShanghai(row.updatedAt),
  };
}

function toRecord(row: FaqRow): FaqRecord {
  return {
    id: row.id,
    topic: row.topic,
    question: row.question,
    alternatives: row.alternatives,
    answer: row.answer,
    sources: row.sources,
    reviewedAt: row.reviewedAt.toISOString(),
    ...(row.reviewedBy ? { reviewedBy: row.reviewedBy } : {}),
    ...(row.reviewNotes ? { reviewNotes: row.reviewNotes } : {}),
  };
}

function assertReviewed(record: FaqRecord): void {
  const problems = reviewProblems(record);
  if (problems.length)
    throw new BadRequestError(
      `the entry does not pass review: ${problems.join('；')}`,
      { problems },
      'faq_review',
    );
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function createFaqService(deps: {
  db: Db;
  clock: Clock;
  /** The reviewed file's entries: the seed of an empty table and the source of later reviewed updates. */
  reviewedEntries?: () => readonly FaqRecord[];
  /** How often a process checks whether another process changed the entries (default 30 s). */
  refreshSeconds?: number;
}) {
  const { db, clock } = deps;
  const reviewedEntries = deps.reviewedEntries ?? loadFaq;
  const refreshMs = (deps.refreshSeconds ?? 30) * 1000;
  const consumers: FaqConsumer[] = [];
  let loadedStamp: string | null = null;
  let checkedAt = Number.NEGATIVE_INFINITY;

  async function requireRow(tx: Db, id: string, lock = false): Promise<FaqRow> {
    const query = tx.select().from(faqEntries).where(eq(faqEntries.id, id));
    const [row] = lock ? await query.for('update') : await query;
    if (!row) throw new NotFoundError(`FAQ entry ${id} does not exist`);
    return row;
  }

  async function audit(tx: Db, actor: string, action: string, id: string, data: Record<string, unknown>) {
    await tx.insert(auditLog).values({ at: clock.now(), actor, action, subject: `faq:${id}`, data });
  }

  /** Changes whenever any entry is added, edited, retired or restored, in this process or another. */
  async function stamp(tx: Db = db): Promise<string> {
    const [row] = await tx
      .select({ n: count(), revisions: sql<string>`coalesce(sum(${faqEntries.revision}), 0)::text` })
      .from(faqEntries);
    return `${row?.n ?? 0}:${row?.revisions ?? '0'}`;
  }

  async function activeRecords(tx: Db = db): Promise<FaqRecord[]> {
    const rows = await tx
      .select()
      .from(faqEntries)
      .where(isNull(faqEntries.retiredAt))
      .orderBy(asc(faqEntries.id));
    return rows.map(toRecord);
  }

  /** Hands every consumer the current active entries. */
  async function publish(): Promise<void> {
    if (!consumers.length) return;
    const current = await stamp();
    const records = await activeRecords();
    for (const c of consumers) c.setFaq(records);
    loadedStamp = current;
    checkedAt = clock.now().getTime();
  }

  /**
   * Applies reviewed entries (from the file, or an admin's import): new ids are added; an existing entry is
   * replaced only when this review is later than the database's last review of it, so an edit made through the
   * API is never undone by an older file. Retirement is the office's call: an update never un-retires.
   * Seeding an empty table is not audited (nothing residents saw changed); every later change is.
   */
  async function applyReviewed(entries: readonly FaqRecord[], actor: string): Promise<ReviewedImport> {
    const problems = entries.flatMap((e) => reviewProblems(e).map((p) => `${e.id}: ${p}`));
    if (problems.length)
      throw new BadRequestError(
        `reviewed entries fail review: ${problems.join('；')}`,
        { problems },
        'faq_review',
      );
    const ids = entries.map((e) => e.id);
    if (new Set(ids).size !== ids.length) throw new BadRequestError('reviewed entries repeat an id');
    const result: ReviewedImport = { added: [], updated: [], kept: [] };
    await db.transaction(async (tx) => {
      const now = clock.now();
      const existing = new Map(
        (await tx.select({ id: faqEntries.id, reviewedAt: faqEntries.reviewedAt }).from(faqEntries)).map(
          (r) => [r.id, r.reviewedAt.getTime()],
        ),
      );
      const seeding = existing.size === 0;
      const values = (e: FaqRecord) => ({
        topic: e.topic,
        question: e.question,
        alternatives: e.alternatives ?? [],
        answer: e.answer,
        sources: e.sources,
        reviewedAt: new Date(e.reviewedAt),
        reviewedBy: e.reviewedBy ?? null,
        reviewNotes: e.reviewNotes ?? null,
      });
      const fresh = entries.filter((e) => !existing.has(e.id));
      if (fresh.length) {
        // One statement; a concurrent start that inserted first makes these rows no-ops, not errors.
        const inserted = await tx
          .insert(faqEntries)
          .values(fresh.map((e) => ({ id: e.id, ...values(e), updatedAt: now })))
          .onConflictDoNothing({ target: faqEntries.id })
          .returning({ id: faqEntries.id });
        result.added.push(...inserted.map((r) => r.id));
        if (!seeding)
          for (const id of result.added)
            await audit(tx, actor, 'faq.add', id, { source: 'reviewed entries' });
      }
      for (const e of entries) {
        const known = existing.get(e.id);
        if (known === undefined) continue;
        const reviewedAt = new Date(e.reviewedAt);
        if (known >= reviewedAt.getTime()) {
          result.kept.push(e.id);
          continue;
        }
        // Conditional, so two processes starting together update (and audit) an entry once.
        const [updated] = await tx
          .update(faqEntries)
          .set({ ...values(e), revision: sql`${faqEntries.revision} + 1`, updatedAt: now })
          .where(and(eq(faqEntries.id, e.id), lt(faqEntries.reviewedAt, reviewedAt)))
          .returning({ id: faqEntries.id });
        if (updated) {
          result.updated.push(e.id);
          await audit(tx, actor, 'faq.update', e.id, {
            reviewedAt: e.reviewedAt,
            source: 'reviewed entries',
          });
        } else result.kept.push(e.id);
      }
    });
    if (result.added.length || result.updated.length) await publish();
    return result;
  }

  return {
    /** Seeds an empty table from the reviewed file and applies later reviews of it; then feeds the parser. */
    async start(consumer?: FaqConsumer): Promise<ReviewedImport> {
      const applied = await applyReviewed(reviewedEntries(), 'system:faq-file');
      if (consumer) {
        consumers.push(consumer);
        await publish();
      }
      return applied;
    },

    applyReviewed,

    /** Re-reads the entries when another process may have changed them; at most one query per refresh period. */
    async sync(): Promise<void> {
      if (!consumers.length || clock.now().getTime() - checkedAt < refreshMs) return;
      checkedAt = clock.now().getTime();
      if ((await stamp()) !== loadedStamp) await publish();
    },

    /** The entry as residents may be answered with it now, or null when it is retired or gone. */
    async answerable(tx: Db, id: string): Promise<FaqRecord | null> {
      const [row] = await tx
        .select()
        .from(faqEntries)
        .where(and(eq(faqEntries.id, id), isNull(faqEntries.retiredAt)));
      return row ? toRecord(row) : null;
    },

    async list(
      filter: { status?: FaqStatusFilter | undefined; topic?: string | undefined; q?: string | undefined },
      page: { limit: number; offset: number },
    ): Promise<{ items: FaqView[]; total: number }> {
      const conditions: SQL[] = [];
      const status = filter.status ?? 'active';
      if (status === 'active') conditions.push(isNull(faqEntries.retiredAt));
      if (status === 'retired') conditions.push(isNotNull(faqEntries.retiredAt));
      if (filter.topic) conditions.push(eq(faqEntries.topic, filter.topic));
      if (filter.q) {
        const like = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        conditions.push(or(ilike(faqEntries.question, like), ilike(faqEntries.answer, like))!);
      }
      const where = conditions.length ? and(...conditions) : undefined;
      const rows = await db
        .select()
        .from(faqEntries)
        .where(where)
        .orderBy(asc(faqEntries.topic), asc(faqEntries.id))
        .limit(page.limit)
        .offset(page.offset);
      const [total] = await db.select({ n: count() }).from(faqEntries).where(where);
      return { items: rows.map(toFaqView), total: total?.n ?? 0 };
    },

    async get(id: string): Promise<FaqView> {
      return toFaqView(await requireRow(db, id));
    },

    async create(input: NewFaqEntry, actor: string): Promise<FaqView> {
      const now = clock.now();
      const record: FaqRecord = {
        ...input,
        alternatives: input.alternatives ?? [],
        reviewedAt: now.toISOString(),
        reviewedBy: actor,
      };
      assertReviewed(record);
      const row = await db.transaction(async (tx) => {
        const [created] = await tx
          .insert(faqEntries)
          .values({
            id: input.id,
            topic: input.topic,
            question: input.question,
            alternatives: record.alternatives ?? [],
            answer: input.answer,
            sources: input.sources,
            reviewedAt: now,
            reviewedBy: actor,
            reviewNotes: input.reviewNotes ?? null,
            updatedAt: now,
          })
          .onConflictDoNothing({ target: faqEntries.id })
          .returning();
        if (!created) throw new ConflictError(`FAQ entry ${input.id} already exists`, 'faq_exists');
        await audit(tx, actor, 'faq.add', input.id, { question: input.question });
        return created;
      });
      await publish();
      return toFaqView(row);
    },

    async update(id: string, changes: FaqChanges, actor: string): Promise<FaqView> {
      const row = await db.transaction(async (tx) => {
        const before = await requireRow(tx, id, true);
        if (changes.revision !== undefined && changes.revision !== before.revision)
          throw new ConflictError(
            `FAQ entry ${id} was changed by someone else (revision ${before.revision}, yours ${changes.revision}); reload it`,
            'faq_changed',
          );
        const now = clock.now();
        const after = {
          topic: changes.topic ?? before.topic,
          question: changes.question ?? before.question,
          alternatives: changes.alternatives ?? before.alternatives,
          answer: changes.answer ?? before.answer,
          sources: changes.sources ?? before.sources,
          reviewNotes: changes.reviewNotes ?? before.reviewNotes,
        };
        assertReviewed({
          id,
          ...after,
          reviewNotes: after.reviewNotes ?? undefined,
          reviewedAt: now.toISOString(),
        } as FaqRecord);
        const changed = CONTENT_FIELDS.filter((f) => !sameValue(after[f], before[f]));
        const [updated] = await tx
          .update(faqEntries)
          .set({
            ...after,
            reviewedAt: now,
            reviewedBy: actor,
            revision: before.revision + 1,
            updatedAt: now,
          })
          .where(eq(faqEntries.id, id))
          .returning();
        // Before and after of what changed: the audit log is where a wrong answer is traced back to its edit.
        await audit(tx, actor, changed.length ? 'faq.update' : 'faq.review', id, {
          changed,
          before: Object.fromEntries(changed.map((f) => [f, before[f]])),
          after: Object.fromEntries(changed.map((f) => [f, after[f]])),
          previousReviewAt: before.reviewedAt.toISOString(),
        });
        return updated!;
      });
      await publish();
      return toFaqView(row);
    },

    async retire(id: string, reason: string | undefined, actor: string): Promise<FaqView> {
      const row = await db.transaction(async (tx) => {
        const before = await requireRow(tx, id, true);
        if (before.retiredAt) throw new ConflictError(`FAQ entry ${id} is already retired`, 'faq_retired');
        const now = clock.now();
        const [updated] = await tx
          .update(faqEntries)
          .set({
            retiredAt: now,
            retiredBy: actor,
            retiredReason: reason ?? null,
            revision: before.revision + 1,
            updatedAt: now,
          })
          .where(eq(faqEntries.id, id))
          .returning();
        await audit(tx, actor, 'faq.retire', id, { reason: reason ?? null });
        return updated!;
      });
      await publish();
      return toFaqView(row);
    },

    async restore(id: string, actor: string): Promise<FaqView> {
      const row = await db.transaction(async (tx) => {
        const before = await requireRow(tx, id, true);
        if (!before.retiredAt) throw new ConflictError(`FAQ entry ${id} is not retired`, 'faq_active');
        // An entry comes back only if it still passes review: the law may have changed while it was retired.
        assertReviewed(toRecord(before));
        const now = clock.now();
        const [updated] = await tx
          .update(faqEntries)
          .set({
            retiredAt: null,
            retiredBy: null,
            retiredReason: null,
            revision: before.revision + 1,
            updatedAt: now,
          })
          .where(eq(faqEntries.id, id))
          .returning();
        await audit(tx, actor, 'faq.restore', id, { retiredAt: before.retiredAt.toISOString() });
        return updated!;
      });
      await publish();
      return toFaqView(row);
    },
  };
}

export type FaqService = ReturnType<typeof createFaqService>;
