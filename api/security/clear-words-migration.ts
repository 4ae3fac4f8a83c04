// Start-up pass: encrypts words an older version stored in clear (case summaries, outbox texts) with the data key,
// and turns clear duplicate-matching texts into keyed bigram hashes.
import { and, eq, isNotNull, isNull, like, not, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/create-db.js';
import { caseEvents, cases, outbox, workRecords } from '../../db/schema/index.js';
import { BIGRAM_PURPOSE } from '../cases/case-service.js';
import { sealEventWords } from '../cases/event-words.js';
import { matchHashes } from '../cases/text-similarity.js';
import type { FieldCipher } from './field-cipher.js';
import type { KeyedHash } from './keyed-hash.js';

// Field-cipher blobs start `v1:`; anything else in these columns was written in clear before issue 10.
const ENCRYPTED = 'v1:%';
const BATCH = 500;
// Stored duplicate-matching hashes start `h1:` (text-similarity.ts); an older version kept the clear text there.
const HASHED = 'h1:%';

/**
 * Idempotent and safe beside another process doing the same: a row is rewritten only while it still holds
 * the clear text that was read. Returns the rows encrypted per column.
 */
export async function encryptClearWords(deps: {
  db: Db;
  cipher: Pick<FieldCipher, 'encrypt'>;
  keyedHash: Pick<KeyedHash, 'hasher'>;
}): Promise<Record<string, number>> {
  const { db, cipher } = deps;
  const done = {
    'cases.summary_enc': 0,
    'outbox.text_enc': 0,
    'cases.match_hashes': 0,
    'case_events.words_enc': 0,
    'work_records.note_enc': 0,
  };
  done['cases.summary_enc'] = await sealClearColumn(db, cipher, cases, cases.id, cases.summaryEnc, (v) => ({
    summaryEnc: v,
  }));
  done['outbox.text_enc'] = await sealClearColumn(db, cipher, outbox, outbox.id, outbox.textEnc, (v) => ({
    textEnc: v,
  }));
  done['work_records.note_enc'] = await sealClearColumn(
    db,
    cipher,
    workRecords,
    workRecords.id,
    workRecords.noteEnc,
    (v) => ({ noteEnc: v }),
  );
  for (;;) {
    const rows = await db
      .select({ id: cases.id, clear: cases.matchHashes })
      .from(cases)
      .where(and(isNotNull(cases.matchHashes), not(like(cases.matchHashes, HASHED))))
      .limit(BATCH);
    if (rows.length === 0) break;
    const hash = await deps.keyedHash.hasher(BIGRAM_PURPOSE);
    for (const row of rows)
      await db
        .update(cases)
        .set({ matchHashes: matchHashes(row.clear!, hash) })
        .where(and(eq(cases.id, row.id), eq(cases.matchHashes, row.clear!)));
    done['cases.match_hashes'] += rows.length;
    if (rows.length < BATCH) break;
  }
  for (;;) {
    // Events an older version wrote with the words in their data (a result, a reason, a body).
    const rows = await db
      .select({ id: caseEvents.id, data: caseEvents.data })
      .from(caseEvents)
      .where(
        and(
          isNull(caseEvents.wordsEnc),
          // Only string words are sealed, so every row picked here gets words_enc and the loop ends.
          sql`(jsonb_typeof(${caseEvents.data}->'text') = 'string' or jsonb_typeof(${caseEvents.data}->'reason') = 'string' or jsonb_typeof(${caseEvents.data}->'body') = 'string')`,
        ),
      )
      .limit(BATCH);
    for (const row of rows) {
      const sealed = sealEventWords(cipher, row.data);
      await db
        .update(caseEvents)
        .set(sealed)
        .where(and(eq(caseEvents.id, row.id), isNull(caseEvents.wordsEnc)));
    }
    done['case_events.words_enc'] += rows.length;
    if (rows.length < BATCH) break;
  }
  return done;
}

/** One text column whose rows an older version wrote in clear: each such row encrypted in place, in batches. */
async function sealClearColumn(
  db: Db,
  cipher: Pick<FieldCipher, 'encrypt'>,
  table: PgTable,
  id: PgColumn,
  column: PgColumn,
  set: (blob: string) => Record<string, string>,
): Promise<number> {
  let sealed = 0;
  for (;;) {
    const rows = (await db
      .select({ id, clear: column })
      .from(table)
      .where(not(like(column, ENCRYPTED)))
      .limit(BATCH)) as { id: number | string; clear: string }[];
    for (const row of rows)
      await db
        .update(table)
        .set(set(cipher.encrypt(row.clear)))
        .where(and(eq(id, row.id), eq(column, row.clear)));
    sealed += rows.length;
    if (rows.length < BATCH) return sealed;
  }
}
