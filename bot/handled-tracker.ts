// Tells listeners when the bot is done with a message (answered, queued or ignored), by message id.
import { EventEmitter } from 'node:events';

export type HandledOutcome = 'replied' | 'silent' | 'ignored' | 'queued' | 'rejected' | 'failed';

export interface HandledEvent {
  messageId: string;
  /** What the bot said in the chat in answer to this message, in order. */
  replies: string[];
  outcome: HandledOutcome;
}

/**
 * Emits 'handled' with a HandledEvent. Recent events are remembered so `wait` also works when the
 * bot finished before the caller started waiting.
 */
export class HandledTracker extends EventEmitter<{ handled: [HandledEvent] }> {
  private readonly recent = new Map<string, HandledEvent>();

  constructor(private readonly keep = 1_000) {
    super();
    this.setMaxListeners(0);
  }

  publish(event: HandledEvent): void {
    this.recent.set(event.messageId, event);
    if (this.recent.size > this.keep) {
      const oldest = this.recent.keys().next().value;
      if (oldest !== undefined) this.recent.delete(oldest);
    }
    this.emit('handled', event);
  }

  /** Resolves with the event for `messageId` (possibly one already published), or undefined after `timeoutMs`. */
  wait(messageId: string, timeoutMs: number): Promise<HandledEvent | undefined> {
    const known = this.recent.get(messageId);
    if (known) return Promise.resolve(known);
    return this.next(messageId, timeoutMs);
  }

  /** Like `wait`, but only for an event published from now on (e.g. a replay of a handled message). */
  next(messageId: string, timeoutMs: number): Promise<HandledEvent | undefined> {
    return new Promise((resolve) => {
      const onHandled = (event: HandledEvent) => {
        if (event.messageId !== messageId) return;
        clearTimeout(timer);
        this.off('handled', onHandled);
        resolve(event);
      };
      const timer = setTimeout(() => {
        this.off('handled', onHandled);
        resolve(undefined);
      }, timeoutMs);
      this.on('handled', onHandled);
    });
  }
}
