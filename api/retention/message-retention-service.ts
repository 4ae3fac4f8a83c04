// Purges raw message text, attachments and the case text kept for duplicate detection once retention allows: a
// case's messages and files are kept while the case is open and for the retention period after it closes.
import { and, isNotNull, isNull, lt, or, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/create-db.js';
import { attachments, cases, messages } from '../../db/schema/index.js';
import type { Clock } from '../clock.js';
import type { Logger } from '../http/logger.js';

export interface RetentionResult {
  cutoff: Date;
  messagesPurged: number;
  attachmentsPurged: number;
  casesPurged: number;
}

/** When a case ended, for retention: its closing, or its last change for a row closed before closedAt existed. */
const caseEndedAt = sql`coalesce(${cases.closedAt}, ${cases.updatedAt})`;

/** A case closed before the cutoff (timestamps passed as text: postgres.js takes no Date inside raw SQL). */
function closedBefore(cutoff: Date): SQL {
  return sql`${cases.status} = 'closed' and ${caseEndedAt} < ${cutoff.toISOString()}::timestamptz`;
}

export function createMessageRetention(deps: {
  db: Db;
  clock: Clock;
  logger: Logger;
  retentionDays: number;
}) {
  const { db, logger } = deps;
  return {
    /**
     * Cases, their summaries and events stay; only what the sender wrote, word for word, goes — for a message
     * of no case, RETENTION_DAYS after it arrived; for a case's messages, RETENTION_DAYS after the case closed
     * (never while it is open, however old).
     */
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
        .where(
          and(
            isNull(messages.textPurgedAt),
            or(
              and(isNull(messages.caseId), lt(messages.receivedAt, cutoff)),
              sql`exists (select 1 from ${cases} where ${cases.id} = ${messages.caseId} and ${closedBefore(cutoff)})`,
            ),
          ),
        )
        .returning({ id: messages.id });
      // A file goes with its message's text; a file whose message never arrived, after the period from upload.
      const purgedAttachments = await db
        .update(attachments)
        .set({ data: null, purgedAt: now })
        .where(
          and(
            isNull(attachments.purgedAt),
            or(
              sql`exists (select 1 from ${messages} where ${messages.messageId} = ${attachments.messageId} and ${messages.textPurgedAt} is not null)`,
              and(
                sql`not exists (select 1 from ${messages} where ${messages.messageId} = ${attachments.messageId})`,
                lt(attachments.createdAt, cutoff),
              ),
            ),
          ),
        )
        .returning({ id: attachments.id });
      const purgedCases = await db
        .update(cases)
        .set({ matchHashes: null })
        .where(and(isNotNull(cases.matchHashes), closedBefore(cutoff)))
        .returning({ id: cases.id });
      const result = {
        cutoff,
        messagesPurged: purgedMessages.length,
        attachmentsPurged: purgedAttachments.length,
        casesPurged: purgedCases.length,
      };
      logger.info(result, 'message retention purge');
      return result;
    },
  };
}

export type MessageRetention = ReturnType<typeof createMessageRetention>;
