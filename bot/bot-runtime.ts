// Composes the bot for a process: puppet from the environment, HTTP API client, intent parser, disk queue.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { mock } from 'wechaty-puppet-mock';
import { createParser, type Parse } from '../intents/index.js';
import { createApiClient } from './api-client.js';
import { type Bot, createBot, type ParseFn } from './create-bot.js';
import type { PacingOptions } from './outbox/send-pacer.js';
import { type CreatedPuppet, createPuppet } from './puppet-factory.js';

export interface BotRuntimeOptions {
  apiUrl: string;
  botToken: string;
  /** The inbound queue lives in `<dataDir>/bot-queue`; `memory` (tests) uses a temporary directory. */
  dataDir: string;
  puppetService?: { token: string; endpoint?: string | undefined; noTls: boolean } | undefined;
  outbox?: {
    leaseSeconds: number;
    minIntervalMs: number;
    jitterMs: number;
    maxPerMinute: number;
    perChatIntervalMs: number;
  };
  botName?: string;
  /** Defaults to the intents model, trained when the runtime starts. */
  parse?: ParseFn<unknown>;
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

/** Builds everything without connecting or training; `start()` does both. */
export function createBotRuntime(options: BotRuntimeOptions, logger: Logger): BotRuntime {
  const created = createPuppet({
    puppetServiceToken: options.puppetService?.token,
    puppetServiceEndpoint: options.puppetService?.endpoint,
    puppetServiceNoTls: options.puppetService?.noTls,
    botName: options.botName,
  });

  let parser: Promise<{ parse(text: string, opts?: { now?: Date }): Promise<Parse> }> | undefined;
  const loadParser = (places?: string[]) => {
    parser ??= createParser({ ...(places ? { places } : {}), logger: logger.child({ part: 'intents' }) });
    return parser;
  };
  const parse: ParseFn<unknown> =
    options.parse ?? (async (text, context) => (await loadParser()).parse(text, context));

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
    parse,
    logger,
    queueDir:
      options.dataDir === 'memory'
        ? join(tmpdir(), `jianwang-bot-queue-${process.pid}`)
        : join(options.dataDir, 'bot-queue'),
    pacing,
    outbox: { batchSize },
  });

  return {
    kind: created.kind,
    puppet: created.puppet,
    mocker: created.kind === 'mock' ? created.mocker : undefined,
    bot,
    async start() {
      // The registry's street and community names let the parser name the place a resident writes.
      if (!options.parse) await loadParser(await fetchPlaces(options, logger));
      await bot.start();
    },
    stop: () => bot.stop(),
  };
}

async function fetchPlaces(options: BotRuntimeOptions, logger: Logger): Promise<string[] | undefined> {
  try {
    const res = await fetch(`${options.apiUrl.replace(/\/+$/, '')}/v1/places`, {
      headers: { authorization: `Bearer ${options.botToken}` },
      signal: AbortSignal.timeout(10_000),
    });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    const body = (await res.json()) as { streets: string[]; communities: string[] };
    logger.info({ places: body.streets.length + body.communities.length }, 'registry places loaded');
    return [...body.streets, ...body.communities];
  } catch (error) {
    // Without them the parser knows the district's streets, and a resident is asked for their community.
    logger.warn(
      { error: error instanceof Error ? error.message : String(error) },
      'registry places unavailable',
    );
    return undefined;
  }
}
