// The outbox: messages the bot must send, queued once per dedupe key, leased to the bot and acknowledged.
import { and, asc, eq, inArray, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/create-db.js';
import { outbox } from '../../db/schema/index.js';
import type { Clock } from '../clock.js';
import { ConflictError, NotFoundError } from '../http/domain-errors.js';
import type { FieldCipher } from '../security/field-cipher.js';

export interface OutboundMessage {
  dedupeKey: string;
  to: { kind: 'contact' | 'room'; id: string };
  text: string;
  purpose: string;
  caseId?: number | null;
  /** A notice's copy to one room (its delivery counts are read from these rows). */
  noticeId?: number | null;
  /** Not to be sent before this instant (e.g. the end of quiet hours). */
  availableAt?: Date;
}

export interface LeasedMessage {
  id: string;
  to: { kind: 'contact' | 'room'; id: string };
  text: string;
  attempts: number;
}

export const MAX_SEND_ATTEMPTS = 8;

export interface OutboxService {
  /** Queues a message unless one with the same dedupe key exists; returns whether it was new. */
  enqueue(db: Db, message: OutboundMessage): Promise<boolean>;
  /** The rows enqueue would insert (text encrypted), for a caller that inserts them inside a larger statement. */
  rowsOf(messages: readonly OutboundMessage[]): (typeof outbox.$inferInsert)[];
  /**
   * Queues many messages with one multi-row insert per chunk, skipping dedupe keys already queued (and
   * repeats within the list, first one wins); returns the keys that were new.
   */
  enqueueMany(db: Db, messages: readonly OutboundMessage[]): Promise<Set<string>>;
  lease(limit: number): Promise<LeasedMessage[]>;
  markSent(id: string): Promise<void>;
  markFailed(id: string, error: string): Promise<void>;
}

// Rows per INSERT: bounds one statement's size (each message is a few hundred bytes of ciphertext).
const INSERT_CHUNK = 1000;

/** A Postgres array literal passed as one text parameter: the same on postgres.js and PGlite. */
function arrayLiteral(values: readonly (string | number | null)[]): string {
  const element = (v: string | number | null) =>
    v === null ? 'NULL' : typeof v === 'number' ? String(v) : `"${v.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
  return `{${values.map(element).join(',')}}`;
}

function toRow(message: OutboundMessage, now: Date, cipher: OutboxCipher): typeof outbox.$inferInsert {
  return {
    dedupeKey: message.dedupeKey,
    toKind: message.to.kind,
    toId: message.to.id,
    // Replies quote reporters' words and results: kept encrypted, in clear only on the way to the bot.
    textEnc: cipher.encrypt(message.text),
    purpose: message.purpose,
    caseId: message.caseId ?? null,
    noticeId: message.noticeId ?? null,
    availableAt: message.availableAt ?? now,
    createdAt: now,
  };
}

type OutboxCipher = Pick<FieldCipher, 'encrypt' | 'decrypt'>;

export function createOutboxService(deps: {
  db: Db;
  clock: Clock;
  leaseSeconds: number;
  cipher: OutboxCipher;
  /** Finishes a message as it is handed to the bot (e.g. makes the phone-page link its text marks). */
  render?: (db: Db, text: string, to: LeasedMessage['to']) => Promise<string>;
}): OutboxService {
  const { db, clock, cipher } = deps;
  return {
    rowsOf(messages) {
      const now = clock.now();
      return messages.map((m) => toRow(m, now, cipher));
    },

    async enqueue(tx, message) {
      const rows = await tx
        .insert(outbox)
        .values(toRow(message, clock.now(), cipher))
        .onConflictDoNothing({ target: outbox.dedupeKey })
        .returning({ id: outbox.id });
      return rows.length > 0;
    },

    async enqueueMany(tx, messages) {
      const now = clock.now();
      const seen = new Set<string>();
      // One statement may not touch a key twice under ON CONFLICT, so repeats are dropped here.
      const unique = messages.filter((m) => !seen.has(m.dedupeKey) && seen.add(m.dedupeKey));
      const inserted = new Set<string>();
      for (let i = 0; i < unique.length; i += INSERT_CHUNK) {
        const rows = unique.slice(i, i + INSERT_CHUNK).map((m) => toRow(m, now, cipher));
        const column = (pick: (row: (typeof rows)[number]) => string | number | null) =>
          arrayLiteral(rows.map(pick));
        // Columns as arrays through unnest: a thousand rows cost one short statement to build, not thousands of
        // drizzle parameters (the morning digest queues one per prosecutor, the first sweep thousands).
        const result = await tx.execute(sql`
          insert into ${outbox} (dedupe_key, to_kind, to_id, text_enc, purpose, case_id, notice_id, available_at, created_at)
          select u.*, ${now.toISOString()}::timestamptz
          from unnest(${column((r) => r.dedupeKey)}::text[], ${column((r) => r.toKind)}::text[],
            ${column((r) => r.toId)}::text[], ${column((r) => r.textEnc)}::text[], ${column((r) => r.purpose)}::text[],
            ${column((r) => r.caseId ?? null)}::int[], ${column((r) => r.noticeId ?? null)}::int[],
            ${column((r) => (r.availableAt as Date).toISOString())}::timestamptz[]) as u
          on conflict (dedupe_key) do nothing
          returning dedupe_key`);
        const returned = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as {
          dedupe_key: string;
        }[];
        for (const row of returned) inserted.add(row.dedupe_key);
      }
      return inserted;
    },

    async lease(limit) {
      const now = clock.now();
      const leaseUntil = new Date(now.getTime() + deps.leaseSeconds * 1000);
      // SKIP LOCKED lets several bots or API processes lease without handing one message out twice.
      const ready = db
        .select({ id: outbox.id })
        .from(outbox)
        .where(
          and(
            lte(outbox.availableAt, now),
            or(eq(outbox.state, 'pending'), and(eq(outbox.state, 'leased'), lte(outbox.leaseUntil, now))),
          ),
        )
        .orderBy(asc(outbox.availableAt))
        .limit(limit)
        .for('update', { skipLocked: true });
      const rows = await db
        .update(outbox)
        .set({ state: 'leased', leaseUntil, attempts: sql`${outbox.attempts} + 1` })
        .where(inArray(outbox.id, ready))
        .returning({
          id: outbox.id,
          toKind: outbox.toKind,
          toId: outbox.toId,
          textEnc: outbox.textEnc,
          attempts: outbox.attempts,
          availableAt: outbox.availableAt,
        });
      rows.sort((a, b) => a.availableAt.getTime() - b.availableAt.getTime());
      const leased: LeasedMessage[] = [];
      for (const r of rows) {
        const to = { kind: r.toKind, id: r.toId };
        const clear = cipher.decrypt(r.textEnc);
        const text = deps.render ? await deps.render(db, clear, to) : clear;
        leased.push({ id: r.id, to, text, attempts: r.attempts });
      }
      return leased;
    },

    async markSent(id) {
      const rows = await db
        .update(outbox)
        .set({ state: 'sent', sentAt: clock.now(), leaseUntil: null })
        .where(and(eq(outbox.id, id), inArray(outbox.state, ['leased', 'sent'])))
        .returning({ id: outbox.id });
      if (rows.length === 0) await assertExists(db, id, 'sent');
    },

    async markFailed(id, error) {
      const [row] = await db.select().from(outbox).where(eq(outbox.id, id));
      if (!row) throw new NotFoundError(`outbox message ${id} does not exist`);
      if (row.state === 'sent') throw new ConflictError(`outbox message ${id} was already sent`);
      const dead = row.attempts >= MAX_SEND_ATTEMPTS;
      const backoffMs = Math.min(60 * 60_000, 2 ** row.attempts * 15_000);
      await db
        .update(outbox)
        .set({
          state: dead ? 'dead' : 'pending',
          leaseUntil: null,
          lastError: error.slice(0, 500),
          availableAt: new Date(clock.now().getTime() + backoffMs),
        })
        .where(eq(outbox.id, id));
    },
  };
}

async function assertExists(db: Db, id: string, wanted: string): Promise<void> {
  const [row] = await db.select({ state: outbox.state }).from(outbox).where(eq(outbox.id, id));
  if (!row) throw new NotFoundError(`outbox message ${id} does not exist`);
  throw new ConflictError(`outbox message ${id} is ${row.state}, cannot be marked ${wanted}`);
}
