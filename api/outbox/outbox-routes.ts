// Outbox endpoints the bot uses: lease messages to send, then acknowledge each as sent or failed.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorBody } from '../http/pagination.js';
import type { OutboxService } from './outbox-service.js';

const leased = z.object({
  id: z.string(),
  to: z.object({ kind: z.enum(['contact', 'room']), id: z.string() }),
  text: z.string(),
  attempts: z.number().int(),
});
const idParam = z.object({ id: z.uuid() });
const botOnly = { roles: ['bot'] as const };

export const outboxRoutes: FastifyPluginAsyncZod<{ outbox: OutboxService }> = async (app, opts) => {
  app.get(
    '/v1/outbox',
    {
      config: { ...botOnly, quietLog: true },
      schema: {
        tags: ['outbox'],
        summary: 'Lease up to `limit` messages to send; an unacknowledged lease expires and they return',
        security: [{ bearer: [] }],
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(100).default(10) }),
        response: { 200: z.object({ items: z.array(leased) }), 401: errorBody, 403: errorBody },
      },
    },
    async (request) => ({ items: await opts.outbox.lease(request.query.limit) }),
  );

  app.post(
    '/v1/outbox/:id/sent',
    {
      config: botOnly,
      schema: {
        tags: ['outbox'],
        summary: 'Acknowledge a leased message as sent',
        security: [{ bearer: [] }],
        params: idParam,
        response: { 204: z.null(), 404: errorBody, 409: errorBody },
      },
    },
    async (request, reply) => {
      await opts.outbox.markSent(request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/v1/outbox/:id/failed',
    {
      config: botOnly,
      schema: {
        tags: ['outbox'],
        summary: 'Report a failed send; the message is retried with backoff',
        security: [{ bearer: [] }],
        params: idParam,
        body: z.strictObject({ error: z.string().max(2000) }),
        response: { 204: z.null(), 404: errorBody, 409: errorBody },
      },
    },
    async (request, reply) => {
      await opts.outbox.markFailed(request.params.id, request.body.error);
      return reply.status(204).send(null);
    },
  );
};
