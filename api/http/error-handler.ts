// The one error handler: domain errors and validation failures become { error: { code, message } }.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError } from './domain-errors.js';

export const errorHandlerPlugin = fp(
  async (app: FastifyInstance) => {
    app.setErrorHandler((error: FastifyError, request, reply) => {
      if (error instanceof AppError) {
        if (error.statusCode >= 500) request.log.error({ err: error }, 'request failed');
        return reply.status(error.statusCode).send({
          error: {
            code: error.code,
            message: error.message,
            ...(error.details ? { details: error.details } : {}),
            ...error.extra,
          },
        });
      }
      if (hasZodFastifySchemaValidationErrors(error)) {
        const details = error.validation.map((v) => ({
          path: `${error.validationContext ?? 'body'}${v.instancePath}`,
          message: v.message ?? 'invalid',
        }));
        return reply.status(400).send({
          error: { code: 'validation_failed', message: 'the request does not match the schema', details },
        });
      }
      if (isResponseSerializationError(error)) {
        request.log.error({ err: error }, 'response did not match its schema');
        return reply
          .status(500)
          .send({ error: { code: 'internal_error', message: 'internal server error' } });
      }
      const status = error.statusCode ?? 500;
      if (status < 500) {
        return reply.status(status).send({ error: { code: clientCode(error), message: error.message } });
      }
      request.log.error({ err: error }, 'unhandled error');
      return reply.status(500).send({ error: { code: 'internal_error', message: 'internal server error' } });
    });

    app.setNotFoundHandler((request, reply) =>
      reply.status(404).send({
        error: {
          code: 'not_found',
          message: `no route for ${request.method} ${request.url.split('?')[0]}`,
        },
      }),
    );
  },
  { name: 'error-handler' },
);

/**
 * Errors the router raises before any route or hook runs (malformed or over-long URLs); Fastify's own
 * answer has another shape and echoes the URL, so they get the API's error body instead.
 */
export function frameworkErrorHandler(error: FastifyError, _request: FastifyRequest, reply: FastifyReply) {
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    return reply
      .status(414)
      .send({ error: { code: 'uri_too_long', message: 'a path parameter is too long' } });
  }
  if ((error.statusCode ?? 400) >= 500) {
    return reply.status(500).send({ error: { code: 'internal_error', message: 'internal server error' } });
  }
  return reply.status(400).send({ error: { code: 'bad_url', message: 'the URL is malformed' } });
}

function clientCode(error: FastifyError): string {
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'invalid_json';
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'body_too_large';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'unsupported_media_type';
    default:
      return error.statusCode === 429 ? 'rate_limited' : 'bad_request';
  }
}
