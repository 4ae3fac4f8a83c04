// Cases and look-ups for reminder, digest and sweep tests: seeded straight through the case service.
import { eq, like } from 'drizzle-orm';
import type { FieldCipher } from '../../api/security/field-cipher.js';
import type { Services } from '../../api/services.js';
import type { Db } from '../../db/create-db.js';
import { type CaseKind, cases, grids, outbox, people } from '../../db/schema/index.js';
import { withClearText } from './stored-text.js';

let messageCounter = 0;

/**
 * Six Chinese characters of their own per seeded case. Summaries told apart by random digits alone shared enough digit
 * bigrams now and then (Dice ≥ 0.6) for createOrLink to link one seeded case to another as a duplicate report.
 */
function distinctWords(n: number): string {
  return Array.from({ length: 6 }, (_, i) =>
    String.fromCodePoint(0x4e00 + (((n * 6 + i) * 7919) % 20000)),
  ).join('');
}

export async function seedCase(
  services: Pick<Services, 'cases'>,
  db: Db,
  options: { receivedAt: string; gridCode?: string | null; kind?: CaseKind; summary?: string },
): Promise<typeof cases.$inferSelect> {
  let gridId: number | null = null;
  if (options.gridCode !== null) {
    const [grid] = await db
      .select({ id: grids.id })
      .from(grids)
      .where(eq(grids.code, options.gridCode ?? 'GL-S01-C01'));
    if (!grid) throw new Error(`no grid ${options.gridCode}`);
    gridId = grid.id;
  }
  messageCounter += 1;
  const summary = options.summary ?? `测试事项 ${distinctWords(messageCounter)}`;
  const { row } = await services.cases.createOrLink(db, {
    kind: options.kind ?? 'dispute',
    intent: 'report_dispute',
    category: null,
    summary,
    matchText: summary,
    receivedAt: new Date(options.receivedAt),
    reporterId: null,
    anonymous: false,
    noReplyReason: null,
    gridId,
    messageId: `test-msg-${messageCounter}-${Math.random()}`,
    roomId: null,
    actor: 'test',
  });
  return row;
}

/** Makes a prosecutor (by seed code, e.g. PR-03) the case's assignee, as acceptance does. */
export async function assignTo(db: Db, caseId: number, personCode: string): Promise<void> {
  const [person] = await db.select({ id: people.id }).from(people).where(eq(people.code, personCode));
  if (!person) throw new Error(`no person ${personCode}`);
  await db.update(cases).set({ assigneeId: person.id }).where(eq(cases.id, caseId));
}

export async function personId(db: Db, code: string): Promise<number> {
  const [person] = await db.select({ id: people.id }).from(people).where(eq(people.code, code));
  if (!person) throw new Error(`no person ${code}`);
  return person.id;
}

/** Queued messages by dedupe-key prefix, their text decrypted with the API's data key. */
export async function outboxRows(db: Db, keyPrefix: string, cipher: Pick<FieldCipher, 'decrypt'>) {
  const rows = await db
    .select()
    .from(outbox)
    .where(like(outbox.dedupeKey, `${keyPrefix}%`))
    .orderBy(outbox.createdAt);
  return withClearText(cipher, rows);
}
