// Office endpoints for WeChat room bindings: bind a room to a grid, list rooms, remove a binding.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePrincipal } from '../auth/auth-plugin.js';
import { errorBody, pageOf, paginationQuery } from '../http/pagination.js';
import { gridRefSchema } from './registry-views.js';
import type { RoomService } from './rooms-service.js';

const roomSchema = z.object({
  roomId: z.string(),
  topic: z.string().nullable().describe('last topic seen; the binding is keyed by roomId, not the topic'),
  grid: gridRefSchema.nullable(),
  boundBy: z.string().nullable(),
  boundAt: z.string().nullable(),
  noticesOptIn: z.boolean().describe('the room takes approved 普法 notices (订阅普法 / 退订普法)'),
});

const roomParam = z.object({ roomId: z.string().min(1).max(200) });
const roles = { roles: ['admin', 'office'] as const };

export const roomsRoutes: FastifyPluginAsyncZod<{ rooms: RoomService }> = async (app, opts) => {
  app.get(
    '/v1/rooms',
    {
      config: roles,
      schema: {
        tags: ['registry'],
        summary: 'WeChat rooms the bot has seen or the office bound, with their grid',
        security: [{ bearer: [] }],
        querystring: paginationQuery.extend({
          bound: z
            .enum(['true', 'false'])
            .transform((v) => v === 'true')
            .optional(),
        }),
        response: { 200: pageOf(roomSchema), 400: errorBody, 401: errorBody, 403: errorBody },
      },
    },
    async (request) => {
      const { limit, offset, bound } = request.query;
      return opts.rooms.list(bound === undefined ? {} : { bound }, { limit, offset });
    },
  );

  app.put(
    '/v1/rooms/:roomId',
    {
      config: roles,
      schema: {
        tags: ['registry'],
        summary: 'Bind a WeChat room to a community or grassroots grid (a street is refused)',
        security: [{ bearer: [] }],
        params: roomParam,
        body: z.strictObject({ gridCode: z.string().trim().min(1).max(64) }),
        response: { 200: roomSchema, 400: errorBody, 401: errorBody, 403: errorBody },
      },
    },
    async (request) =>
      opts.rooms.bind(request.params.roomId, request.body.gridCode, requirePrincipal(request).actor),
  );

  app.delete(
    '/v1/rooms/:roomId/binding',
    {
      config: roles,
      schema: {
        tags: ['registry'],
        summary: 'Remove a room binding; the room falls silent again',
        security: [{ bearer: [] }],
        params: roomParam,
        response: { 200: roomSchema, 401: errorBody, 403: errorBody, 404: errorBody },
      },
    },
    async (request) => opts.rooms.unbind(request.params.roomId, requirePrincipal(request).actor),
  );

  app.put(
    '/v1/rooms/:roomId/notices',
    {
      config: roles,
      schema: {
        tags: ['registry'],
        summary:
          'Subscribe a bound room to approved 普法 notices ({"optIn": true}) or unsubscribe it; an unbound room is refused',
        security: [{ bearer: [] }],
        params: roomParam,
        body: z.strictObject({ optIn: z.boolean() }),
        response: { 200: roomSchema, 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody },
      },
    },
    async (request) =>
      opts.rooms.setNoticesOptIn(request.params.roomId, request.body.optIn, requirePrincipal(request).actor),
  );
};
