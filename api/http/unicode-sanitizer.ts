// Makes request strings storable: lone UTF-16 surrogates become U+FFFD and NUL characters are dropped.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';

// Postgres text and jsonb cannot hold NUL or unpaired surrogates; storing one failed the request with a 500.
// WeChat never sends either in earnest, so the text is kept, repaired, rather than refused.
export function sanitizeStrings(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return value.toWellFormed().replaceAll('\u0000', '');
  if (depth > 32 || value === null || typeof value !== 'object') return value;
  // A raw upload's stream (application/octet-stream) is bytes, not strings to repair.
  if (
    !Array.isArray(value) &&
    Object.getPrototypeOf(value) !== Object.prototype &&
    Object.getPrototypeOf(value) !== null
  )
    return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = sanitizeStrings(value[i], depth + 1);
    return value;
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value))
    out[sanitizeStrings(k) as string] = sanitizeStrings(v, depth + 1);
  return out;
}

export const unicodeSanitizerPlugin = fp(
  async (app: FastifyInstance) => {
    app.addHook('preValidation', async (request: FastifyRequest) => {
      if (request.body !== undefined) request.body = sanitizeStrings(request.body);
      // The router and the query parser build their objects on a prototype of their own, which
      // sanitizeStrings leaves alone as it does streams: copy them into plain objects first.
      request.params = sanitizeStrings({ ...(request.params as object) });
      request.query = sanitizeStrings({ ...(request.query as object) });
    });
  },
  { name: 'unicode-sanitizer' },
);
