// pino logger with redaction of sensitive fields and masking of phone and ID numbers inside free text.
import pino, { type DestinationStream, type Logger } from 'pino';
import { maskSensitive } from '../../intents/index.js';

export type { Logger };

const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'text',
  'phone',
  'idNumber',
  'body',
  '*.text',
  '*.phone',
  '*.idNumber',
  '*.body',
];

export function createLogger(options: { level: string; destination?: DestinationStream }): Logger {
  return pino(
    {
      level: options.level,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      hooks: {
        logMethod(args, method) {
          const masked = args.map((a) => (typeof a === 'string' ? maskSensitive(a) : a)) as Parameters<
            typeof method
          >;
          return method.apply(this, masked);
        },
      },
      formatters: { log: (object) => maskDeep(object) as Record<string, unknown> },
      // Serializers run after the log formatter, so what they produce is masked here.
      serializers: { req: serializeRequest, err: serializeError },
    },
    options.destination,
  );
}

interface LoggedRequest {
  method?: string;
  url?: string;
  host?: string;
  ip?: string;
}

function serializeRequest(req: LoggedRequest) {
  return { method: req.method, url: maskUrl(req.url ?? ''), host: req.host, remoteAddress: req.ip };
}

/** Paths and queries can carry a phone or ID number, sometimes percent-encoded with spaces. */
function maskUrl(url: string): string {
  let decoded = url;
  try {
    decoded = decodeURIComponent(url.replace(/\+/g, ' '));
  } catch {
    // A malformed escape is logged as sent, masked all the same.
  }
  return maskSensitive(decoded);
}

function serializeError(err: unknown): unknown {
  const serialized = pino.stdSerializers.err(err as Error) as unknown;
  // pino's serialized error has its own prototype, which maskDeep leaves alone: its fields are masked here.
  if (serialized === null || typeof serialized !== 'object') return maskDeep(serialized);
  const fields: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(serialized)) fields[k] = maskDeep(v);
  return stripQueryParams(fields);
}

// Database errors carry the failed statement's parameters (a whole message text) and row details.
const VALUE_KEYS = new Set(['params', 'parameters', 'detail']);
const PARAMS_LINE = /\nparams: [\s\S]*?(?=\n {4}at |$)/g;

function stripQueryParams(value: unknown, depth = 0): unknown {
  if (depth > 6 || value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (VALUE_KEYS.has(k)) out[k] = '[redacted]';
    else if (typeof v === 'string') out[k] = v.replace(PARAMS_LINE, '\nparams: [redacted]');
    else out[k] = stripQueryParams(v, depth + 1);
  }
  return out;
}

function maskDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskSensitive(value);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => maskDeep(v, depth + 1));
  // Requests, errors and other class instances go through their own pino serializers untouched.
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = maskDeep(v, depth + 1);
  return out;
}
