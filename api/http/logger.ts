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
    },
    options.destination,
  );
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
