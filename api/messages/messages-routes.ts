// POST /v1/messages: the bot hands over one inbound WeChat message and gets back what to say.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Clock } from '../clock.js';
import { BadRequestError } from '../http/domain-errors.js';
import { errorBody } from '../http/pagination.js';
import { inboundMessageSchema, inboundResultSchema, receivedAtProblem } from './inbound-message.js';
import type { MessageService } from './message-service.js';

export const messagesRoutes: FastifyPluginAsyncZod<{ messages: MessageService; clock: Clock }> = async (
  app,
  opts,
) => {
  app.post(
    '/v1/messages',
    {
      config: { roles: ['bot'] },
      schema: {
        tags: ['messages'],
        summary: 'Record one inbound WeChat message (idempotent on messageId) and get the reply',
        security: [{ bearer: [] }],
        body: inboundMessageSchema,
        response: { 200: inboundResultSchema, 400: errorBody, 401: errorBody, 403: errorBody },
      },
    },
    async (request) => {
      const problem = receivedAtProblem(request.body.receivedAt, opts.clock.now());
      if (problem)
        throw new BadRequestError(
          problem,
          [{ path: 'body/receivedAt', message: problem }],
          'validation_failed',
        );
      const result = await opts.messages.handle(request.body);
      request.log.info(
        { messageId: request.body.messageId, caseNo: result.caseNo, duplicate: result.duplicate },
        'message handled',
      );
      return result;
    },
  );
};
