// What a message's transaction knows of its sender before acting, read in one statement instead of one per question.
import { and, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/create-db.js';
import { cases, dialogues, people } from '../../db/schema/index.js';
import type { PersonRow } from './contact-resolver.js';
import type { SenderRateLimit } from './sender-rate-limit.js';

export interface SenderContext {
  /** The person behind the WeChat id, or null (nothing is created here: an anonymous report must leave no row). */
  person: PersonRow | null;
  /** A short dialogue (community question, clarify, offer, aid pre-screen, which-case) is open for the id. */
  dialogueOpen: boolean;
  /** The person reported a case that may still be collecting materials (received or materials_needed). */
  collecting: boolean;
  /** The sender's messages already in the flood-control window (before this one), counted up to the limit. */
  recentMessages: number | null;
  /** Files sent alone before, which a case made now would adopt (follow-up.ts); null when not asked. */
  earlierFiles: boolean | null;
}

export async function readSenderContext(
  tx: Db,
  input: {
    wechatId: string;
    senderHash: string;
    receivedAt: Date;
    limit?: SenderRateLimit | undefined;
    earlierFiles?: SQL<boolean> | undefined;
  },
): Promise<SenderContext> {
  const recent = input.limit
    ? input.limit.recentCount({
        wechatId: input.wechatId,
        senderHash: input.senderHash,
        receivedAt: input.receivedAt,
      })
    : sql`null`;
  const [row] = await tx
    .select({
      person: people,
      dialogueKind: dialogues.kind,
      // The same statuses follow-up.ts collects materials for; its query runs only when this is true.
      collecting: sql<boolean>`exists (select 1 from ${cases} where ${and(
        eq(cases.reporterId, people.id),
        inArray(cases.status, ['received', 'materials_needed']),
      )})`,
      recent: sql<number | null>`${recent}`,
      earlierFiles: sql<boolean | null>`${input.earlierFiles ?? sql`null`}`,
    })
    .from(sql`(select 1) as one`)
    .leftJoin(people, eq(people.wechatId, input.wechatId))
    .leftJoin(dialogues, eq(dialogues.wechatId, input.wechatId));
  return {
    person: row?.person ?? null,
    dialogueOpen: row?.dialogueKind != null,
    collecting: row?.collecting === true,
    recentMessages: row?.recent == null ? null : Number(row.recent),
    earlierFiles: row?.earlierFiles == null ? null : row.earlierFiles === true,
  };
}
