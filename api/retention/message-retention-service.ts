// Purges raw message text (and the case text kept for duplicate detection) after the retention period.
import { and, isNotNull, isNull, lt, sql } from 'drizzle-orm';
import type { Db } from '../../db/create-db.js';
import { cases, messages } from '../../db/schema/index.js';
import type { Clock } from '../clock.js';
import type { Logger } from '../http/logger.js';

export interface RetentionResult {
  cutoff: Date;
  messagesPurged: number;
  casesPurged: number;
}

export function createMessageRetention(deps: {
  db: Db;
  clock: Clock;
  logger: Logger;
  retentionDays: number;
}) {
  const { db, logger } = deps;
  return {
    /** Cases, their summaries and events stay; only what the sender wrote, word for word, goes. */
    async purge(now: Date = deps.clock.now()): Promise<RetentionResult> {
      const cutoff = new Date(now.getTime() - deps.retentionDays * 86_400_000);
      const purgedMessages = await db
        .update(messages)
        .set({
          text: null,
          textPurgedAt: now,
          // The parse repeats the text (normalised) and what was extracted from it (phone, ID, place).
          parse: sql`case when ${messages.parse} is null then null else ${messages.parse} - 'normalizedText' - 'entities' end`,
        })
        .where(and(lt(messages.receivedAt, cutoff), isNull(messages.textPurgedAt)))
        .returning({ id: messages.id });
      const purgedCases = await db
        .update(cases)
        .set({ matchText: null })
        .where(and(lt(cases.receivedAt, cutoff), isNotNull(cases.matchText)))
        .returning({ id: cases.id });
      const result = { cutoff, messagesPurged: purgedMessages.length, casesPurged: purgedCases.length };
      logger.info(result, 'message retention purge');
      return result;
    },
  };
}

export type MessageRetention = ReturnType<typeof createMessageRetention>;
