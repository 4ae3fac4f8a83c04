// Request log lines at info, except routes marked `quietLog` (polling: outbox lease, bot status, /health, the simulator's inbox), logged at debug while they succeed.
import { type FastifyReply, type FastifyRequest, LogController } from 'fastify';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Polled every few seconds: its successful request lines go to debug so an idle system stays quiet. */
    quietLog?: boolean;
  }
}

const quiet = (request: FastifyRequest) => request.routeOptions?.config?.quietLog === true;

export class RequestLogController extends LogController {
  override incomingRequest(request: FastifyRequest, reply: FastifyReply): void {
    if (quiet(request)) request.log.debug({ req: request }, 'incoming request');
    else super.incomingRequest(request, reply);
  }

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    if (error || reply.statusCode >= 400 || !quiet(request)) super.requestCompleted(error, request, reply);
    else reply.log.debug({ res: reply, responseTime: reply.elapsedTime }, 'request completed');
  }
}
