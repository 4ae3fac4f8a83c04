// The ingest bench's "API without the database" route: POST /v1/messages's Node work (auth, schema, parse, encryption, sender hash, logging) and no SQL.
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { App } from '../../api/app.js';
import { SENDER_HASH_PURPOSE } from '../../api/messages/anonymous-report.js';
import { inboundMessageSchema, inboundResultSchema } from '../../api/messages/inbound-message.js';
import type { MessageParser } from '../../api/messages/message-parser.js';

export const NO_DB_PATH = '/v1/bench/messages-without-db';
/** The same auth and schemas with no work at all: what HTTP and the load generator alone reach on this machine. */
export const EMPTY_PATH = '/v1/bench/messages-empty';

/** Only the bench's API process registers it; the real app has no such route. */
export function registerNoDatabaseRoute(app: App, parser: MessageParser, maxTextChars: number): void {
  const { keyedHash } = app.services;
  const cipher = app.services.registry.fieldCipher;
  app.withTypeProvider<ZodTypeProvider>().post(
    NO_DB_PATH,
    {
      config: { roles: ['bot'] },
      schema: { body: inboundMessageSchema, response: { 200: inboundResultSchema } },
    },
    async (request) => {
      const msg = request.body;
      const parse = await parser.parse(msg.text.slice(0, maxTextChars), { now: new Date(msg.receivedAt) });
      // What the real path computes and stores: the sealed text, the stored parse, the sender's keyed hash.
      const sealed = cipher.encrypt(msg.text);
      const stored = JSON.stringify({ ...parse, normalizedText: undefined });
      const hash = await keyedHash.hash(SENDER_HASH_PURPOSE, msg.from.id);
      request.log.info({ messageId: msg.messageId, duplicate: false }, 'message handled');
      return { reply: `${parse.intent} ${sealed.length + stored.length + hash.length}`, duplicate: false };
    },
  );
}

/** Only the bench's API process registers it: validates and answers a constant, so the message work is absent. */
export function registerEmptyRoute(app: App): void {
  app.withTypeProvider<ZodTypeProvider>().post(
    EMPTY_PATH,
    {
      config: { roles: ['bot'] },
      schema: { body: inboundMessageSchema, response: { 200: inboundResultSchema } },
    },
    async () => ({ reply: 'ok', duplicate: false }),
  );
}
