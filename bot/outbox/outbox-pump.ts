// Leases what the API wants said in WeChat (reminders, replies), sends it at a safe pace, reports back.
import type { Logger } from 'pino';
import { ApiRequestError, type BotApi, type OutboxItem } from '../api-client.js';
import { type BackoffOptions, backoffDelay, defaultBackoff } from '../shared/backoff.js';
import type { BotClock } from '../shared/bot-clock.js';
import type { SendPacer } from './send-pacer.js';
import type { SentJournal } from './sent-journal.js';
import { chatKey, type SendText } from './wechat-sender.js';

export interface OutboxPumpOptions {
  api: Pick<BotApi, 'leaseOutbox' | 'markSent' | 'markFailed'>;
  send: SendText;
  pacer: SendPacer;
  clock: BotClock;
  logger: Logger;
  /** Pause between polls while the outbox is empty. */
  pollIntervalMs?: number;
  /** Items leased per poll; small, because paced sending must finish them within the lease. */
  batchSize?: number;
  /** Resolves when sending is possible (logged in); the pump leases nothing before. */
  whenReady?: (signal: AbortSignal) => Promise<void>;
  backoff?: BackoffOptions;
  random?: () => number;
  /** Sent-but-unacknowledged ids, kept on disk so an API restart cannot make the bot send twice. */
  journal?: SentJournal;
}

export interface OutboxPump {
  start(): void;
  stop(): Promise<void>;
  /** Leases and sends one batch; returns how many items were leased (tests and manual runs). */
  runOnce(signal?: AbortSignal): Promise<number>;
}

const MARK_ATTEMPTS = 5;

export function createOutboxPump(options: OutboxPumpOptions): OutboxPump {
  const { api, send, pacer, clock, logger } = options;
  const pollIntervalMs = options.pollIntervalMs ?? 5_000;
  const batchSize = options.batchSize ?? 5;
  const backoff = options.backoff ?? defaultBackoff;
  let controller: AbortController | undefined;
  let loop: Promise<void> | undefined;

  const { journal } = options;

  /** Marks an item; true when the API has settled it (acknowledged, or refused for good). */
  async function mark(id: string, how: () => Promise<void>, signal?: AbortSignal): Promise<boolean> {
    for (let attempt = 0; attempt < MARK_ATTEMPTS; attempt++) {
      try {
        await how();
        return true;
      } catch (error) {
        if (error instanceof ApiRequestError && !error.retryable) {
          logger.error({ outboxId: id, status: error.status, code: error.code }, 'outbox mark refused');
          return true;
        }
        if (attempt === MARK_ATTEMPTS - 1) {
          logger.error(
            { outboxId: id, error: describe(error) },
            'outbox mark failed, kept in the sent journal',
          );
          return false;
        }
        await clock.sleep(backoffDelay(attempt, backoff, options.random), signal);
      }
    }
    return false;
  }

  async function acknowledgeSent(id: string, signal?: AbortSignal): Promise<void> {
    if (await mark(id, () => api.markSent(id), signal)) await journal?.remove(id);
  }

  /** Acknowledges what an earlier run sent but could not report, before leasing anything new. */
  async function flushJournal(signal?: AbortSignal): Promise<void> {
    if (!journal) return;
    for (const id of await journal.list()) await acknowledgeSent(id, signal);
  }

  async function sendItem(item: OutboxItem, signal?: AbortSignal): Promise<boolean> {
    if (await journal?.has(item.id)) {
      // WeChat already has it; the API only missed the acknowledgement (it restarted, or the lease ran out).
      logger.info({ outboxId: item.id }, 'outbox item already sent, acknowledging again');
      await acknowledgeSent(item.id, signal);
      return true;
    }
    if (!(await pacer.acquire(chatKey(item.to), signal))) return false;
    try {
      await send(item.to, item.text);
    } catch (error) {
      logger.warn({ outboxId: item.id, to: item.to.kind, error: describe(error) }, 'outbox send failed');
      await mark(item.id, () => api.markFailed(item.id, describe(error)), signal);
      return true;
    }
    logger.info({ outboxId: item.id, to: item.to.kind, textLength: item.text.length }, 'outbox item sent');
    await journal?.add(item.id);
    await acknowledgeSent(item.id, signal);
    return true;
  }

  async function runOnce(signal?: AbortSignal): Promise<number> {
    await flushJournal(signal);
    const { items } = await api.leaseOutbox(batchSize);
    for (const item of items) {
      // Items left unsent on stop are still leased; the API hands them out again when the lease ends.
      if (!(await sendItem(item, signal))) break;
    }
    return items.length;
  }

  async function run(signal: AbortSignal) {
    let failures = 0;
    while (!signal.aborted) {
      if (options.whenReady) await options.whenReady(signal);
      if (signal.aborted) return;
      try {
        const leased = await runOnce(signal);
        failures = 0;
        if (leased === 0) await clock.sleep(pollIntervalMs, signal);
      } catch (error) {
        logger.warn({ error: describe(error) }, 'outbox lease failed');
        await clock.sleep(
          Math.max(pollIntervalMs, backoffDelay(failures++, backoff, options.random)),
          signal,
        );
      }
    }
  }

  return {
    runOnce,
    start() {
      if (loop) return;
      controller = new AbortController();
      loop = run(controller.signal).catch((error) => {
        logger.error({ error: describe(error) }, 'outbox pump crashed');
      });
    },
    async stop() {
      controller?.abort();
      await loop;
      loop = undefined;
      controller = undefined;
    },
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
