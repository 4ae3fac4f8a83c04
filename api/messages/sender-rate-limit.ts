// Per-sender flood control for inbound WeChat messages, counted in the database so every API process agrees.
//
// Policy: every message is recorded (a message is never lost), but beyond `perMinute` messages from one
// contact within a sliding 60-second window (by the time WeChat received them, so a backlog the bot delivers
// after an outage is judged by when it was sent) the message is not acted on — no case is opened, no command
// or survey answer is taken — and the sender gets one polite notice, then silence until their rate drops.
// The office can still read what was sent. Other senders are unaffected: the check reads only this
// sender's rows and serialises only this sender's over-limit messages.
import { and, eq, gt, lte, ne, or, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/create-db.js';
import { messages } from '../../db/schema/index.js';

export const FLOOD_NOTICE = '您发送的消息过于频繁，请稍后再试；已收到的内容不会丢失';
const WINDOW_MS = 60_000;

export type SenderVerdict = 'within' | 'notice' | 'silent';

type Sender = { wechatId: string; senderHash: string; receivedAt: Date };

export interface SenderRateLimit {
  /** Runs inside the message's transaction, after its row was inserted. */
  /** `senderHash`: the sender's keyed hash, which is all an anonymous report keeps of them. */
  /**
   * `before`: the count `recentCount` gave when read before this message's row was inserted (in the same
   * transaction, so nothing else of this sender's can have been counted in between); without it, counted here.
   */
  check(tx: Db, message: Sender & { rowId: number }, before?: number | null): Promise<SenderVerdict>;
  /** The sender's messages in the window, up to the limit: an expression to read with the sender's other facts. */
  recentCount(message: Sender): SQL<number>;
  /** Messages a sender may send within `windowMs` and still be acted on. */
  readonly perMinute: number;
  readonly windowMs: number;
}

export function createSenderRateLimit(deps: { perMinute: number }): SenderRateLimit {
  function inWindow(message: Sender) {
    const windowStart = new Date(message.receivedAt.getTime() - WINDOW_MS);
    return and(
      or(eq(messages.fromWechatId, message.wechatId), eq(messages.senderHash, message.senderHash)),
      gt(messages.receivedAt, windowStart),
      lte(messages.receivedAt, message.receivedAt),
    );
  }

  return {
    perMinute: deps.perMinute,
    windowMs: WINDOW_MS,

    recentCount(message) {
      // Counting stops at the limit, so a long flood costs no more than a short one.
      return sql<number>`(select count(*)::int from (select 1 from ${messages} where ${inWindow(message)} limit ${deps.perMinute}) as recent)`;
    },

    async check(tx, message, before) {
      // This message itself is in the window too: counted one past the limit, or once more on top of `before`.
      const counted =
        before === undefined || before === null
          ? (
              await tx
                .select({ id: messages.id })
                .from(messages)
                .where(inWindow(message))
                .limit(deps.perMinute + 1)
            ).length
          : before + 1;
      if (counted <= deps.perMinute) return 'within';
      // Two over-limit messages of one sender arriving together must not both send the notice.
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`sender:${message.wechatId}`}))`);
      const [noticed] = await tx
        .select({ id: messages.id })
        .from(messages)
        .where(
          and(
            inWindow(message),
            ne(messages.id, message.rowId),
            sql`${messages.response}->>'reply' like ${`${FLOOD_NOTICE}%`}`,
          ),
        )
        .limit(1);
      return noticed ? 'silent' : 'notice';
    },
  };
}
