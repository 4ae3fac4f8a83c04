// Enforces each route's declared roles: no token → 401, a token of the wrong role → 403.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { ForbiddenError, UnauthorizedError } from '../http/domain-errors.js';
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
}

export function requirePrincipal(request: FastifyRequest): Principal {
  if (!request.principal) throw new UnauthorizedError();
  return request.principal;
}

export const authPlugin = fp(
  async (app: FastifyInstance, opts: { auth: AuthService }) => {
    app.decorateRequest('principal', null);
    app.addHook('onRequest', async (request) => {
      const roles = request.routeOptions.config?.roles;
      if (!roles) return;
      const header = request.headers.authorization;
      const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
      if (!match?.[1]) throw new UnauthorizedError();
      const principal = await opts.auth.authenticate(match[1]);
      if (!principal) throw new UnauthorizedError('the token is unknown, expired or revoked');
      if (!roles.includes(principal.role)) throw new ForbiddenError();
      request.principal = principal;
    });
  },
  { name: 'auth' },
);
