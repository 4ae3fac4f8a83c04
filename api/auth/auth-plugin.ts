// Enforces each route's declared roles: no token → 401, a token of the wrong role → 403, too many refused tokens from one address → 429.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError, ForbiddenError, UnauthorizedError } from '../http/domain-errors.js';
import type { AuthFailureLimit } from './auth-failure-limit.js';
import type { AuthService } from './auth-service.js';
import type { Principal, Role } from './principal.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Roles allowed to call the route; a route without roles is public. */
    roles?: readonly Role[];
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyInstance {
    /**
     * Authenticates a token presented with the request for one of `roles` and sets `request.principal`;
     * every refused token counts against the client address (request.ip, so TRUST_PROXY decides it).
     */
    authorizeToken(
      request: FastifyRequest,
      reply: FastifyReply,
      token: string,
      roles: readonly Role[],
    ): Promise<Principal>;
  }
}

export function requirePrincipal(request: FastifyRequest): Principal {
  if (!request.principal) throw new UnauthorizedError();
  return request.principal;
}

export class TooManyAuthFailuresError extends AppError {
  constructor(retryAfterSeconds: number) {
    super(
      'rate_limited',
      `too many refused tokens from this address; try again in ${retryAfterSeconds} s`,
      429,
    );
  }
}

export const authPlugin = fp(
  async (app: FastifyInstance, opts: { auth: AuthService; failures: AuthFailureLimit }) => {
    app.decorateRequest('principal', null);
    app.decorate(
      'authorizeToken',
      async (request: FastifyRequest, reply: FastifyReply, token: string, roles: readonly Role[]) => {
        // A blocked address is refused before its token is looked at, so guessing learns nothing meanwhile.
        const wait = opts.failures.blockedFor(request.ip);
        if (wait > 0) {
          reply.header('retry-after', String(wait));
          throw new TooManyAuthFailuresError(wait);
        }
        const principal = await opts.auth.authenticate(token);
        if (!principal) {
          opts.failures.fail(request.ip);
          throw new UnauthorizedError('the token is unknown, expired or revoked');
        }
        if (!roles.includes(principal.role)) throw new ForbiddenError();
        request.principal = principal;
        return principal;
      },
    );
    app.addHook('onRequest', async (request, reply) => {
      const roles = request.routeOptions.config?.roles;
      if (!roles) return;
      const header = request.headers.authorization;
      const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
      if (!match?.[1]) throw new UnauthorizedError();
      await app.authorizeToken(request, reply, match[1], roles);
    });
  },
  { name: 'auth' },
);
