// Composes the bot for a process: puppet from the environment, HTTP API client, disk queue.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { log as wechatyLog } from 'wechaty';
import type { mock } from 'wechaty-puppet-mock';
import { createApiClient } from './api-client.js';
import { type Bot, createBot } from './create-bot.js';
import { botQueueKey } from './delivery/queue-key.js';
import type { PacingOptions } from './outbox/send-pacer.js';
import { type CreatedPuppet, createPuppet } from './puppet-factory.js';

export interface BotRuntimeOptions {
  apiUrl: string;
  botToken: string;
  /** BOT_QUEUE_KEY; without it the disk queue's key is derived from botToken. */
  botQueueKey?: string | undefined;
  /** The inbound queue lives in `<dataDir>/bot-queue`; `memory` (tests) uses a temporary directory. */
  dataDir: string;
  puppetService?:
    | { token: string; endpoint?: string | undefined; authority?: string | undefined; noTls: boolean }
    | undefined;
  outbox?: {
    leaseSeconds: number;
    minIntervalMs: number;
    jitterMs: number;
    maxPerMinute: number;
    perChatIntervalMs: number;
  };
  botName?: string;
}

export interface BotRuntime {
  kind: CreatedPuppet['kind'];
  puppet: CreatedPuppet['puppet'];
  /** Present on the mock puppet only: drives the simulator. */
  mocker: mock.Mocker | undefined;
  bot: Bot;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Builds everything without connecting; `start()` connects. */
export function createBotRuntime(options: BotRuntimeOptions, logger: Logger): BotRuntime {
  // Wechaty's own logger prints library internals (stack traces included) to the terminal; the bot's
  // connection reports what an operator needs. WECHATY_LOG=verbose brings the library's lines back.
  wechatyLog.level(process.env.WECHATY_LOG === undefined ? 'silent' : wechatyLog.level());
  const created = createPuppet({
    puppetServiceToken: options.puppetService?.token,
    puppetServiceEndpoint: options.puppetService?.endpoint,
    puppetServiceNoTls: options.puppetService?.noTls,
    botName: options.botName,
  });

  const pacing: Partial<PacingOptions> | undefined = options.outbox && {
    minGapMs: options.outbox.minIntervalMs,
    jitterMs: options.outbox.jitterMs,
    maxPerMinute: options.outbox.maxPerMinute,
    perChatGapMs: options.outbox.perChatIntervalMs,
  };
  // Lease no more than can be sent, at the slowest pace, before the lease runs out.
  const batchSize = options.outbox
    ? Math.max(
        1,
        Math.min(
          10,
          Math.floor(
            (options.outbox.leaseSeconds * 1000 * 0.8) /
              Math.max(1, options.outbox.minIntervalMs + options.outbox.jitterMs),
          ),
        ),
      )
    : undefined;

  const bot = createBot({
    puppet: created.puppet,
    api: createApiClient({ apiUrl: options.apiUrl, botToken: options.botToken }),
    logger,
    queueDir:
      options.dataDir === 'memory'
        ? join(tmpdir(), `jianwang-bot-queue-${process.pid}`)
        : join(options.dataDir, 'bot-queue'),
    queueKey: botQueueKey(options),
    pacing,
    outbox: { batchSize },
    gateway:
      created.kind === 'service' && options.puppetService
        ? {
            puppet: created.puppet,
            settings: {
              token: options.puppetService.token,
              endpoint: options.puppetService.endpoint,
              authority: options.puppetService.authority,
            },
          }
        : undefined,
  });

  return {
    kind: created.kind,
    puppet: created.puppet,
    mocker: created.kind === 'mock' ? created.mocker : undefined,
    bot,
    start: () => bot.start(),
    stop: () => bot.stop(),
  };
}
