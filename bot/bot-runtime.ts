// Assembles the bot for a process: puppet from the environment, parser with the registry's places, API client.
import path from 'node:path';
import type { Logger } from 'pino';
import type { mock } from 'wechaty-puppet-mock';
import { createParser, type Parse, type Parser } from '../intents/index.js';
import { type BotApi, createApiClient } from './api-client.js';
import { type Bot, createBot } from './create-bot.js';
import { type CreatedPuppet, createPuppet } from './puppet-factory.js';

export interface BotRuntimeConfig {
  apiUrl: string;
  botToken: string;
  dataDir: string;
  puppetService: { token: string; endpoint: string | undefined; noTls: boolean } | undefined;
  outbox: { minIntervalMs: number; jitterMs: number; maxPerMinute: number; perChatIntervalMs: number };
}

export interface BotRuntime {
  bot: Bot;
  kind: 'service' | 'mock';
  /** The puppet chosen from the environment; constructed, not connected, until start(). */
  puppet: CreatedPuppet['puppet'];
  /** Present only on the mock puppet: the simulator drives it. */
  mocker: mock.Mocker | undefined;
  /** Builds the intent model with the registry's place names (fetched from the API), then starts the bot. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function createBotRuntime(config: BotRuntimeConfig, logger: Logger): BotRuntime {
  const created = createPuppet({
    puppetServiceToken: config.puppetService?.token,
    puppetServiceEndpoint: config.puppetService?.endpoint,
    puppetServiceNoTls: config.puppetService?.noTls,
  });
  const api: BotApi<Parse> = createApiClient<Parse>({ apiUrl: config.apiUrl, botToken: config.botToken });
  let parser: Parser | undefined;
  const bot = createBot<Parse>({
    puppet: created.puppet,
    api,
    parse: (text, context) => {
      if (!parser) throw new Error('the intent model is not built yet');
      return parser.parse(text, context);
    },
    logger,
    queueDir: path.resolve(config.dataDir, 'bot-queue'),
    pacing: {
      minGapMs: config.outbox.minIntervalMs,
      jitterMs: config.outbox.jitterMs,
      maxPerMinute: config.outbox.maxPerMinute,
      perChatGapMs: config.outbox.perChatIntervalMs,
    },
  });
  return {
    bot,
    kind: created.kind,
    puppet: created.puppet,
    mocker: created.mocker,
    async start() {
      const places = await fetchPlaces(config, logger);
      const started = Date.now();
      parser = await createParser({ places, logger });
      logger.info({ places: places.length, ms: Date.now() - started }, 'intent model ready');
      await bot.start();
    },
    stop: () => bot.stop(),
  };
}

async function fetchPlaces(config: BotRuntimeConfig, logger: Logger): Promise<string[]> {
  try {
    const res = await fetch(`${config.apiUrl.replace(/\/+$/, '')}/v1/places`, {
      headers: { authorization: `Bearer ${config.botToken}` },
      signal: AbortSignal.timeout(10_000),
    });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    const body = (await res.json()) as { streets: string[]; communities: string[] };
    return [...body.streets, ...body.communities];
  } catch (error) {
    // Place names only sharpen routing; without them the resident is asked for their community.
    logger.warn({ error: error instanceof Error ? error.message : String(error) }, 'place names unavailable');
    return [];
  }
}
