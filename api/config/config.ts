// Environment parsed once into a typed, validated configuration.
import { isIP } from 'node:net';
import { z } from 'zod';
import { DATA_KEY_FORMAT, decodeDataKey } from '../security/data-key-format.js';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));
/** Shortest ADMIN_TOKEN / BOT_TOKEN accepted in production (what `npm run token` makes is longer). */
export const MIN_PRODUCTION_TOKEN_LENGTH = 32;

// proxy-addr's names for address ranges, accepted by Fastify's trustProxy beside addresses and CIDRs.
const PROXY_RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);
const proxyEntry = (entry: string): boolean => {
  if (PROXY_RANGE_NAMES.has(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
};
/** false (default): the peer is the client; true: trust every proxy; N: trust N hops; or addresses/CIDRs of the proxies. */
const trustProxy = z
  .string()
  .trim()
  .default('false')
  .transform((v, ctx): boolean | number | string[] => {
    if (v === '' || v === 'false' || v === '0') return false;
    if (v === 'true') return true;
    if (/^\d{1,2}$/.test(v)) return Number(v);
    const entries = v.split(',').map((s) => s.trim());
    if (entries.every(proxyEntry)) return entries;
    ctx.addIssue({
      code: 'custom',
      message:
        'expected true, false, a hop count, or proxy addresses/CIDRs (e.g. 10.0.0.1,10.1.0.0/16,loopback)',
    });
    return z.NEVER;
  });
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM');

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: optionalText.pipe(z.url({ protocol: /^postgres(ql)?$/ }).optional()),
  ADMIN_TOKEN: optionalText,
  BOT_TOKEN: optionalText,
  DATA_KEY: optionalText,
  BOT_QUEUE_KEY: optionalText,
  API_URL: optionalText,
  PUBLIC_URL: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
  PHONE_LINK_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  COMPONENTS: z
    .string()
    .default('api,bot,jobs')
    .transform((v) => new Set(v.split(',').map((s) => s.trim())))
    .pipe(z.set(z.enum(['api', 'bot', 'jobs']))),
  /** API processes sharing PORT (node:cluster); the first also runs the bot and the jobs. Postgres only. */
  API_WORKERS: z.coerce.number().int().min(1).max(64).default(1),
  WECHATY_PUPPET_SERVICE_TOKEN: optionalText,
  WECHATY_PUPPET_SERVICE_ENDPOINT: optionalText,
  WECHATY_PUPPET_SERVICE_NO_TLS: bool.default(false),
  WECHATY_PUPPET_SERVICE_AUTHORITY: optionalText,
  BOT_LOGIN_GRACE_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 3600)
    .default(300),
  SIM_ENABLED: optionalText.pipe(bool.optional()),
  DEMO_DATA: optionalText.pipe(z.enum(['on', 'off']).optional()),
  TRUST_PROXY: trustProxy,
  BOT_NAME: z.string().default('检网助手'),
  MAX_TEXT_CHARS: z.coerce.number().int().min(200).max(100_000).default(5000),
  DUPLICATE_WINDOW_HOURS: z.coerce
    .number()
    .min(0)
    .max(24 * 30)
    .default(72),
  DIALOGUE_TTL_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  /** How long after a report (or materials) a lone file or further message still joins that case. */
  FOLLOW_UP_WINDOW_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  OUTBOX_LEASE_SECONDS: z.coerce.number().int().min(5).max(3600).default(60),
  SEND_MIN_INTERVAL_MS: z.coerce.number().int().min(0).default(3000),
  SEND_JITTER_MS: z.coerce.number().int().min(0).default(2000),
  SEND_MAX_PER_MINUTE: z.coerce.number().int().min(1).default(30),
  SEND_PER_CHAT_INTERVAL_MS: z.coerce.number().int().min(0).default(1000),
  NOTICE_ROOM_INTERVAL_SECONDS: z.coerce.number().int().min(0).max(3600).default(30),
  QUIET_HOURS_START: hhmm.default('21:00'),
  QUIET_HOURS_END: hhmm.default('08:00'),
  DIGEST_TIME: hhmm.default('08:30'),
  REMINDER_TIME: hhmm.default('09:00'),
  SWEEP_INTERVAL_MINUTES: z.coerce.number().int().min(1).max(60).default(5),
  MEDIATION_REMIND_WORKING_DAYS: z.coerce.number().int().min(1).max(60).default(5),
  RETENTION_DAYS: z.coerce.number().int().min(1).default(180),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(600),
  SENDER_MESSAGES_PER_MINUTE: z.coerce.number().int().min(1).default(20),
  AUTH_FAILURES_PER_MINUTE: z.coerce.number().int().min(1).default(20),
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .default(8 * 60),
  SESSION_COOKIE_SECURE: bool.optional(),
  LOGIN_CODE_TTL_MINUTES: z.coerce.number().int().min(1).max(60).default(5),
  LOGIN_CODE_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
  SIGN_IN_PER_MINUTE: z.coerce.number().int().min(1).default(20),
});

export type Env = z.infer<typeof envSchema>;

export interface Config {
  env: Env['NODE_ENV'];
  host: string;
  port: number;
  logLevel: Env['LOG_LEVEL'];
  dataDir: string;
  databaseUrl: string | undefined;
  adminToken: string | undefined;
  botToken: string | undefined;
  /** 32-byte key (base64 or hex) that encrypts contact details at rest; see api/security/data-key-loader.ts. */
  dataKey: string | undefined;
  /** Pins the key of the bot's disk queue; without it the key is derived from BOT_TOKEN (bot/delivery/queue-key.ts). */
  botQueueKey: string | undefined;
  apiUrl: string;
  /** Where people's phones reach this server (links in WeChat messages): default http://localhost:PORT. */
  publicUrl: string;
  /** How long a phone-page link (/m/cases/…) works after it is sent. */
  phoneLinkMinutes: number;
  components: Set<'api' | 'bot' | 'jobs'>;
  /** How many API processes npm start runs on PORT (scripts/api-workers.ts); more than 1 needs DATABASE_URL. */
  apiWorkers: number;
  puppetService:
    | { token: string; endpoint: string | undefined; authority: string | undefined; noTls: boolean }
    | undefined;
  /**
   * Whether /sim is served when the bot runs on the mock puppet (with the API in the same process).
   * Off by default in production, where it also requires the admin token.
   */
  simulator: { enabled: boolean; requireAdminToken: boolean };
  /**
   * Whether the first start of an empty database adds the demo cases (db/seed/demo-cases.ts): on by default in
   * development, off in test unless DEMO_DATA=on, never in production; DEMO_DATA=off turns it off.
   */
  demoData: boolean;
  /** Fastify's trustProxy: which peers' X-Forwarded-For names the client address (rate limits key on it). */
  trustProxy: boolean | number | string[];
  botName: string;
  /** /health answers 503 once the bot in this process has been unable to log in for this long. */
  botLoginGraceSeconds: number;
  limits: { maxTextChars: number };
  routing: { duplicateWindowHours: number; dialogueTtlMinutes: number; followUpWindowMinutes: number };
  outbox: {
    leaseSeconds: number;
    minIntervalMs: number;
    jitterMs: number;
    maxPerMinute: number;
    perChatIntervalMs: number;
    /** An approved notice's copies go out one room at a time, this many seconds apart (0 in tests). */
    noticeRoomIntervalSeconds: number;
  };
  schedule: {
    quietHoursStart: string;
    quietHoursEnd: string;
    digestTime: string;
    reminderTime: string;
    sweepIntervalMinutes: number;
  };
  mediation: {
    /** Working days after a referral with no outcome before the grid member is reminded (once). */
    remindAfterWorkingDays: number;
  };
  retentionDays: number;
  rateLimit: {
    /** API requests per minute per token (or per IP without one); 0 turns the limit off. The bot is exempt. */
    perMinute: number;
    /** Inbound WeChat messages per minute from one sender before the flood notice. */
    senderMessagesPerMinute: number;
    /** Failed authentications (a token presented and refused) per minute from one client address before 429. */
    authFailuresPerMinute: number;
  };
  console: {
    /** A console session ends after this long without a request. */
    sessionIdleMinutes: number;
    /** Cookies marked Secure (HTTPS only); default on in production, off for http://127.0.0.1 in development. */
    secureCookies: boolean;
    /** How long a WeChat 登录 code lives, and how many wrong tries spend it. */
    loginCodeTtlMinutes: number;
    loginCodeMaxAttempts: number;
    /** POST /v1/session calls per minute from one address (needs the API rate limit on). */
    signInPerMinute: number;
  };
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses the environment; throws a ConfigError naming every bad variable. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigError(`invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  const problems = e.NODE_ENV === 'production' ? productionProblems(e) : [];
  // A key that cannot be read fails now, before any migration runs, in every environment.
  if (e.DATA_KEY && !decodeDataKey(e.DATA_KEY) && !problems.includes(DATA_KEY_FORMAT))
    problems.push(DATA_KEY_FORMAT);
  if (e.BOT_QUEUE_KEY && !decodeDataKey(e.BOT_QUEUE_KEY))
    problems.push('BOT_QUEUE_KEY must be 32 bytes written as 64 hex digits or base64');
  // Embedded PGlite is one process's database: a second process cannot open its data directory.
  if (e.API_WORKERS > 1 && !e.DATABASE_URL && e.COMPONENTS.has('api'))
    problems.push(
      `API_WORKERS=${e.API_WORKERS} needs DATABASE_URL: embedded PGlite serves one process only (set API_WORKERS=1, or point DATABASE_URL at Postgres)`,
    );
  if (problems.length > 0) throw new ConfigError(`refusing to start: ${problems.join('; ')}`);
  const apiHost = e.HOST === '0.0.0.0' || e.HOST === '::' ? '127.0.0.1' : e.HOST;
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    logLevel: e.LOG_LEVEL,
    dataDir: e.DATA_DIR,
    databaseUrl: e.DATABASE_URL,
    adminToken: e.ADMIN_TOKEN,
    botToken: e.BOT_TOKEN,
    dataKey: e.DATA_KEY,
    botQueueKey: e.BOT_QUEUE_KEY,
    apiUrl: e.API_URL ?? `http://${apiHost}:${e.PORT}`,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    phoneLinkMinutes: e.PHONE_LINK_MINUTES,
    components: e.COMPONENTS,
    apiWorkers: e.API_WORKERS,
    puppetService: e.WECHATY_PUPPET_SERVICE_TOKEN
      ? {
          token: e.WECHATY_PUPPET_SERVICE_TOKEN,
          endpoint: e.WECHATY_PUPPET_SERVICE_ENDPOINT,
          authority: e.WECHATY_PUPPET_SERVICE_AUTHORITY,
          noTls: e.WECHATY_PUPPET_SERVICE_NO_TLS,
        }
      : undefined,
    simulator: {
      enabled: e.SIM_ENABLED ?? e.NODE_ENV !== 'production',
      requireAdminToken: e.NODE_ENV === 'production',
    },
    demoData:
      e.NODE_ENV === 'development' ? e.DEMO_DATA !== 'off' : e.NODE_ENV === 'test' && e.DEMO_DATA === 'on',
    trustProxy: e.TRUST_PROXY,
    botName: e.BOT_NAME,
    botLoginGraceSeconds: e.BOT_LOGIN_GRACE_SECONDS,
    limits: { maxTextChars: e.MAX_TEXT_CHARS },
    routing: {
      duplicateWindowHours: e.DUPLICATE_WINDOW_HOURS,
      dialogueTtlMinutes: e.DIALOGUE_TTL_MINUTES,
      followUpWindowMinutes: e.FOLLOW_UP_WINDOW_MINUTES,
    },
    outbox: {
      leaseSeconds: e.OUTBOX_LEASE_SECONDS,
      minIntervalMs: e.SEND_MIN_INTERVAL_MS,
      jitterMs: e.SEND_JITTER_MS,
      maxPerMinute: e.SEND_MAX_PER_MINUTE,
      perChatIntervalMs: e.SEND_PER_CHAT_INTERVAL_MS,
      noticeRoomIntervalSeconds: e.NOTICE_ROOM_INTERVAL_SECONDS,
    },
    schedule: {
      quietHoursStart: e.QUIET_HOURS_START,
      quietHoursEnd: e.QUIET_HOURS_END,
      digestTime: e.DIGEST_TIME,
      reminderTime: e.REMINDER_TIME,
      sweepIntervalMinutes: e.SWEEP_INTERVAL_MINUTES,
    },
    mediation: { remindAfterWorkingDays: e.MEDIATION_REMIND_WORKING_DAYS },
    retentionDays: e.RETENTION_DAYS,
    rateLimit: {
      perMinute: e.RATE_LIMIT_PER_MINUTE,
      senderMessagesPerMinute: e.SENDER_MESSAGES_PER_MINUTE,
      authFailuresPerMinute: e.AUTH_FAILURES_PER_MINUTE,
    },
    console: {
      sessionIdleMinutes: e.SESSION_IDLE_MINUTES,
      secureCookies: e.SESSION_COOKIE_SECURE ?? e.NODE_ENV === 'production',
      loginCodeTtlMinutes: e.LOGIN_CODE_TTL_MINUTES,
      loginCodeMaxAttempts: e.LOGIN_CODE_MAX_ATTEMPTS,
      signInPerMinute: e.SIGN_IN_PER_MINUTE,
    },
  };
}

/** What production refuses: guessable tokens, an unreadable data key, a bot with no WeChat behind it. */
function productionProblems(e: Env): string[] {
  const problems: string[] = [];
  for (const name of ['ADMIN_TOKEN', 'BOT_TOKEN'] as const) {
    const token = e[name];
    if (!token) problems.push(`${name} is required when NODE_ENV=production`);
    else if (token.length < MIN_PRODUCTION_TOKEN_LENGTH)
      problems.push(
        `${name} must be at least ${MIN_PRODUCTION_TOKEN_LENGTH} characters when NODE_ENV=production (e.g. openssl rand -hex 32)`,
      );
  }
  if (!e.DATA_KEY) problems.push('DATA_KEY is required when NODE_ENV=production');
  else if (!decodeDataKey(e.DATA_KEY)) problems.push(DATA_KEY_FORMAT);
  if (e.COMPONENTS.has('bot') && !e.WECHATY_PUPPET_SERVICE_TOKEN && e.SIM_ENABLED !== true)
    problems.push(
      'the bot needs WECHATY_PUPPET_SERVICE_TOKEN when NODE_ENV=production (or SIM_ENABLED=true for the simulator, which then requires the admin token)',
    );
  return problems;
}
