// What a message's transaction knows of its sender before acting, read in one statement instead of one per question.
import { and, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/create-db.js';
import { cases, dialogues, messages, people, rooms } from '../../db/schema/index.js';
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
  /** Asked with `messageId`: the answer stored for that WeChat message id, when it was handled before. */
  replay?: StoredResponse | null;
  /** Asked with `messageId` and not a replay: the messages.id the message's row will take. */
  rowId?: number | null;
  /** Asked with `room`: the room as upserted by this statement (topic refreshed), and its bound grid. */
  room?: { gridId: number | null };
}

/** messages.response as stored. */
export interface StoredResponse {
  reply: string | null;
  caseNo?: string;
}

export async function readSenderContext(
  tx: Db,
  input: {
    wechatId: string;
    senderHash: string;
    receivedAt: Date;
    limit?: SenderRateLimit | undefined;
    earlierFiles?: SQL<boolean> | undefined;
    /** The message's WeChat id: a replay is found, and a new message's row id reserved, in the same statement. */
    messageId?: string | undefined;
    /** A group message's room: recorded (or its topic refreshed) by this statement, as handling it would. */
    room?: { id: string; topic: string | undefined } | undefined;
  },
): Promise<SenderContext> {
  const upsertedRoom = input.room
    ? tx.$with('upserted_room', {}).as(
        tx
          .insert(rooms)
          .values({ roomId: input.room.id, topic: input.room.topic })
          .onConflictDoUpdate({ target: rooms.roomId, set: { topic: input.room.topic } })
          .returning({ gridId: rooms.gridId })
          .getSQL(),
      )
    : null;
  const stored = input.messageId
    ? sql`(select ${messages.response} from ${messages} where ${eq(messages.messageId, input.messageId)})`
    : sql`null`;
  const recent = input.limit
    ? input.limit.recentCount({
        wechatId: input.wechatId,
        senderHash: input.senderHash,
        receivedAt: input.receivedAt,
      })
    : sql`null`;
  const [row] = await (upsertedRoom ? tx.with(upsertedRoom) : tx)
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
      replay: sql<string | null>`${stored}::text`,
      // Reserved only for a new message; a sequence value is never handed out twice, used or not.
      rowId: input.messageId
        ? sql<
            string | null
          >`case when ${stored} is null then nextval(pg_get_serial_sequence('messages', 'id'))::text end`
        : sql<string | null>`null`,
      roomGridId: upsertedRoom ? sql<number | null>`(select grid_id from upserted_room)` : sql<null>`null`,
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
    ...(input.messageId
      ? {
          replay: row?.replay == null ? null : (JSON.parse(row.replay) as StoredResponse),
          rowId: row?.rowId == null ? null : Number(row.rowId),
        }
      : {}),
    ...(input.room ? { room: { gridId: row?.roomGridId == null ? null : Number(row.roomGridId) } } : {}),
  };
}
