// Spaces outgoing WeChat messages so the account is not flagged: global gap, per-minute cap, per-chat gap.
import type { BotClock } from '../shared/bot-clock.js';

export interface PacingOptions {
  /** Minimum pause between any two paced sends. */
  minGapMs: number;
  /** Random extra pause (0..jitterMs) added to each gap, so sends do not look machine-timed. */
  jitterMs: number;
  /** Sends allowed in any sliding 60 s window, per account. */
  maxPerMinute: number;
  /** Minimum pause between two sends to the same chat. */
  perChatGapMs: number;
}

export const defaultPacing: PacingOptions = {
  minGapMs: 3_000,
  jitterMs: 2_000,
  maxPerMinute: 30,
  perChatGapMs: 1_000,
};

export interface SendPacer {
  /** Waits until a send to `chatKey` is allowed and counts it as sent; false if aborted first. */
  acquire(chatKey: string, signal?: AbortSignal): Promise<boolean>;
  /** Counts a send that was not paced (a direct answer to a message) toward the limits. */
  record(chatKey: string): void;
}

export interface SendPacerOptions {
  clock: BotClock;
  pacing?: Partial<PacingOptions>;
  random?: () => number;
}

const MINUTE_MS = 60_000;

export function createSendPacer(options: SendPacerOptions): SendPacer {
  const pacing = { ...defaultPacing, ...options.pacing };
  const random = options.random ?? Math.random;
  const { clock } = options;
  const window: number[] = [];
  const lastByChat = new Map<string, number>();
  let nextGlobalAt = Number.NEGATIVE_INFINITY;
  // Callers are served one at a time so two waiting sends cannot claim the same slot.
  let turn: Promise<unknown> = Promise.resolve();

  const nowMs = () => clock.now().getTime();

  function earliest(chatKey: string, now: number): number {
    let at = Math.max(now, nextGlobalAt);
    if (window.length >= pacing.maxPerMinute) {
      at = Math.max(at, window[window.length - pacing.maxPerMinute]! + MINUTE_MS);
    }
    const last = lastByChat.get(chatKey);
    if (last !== undefined) at = Math.max(at, last + pacing.perChatGapMs);
    return at;
  }

  function record(chatKey: string) {
    const now = nowMs();
    window.push(now);
    while (window.length > 0 && window[0]! <= now - MINUTE_MS) window.shift();
    lastByChat.set(chatKey, now);
    // Old chats are only kept while their gap can still matter.
    if (lastByChat.size > 1_000) {
      for (const [key, at] of lastByChat) if (at < now - pacing.perChatGapMs) lastByChat.delete(key);
    }
    nextGlobalAt = Math.max(nextGlobalAt, now + pacing.minGapMs + random() * pacing.jitterMs);
  }

  async function acquireNow(chatKey: string, signal?: AbortSignal): Promise<boolean> {
    for (;;) {
      if (signal?.aborted) return false;
      const now = nowMs();
      const at = earliest(chatKey, now);
      if (at <= now) {
        record(chatKey);
        return true;
      }
      await clock.sleep(at - now, signal);
    }
  }

  return {
    acquire(chatKey, signal) {
      const mine = turn.then(() => acquireNow(chatKey, signal));
      turn = mine.catch(() => undefined);
      return mine;
    },
    record,
  };
}
