// Builds the WeChat bot: hands each message as received to the API, says the answers, pumps the API's outbox.
import path from 'node:path';
import type { Logger } from 'pino';
import { type Message, type Wechaty, WechatyBuilder, type WechatyOptions } from 'wechaty';
import type { BotApi, PostMessageBody } from './api-client.js';
import {
  type BotConnection,
  createBotConnection,
  type GatewayPuppet,
  type GatewaySettings,
} from './connection/bot-connection.js';
import { createDiskQueue, type ReplyTarget } from './delivery/disk-queue.js';
import {
  createInboundDelivery,
  type InboundDelivery,
  type InboundFile,
} from './delivery/inbound-delivery.js';
import { type HandledOutcome, HandledTracker } from './handled-tracker.js';
import { readMessageContent } from './inbound/message-content.js';
import { readMessageFile } from './inbound/message-file.js';
import { createRecentSpeakers, startsWithRoomPrefix } from './inbound/room-filter.js';
import { createOutboxPump, type OutboxPump } from './outbox/outbox-pump.js';
import { createSendPacer, type PacingOptions, type SendPacer } from './outbox/send-pacer.js';
import { createSentJournal } from './outbox/sent-journal.js';
import { chatKey, createWechatSender } from './outbox/wechat-sender.js';
import type { BackoffOptions } from './shared/backoff.js';
import { type BotClock, systemClock } from './shared/bot-clock.js';

export type BotPuppet = Exclude<NonNullable<WechatyOptions['puppet']>, string>;

export interface CreateBotOptions {
  puppet: BotPuppet;
  api: BotApi;
  logger: Logger;
  /** Where inbound messages wait on disk while the API is unreachable. */
  queueDir: string;
  /** Encrypts what waits in queueDir (bot/delivery/queue-key.ts). */
  queueKey: Buffer;
  pacing?: Partial<PacingOptions>;
  clock?: BotClock;
  /** Retry schedule for queued inbound messages. */
  retry?: BackoffOptions;
  outbox?: { enabled?: boolean; pollIntervalMs?: number; batchSize?: number };
  random?: () => number;
  /** How long after addressing the bot in a group a member's photo or file is passed on (30 minutes). */
  roomFollowUpMs?: number;
  /** Real WeChat through wechaty-puppet-service: the gateway the connection finds, checks and retries. */
  gateway?: { puppet: GatewayPuppet; settings: GatewaySettings } | undefined;
}

export interface Bot {
  wechaty: Wechaty;
  /** Emits 'handled' ({ messageId, replies, outcome }) once the bot is done with each message. */
  handled: HandledTracker;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Resolves once the account is logged in (or immediately if it is). */
  loggedIn(signal?: AbortSignal): Promise<void>;
  delivery: InboundDelivery;
  outbox: OutboxPump;
  pacer: SendPacer;
  /** Login state (for /health) and, with a gateway, the connection kept with retries. */
  connection: BotConnection;
}

export function createBot(options: CreateBotOptions): Bot {
  const { api, logger } = options;
  const clock = options.clock ?? systemClock;
  const wechaty = WechatyBuilder.build({ puppet: options.puppet });
  const handled = new HandledTracker();
  const speakers = createRecentSpeakers({
    windowMs: options.roomFollowUpMs ?? 30 * 60_000,
    now: () => clock.now(),
  });
  const pacer = createSendPacer({ clock, pacing: options.pacing, random: options.random });
  const send = createWechatSender(wechaty);
  const lifetime = new AbortController();
  const inFlight = new Set<Promise<void>>();
  const connection = createBotConnection({
    wechaty,
    logger,
    clock,
    gateway: options.gateway,
    random: options.random,
  });

  function loggedIn(signal?: AbortSignal): Promise<void> {
    if (wechaty.isLoggedIn || signal?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        wechaty.off('login', done);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      wechaty.on('login', done);
      signal?.addEventListener('abort', done, { once: true });
    });
  }

  const delivery = createInboundDelivery({
    api,
    queue: createDiskQueue({
      dir: options.queueDir,
      key: options.queueKey,
      onCorrupt: (file, error) =>
        logger.error({ file, error: String(error) }, 'unreadable queue file skipped'),
    }),
    logger: logger.child({ part: 'inbound-delivery' }),
    clock,
    backoff: options.retry,
    random: options.random,
    whenReady: loggedIn,
    sayLate: async (to, text) => {
      if (await pacer.acquire(chatKey(to), lifetime.signal)) await send(to, text);
    },
  });

  const outbox = createOutboxPump({
    api,
    send,
    pacer,
    clock,
    logger: logger.child({ part: 'outbox' }),
    pollIntervalMs: options.outbox?.pollIntervalMs,
    batchSize: options.outbox?.batchSize,
    whenReady: loggedIn,
    backoff: options.retry,
    random: options.random,
    journal: createSentJournal(path.join(options.queueDir, 'outbox-sent')),
  });

  async function handle(message: Message): Promise<void> {
    const messageId = message.id;
    // The legal clock starts when WeChat received the message: a replay after re-login keeps its
    // original time. A timestamp ahead of our clock is not trusted.
    const sentAt = message.date();
    const now = clock.now();
    const receivedAt = Number.isFinite(sentAt.getTime()) && sentAt < now ? sentAt : now;
    const replies: string[] = [];
    let outcome: HandledOutcome = 'ignored';
    try {
      if (message.self()) return;
      const room = message.room();
      const content = await readMessageContent(message);
      const talker = message.talker();
      if (room) {
        const addressed = (await message.mentionSelf()) || startsWithRoomPrefix(content.text);
        const isFile = content.file !== undefined || content.type === 'location';
        if (addressed) speakers.noteAddressed(room.id, talker.id);
        else if (!isFile || !speakers.addressedRecently(room.id, talker.id)) return;
      }

      const replyTo: ReplyTarget = room ? { kind: 'room', id: room.id } : { kind: 'contact', id: talker.id };
      logger.info(
        { messageId, type: content.type, textLength: content.text.length, inRoom: !!room },
        'inbound message',
      );
      let file: InboundFile | undefined;
      let body: PostMessageBody = {
        messageId,
        from: { id: talker.id, name: talker.name() },
        ...(room ? { room: { id: room.id, topic: await room.topic() } } : {}),
        text: content.text,
        type: content.type,
        receivedAt: receivedAt.toISOString(),
      };
      if (content.file) {
        const read = await readMessageFile(content.file, content.type);
        if (read.ok) file = { name: read.name, mimeType: read.mimeType, chunks: read.chunks };
        else {
          // The message still goes to the API, which answers the sender; the file is not kept.
          // A read error may quote the file's name, which can hold a name or phone number: not logged.
          const detail = read.problem === 'unreadable' ? undefined : read.detail;
          logger.warn({ messageId, problem: read.problem, detail }, 'attachment not kept');
          body = { ...body, attachmentProblem: read.problem };
        }
      }

      const result = await delivery.deliver(body, replyTo, file);
      let reply: string | null = null;
      if (result.status === 'delivered') {
        // A duplicate is WeChat replaying a message (e.g. after re-login) that was answered the first time.
        reply = result.result.duplicate ? null : result.result.reply;
        outcome = reply ? 'replied' : 'silent';
      } else if (result.status === 'rejected') {
        reply = result.apology;
        outcome = 'rejected';
      } else {
        outcome = 'queued';
      }
      if (reply) {
        await (room ?? talker).say(reply);
        pacer.record(chatKey(replyTo));
        replies.push(reply);
      }
    } catch (error) {
      outcome = 'failed';
      logger.error(
        { messageId, error: error instanceof Error ? error.message : String(error) },
        'message handling failed',
      );
    } finally {
      handled.publish({ messageId, replies, outcome });
    }
  }

  wechaty.on('message', (message) => {
    const task = handle(message).finally(() => inFlight.delete(task));
    inFlight.add(task);
  });
  wechaty.on('login', (user) => logger.info({ userId: user.id }, 'bot logged in'));
  wechaty.on('logout', (user) => logger.warn({ userId: user.id }, 'bot logged out'));
  // Connection failures are the connection's to report, once and readably; anything else is logged here.
  wechaty.on('error', (error) => {
    if (!connection.claimsError(error)) logger.warn({ error: error.message.split('\n')[0] }, 'wechaty error');
  });

  return {
    wechaty,
    handled,
    loggedIn,
    delivery,
    outbox,
    pacer,
    connection,
    async start() {
      await connection.start();
      delivery.start();
      if (options.outbox?.enabled !== false) outbox.start();
    },
    async stop() {
      lifetime.abort();
      await Promise.all([delivery.stop(), outbox.stop()]);
      await Promise.allSettled([...inFlight]);
      await connection.stop();
    },
  };
}
