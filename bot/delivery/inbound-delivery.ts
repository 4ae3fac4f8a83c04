// Hands inbound messages to the API; keeps them on disk and retries with backoff while it is down.
import type { Logger } from 'pino';
import {
  ApiRequestError,
  type BotApi,
  FILE_REFUSALS,
  type PostMessageBody,
  type PostMessageResult,
} from '../api-client.js';
import { type BackoffOptions, backoffDelay, defaultBackoff } from '../shared/backoff.js';
import type { BotClock } from '../shared/bot-clock.js';
import type { DiskQueue, QueuedFile, ReplyTarget } from './disk-queue.js';

/** A message's file as read from WeChat, uploaded before the message itself. */
export interface InboundFile {
  name: string;
  mimeType: string;
  chunks: Buffer[];
}

export const DEFAULT_APOLOGY = '抱歉，您的消息暂时无法处理。请稍后再试，或拨打12309检察服务热线。';

export type DeliveryOutcome =
  | { status: 'delivered'; result: PostMessageResult }
  | { status: 'queued' }
  | { status: 'already_queued' }
  | { status: 'rejected'; apology: string };

export interface InboundDelivery {
  deliver(body: PostMessageBody, replyTo: ReplyTarget, file?: InboundFile): Promise<DeliveryOutcome>;
  /** Starts retrying what is on disk, including files left by a previous run. */
  start(): void;
  stop(): Promise<void>;
  /** Resolves once nothing is left on disk (tests). */
  drained(): Promise<void>;
}

export interface InboundDeliveryOptions {
  api: BotApi;
  queue: DiskQueue;
  logger: Logger;
  clock: BotClock;
  /** Says a reply that only arrived after the message had been queued. */
  sayLate: (to: ReplyTarget, text: string) => Promise<void>;
  /** Resolves when replies can be said (the account is logged in); retries wait for it. */
  whenReady?: (signal: AbortSignal) => Promise<void>;
  backoff?: BackoffOptions;
  random?: () => number;
  apology?: string;
}

export function createInboundDelivery(options: InboundDeliveryOptions): InboundDelivery {
  const { api, queue, logger, clock } = options;
  const backoff = options.backoff ?? defaultBackoff;
  const apology = options.apology ?? DEFAULT_APOLOGY;
  const inFlight = new Set<string>();
  let failing = false;
  let controller: AbortController | undefined;
  let loop: Promise<void> | undefined;
  let wake: (() => void) | undefined;
  // Set by every put, so a put landing between "list was empty" and "park" is not missed.
  let woken = false;
  // Each drained() waiter is answered only by a read of the queue begun after it was registered.
  let listsStarted = 0;
  let drainedWaiters: { after: number; resolve: () => void }[] = [];

  const notify = () => {
    woken = true;
    wake?.();
  };

  /**
   * The file first, then the message that refers to it (the case file joins them by message id). A file the API
   * refuses for itself (too large, a forbidden type) is not lost silently: the message goes on saying so.
   */
  async function post(body: PostMessageBody, file?: InboundFile): Promise<PostMessageResult> {
    let message = body;
    if (file) {
      try {
        await api.uploadAttachment({ messageId: body.messageId, ...file });
      } catch (error) {
        const problem =
          error instanceof ApiRequestError && !error.retryable && error.code
            ? FILE_REFUSALS[error.code]
            : undefined;
        if (!problem) throw error;
        logger.warn({ messageId: body.messageId, ...errorFields(error) }, 'attachment refused by the API');
        message = { ...body, attachmentProblem: problem };
      }
    }
    return api.postMessage(message);
  }

  async function enqueue(
    body: PostMessageBody,
    replyTo: ReplyTarget,
    file?: InboundFile,
  ): Promise<DeliveryOutcome> {
    const written = await queue.put({
      body,
      replyTo,
      queuedAt: clock.now().toISOString(),
      ...(file ? { file: toQueued(file) } : {}),
    });
    logger.warn(
      { messageId: body.messageId, textLength: body.text.length, written },
      'inbound message queued on disk',
    );
    notify();
    return written ? { status: 'queued' } : { status: 'already_queued' };
  }

  async function deliver(
    body: PostMessageBody,
    replyTo: ReplyTarget,
    file?: InboundFile,
  ): Promise<DeliveryOutcome> {
    const { messageId } = body;
    if (inFlight.has(messageId)) {
      logger.info({ messageId }, 'inbound message already pending, replay ignored');
      return { status: 'already_queued' };
    }
    // Claimed before the disk is asked: a replay arriving meanwhile must not be posted a second time.
    inFlight.add(messageId);
    try {
      if (await queue.has(messageId)) {
        logger.info({ messageId }, 'inbound message already pending, replay ignored');
        return { status: 'already_queued' };
      }
      // While retries are failing, go straight to disk: keeps arrival order and answers the chat fast.
      if (failing) return await enqueue(body, replyTo, file);
      return await deliverNow(body, replyTo, file);
    } finally {
      inFlight.delete(messageId);
    }
  }

  async function deliverNow(
    body: PostMessageBody,
    replyTo: ReplyTarget,
    file?: InboundFile,
  ): Promise<DeliveryOutcome> {
    const { messageId } = body;
    try {
      const result = await post(body, file);
      logger.info(
        { messageId, duplicate: result.duplicate, hasReply: result.reply !== null },
        'inbound delivered',
      );
      return { status: 'delivered', result };
    } catch (error) {
      if (isPermanent(error)) {
        logger.warn({ messageId, ...errorFields(error) }, 'inbound message refused by the API, dropped');
        return { status: 'rejected', apology };
      }
      logger.warn({ messageId, ...errorFields(error) }, 'API unavailable for inbound message');
      return await enqueue(body, replyTo, file);
    }
  }

  async function sayQuietly(messageId: string, to: ReplyTarget, text: string) {
    try {
      await options.sayLate(to, text);
    } catch (error) {
      logger.error({ messageId, ...errorFields(error) }, 'could not say late reply');
    }
  }

  /** Delivers one queued entry; false when the API is still unavailable. */
  async function retryOne(
    body: PostMessageBody,
    replyTo: ReplyTarget,
    file: QueuedFile | undefined,
  ): Promise<boolean> {
    const { messageId } = body;
    inFlight.add(messageId);
    try {
      const result = await post(body, file ? fromQueued(file) : undefined);
      // Said even on duplicate: the first attempt may have reached the API with its answer lost.
      if (result.reply) await sayQuietly(messageId, replyTo, result.reply);
      await queue.remove(messageId);
      logger.info({ messageId, duplicate: result.duplicate }, 'queued inbound message delivered');
      return true;
    } catch (error) {
      if (isPermanent(error)) {
        await queue.remove(messageId);
        logger.warn(
          { messageId, ...errorFields(error) },
          'queued inbound message refused by the API, dropped',
        );
        await sayQuietly(messageId, replyTo, apology);
        return true;
      }
      logger.warn({ messageId, ...errorFields(error) }, 'queued inbound message still undeliverable');
      return false;
    } finally {
      inFlight.delete(messageId);
    }
  }

  async function run(signal: AbortSignal) {
    let attempt = 0;
    while (!signal.aborted) {
      woken = false;
      const listNo = ++listsStarted;
      let entries: Awaited<ReturnType<DiskQueue['list']>>;
      try {
        entries = await queue.list();
      } catch (error) {
        logger.error(errorFields(error), 'cannot read the inbound queue');
        await clock.sleep(backoffDelay(attempt++, backoff, options.random), signal);
        continue;
      }
      if (entries.length === 0) {
        failing = false;
        attempt = 0;
        // A read begun before drained() was called may have missed a message queued meanwhile.
        drainedWaiters = drainedWaiters.filter((waiter) => {
          if (waiter.after >= listNo) return true;
          waiter.resolve();
          return false;
        });
        if (woken || signal.aborted) continue;
        await new Promise<void>((resolve) => {
          wake = resolve;
          signal.addEventListener('abort', () => resolve(), { once: true });
        });
        wake = undefined;
        continue;
      }
      if (options.whenReady) await options.whenReady(signal);
      for (const entry of entries) {
        if (signal.aborted) return;
        if (await retryOne(entry.body, entry.replyTo, entry.file)) {
          attempt = 0;
          continue;
        }
        failing = true;
        await clock.sleep(backoffDelay(attempt++, backoff, options.random), signal);
        break;
      }
    }
  }

  return {
    deliver,
    start() {
      if (loop) return;
      controller = new AbortController();
      loop = run(controller.signal).catch((error) => {
        logger.error(errorFields(error), 'inbound retry loop crashed');
      });
    },
    async stop() {
      controller?.abort();
      await loop;
      loop = undefined;
      controller = undefined;
    },
    async drained() {
      // Waiting before looking: the loop may empty the queue while the list is being read.
      const after = listsStarted;
      const emptied = new Promise<void>((resolve) => drainedWaiters.push({ after, resolve }));
      // A parked loop reads the queue again, so the waiter is answered even if nothing else wakes it.
      notify();
      if ((await queue.list()).length === 0 && inFlight.size === 0) return;
      await emptied;
    },
  };
}

function toQueued(file: InboundFile): QueuedFile {
  return { name: file.name, mimeType: file.mimeType, base64: Buffer.concat(file.chunks).toString('base64') };
}

function fromQueued(file: QueuedFile): InboundFile {
  return { name: file.name, mimeType: file.mimeType, chunks: [Buffer.from(file.base64, 'base64')] };
}

function isPermanent(error: unknown): boolean {
  // Anything that is not a clear refusal from the API is retried: losing a message is worse.
  return error instanceof ApiRequestError && !error.retryable;
}

function errorFields(error: unknown): Record<string, unknown> {
  if (error instanceof ApiRequestError)
    return { error: error.message, status: error.status, code: error.code };
  return { error: error instanceof Error ? error.message : String(error) };
}
