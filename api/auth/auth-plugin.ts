// Enforces each route's declared roles for a bearer token or a console session cookie (writes need the CSRF header).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { SESSION_COOKIE } from '../console/session-cookies.js';
import { type ConsoleSession, csrfMatches, type SessionService } from '../console/session-service.js';
import { AppError, ForbiddenError, UnauthorizedError } from '../http/domain-errors.js';
import type { AuthService } from './auth-service.js';
import type { Principal, Role } from './principal.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Roles allowed to call the route; a route without roles is public. */
    roles?: readonly Role[];
  }
  interface FastifyRequest {
    principal: Principal | null;
    /** Set when the caller is authenticated by the console's session cookie rather than a bearer token. */
    consoleSession: ConsoleSession | null;
  }
}

export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function requirePrincipal(request: FastifyRequest): Principal {
  if (!request.principal) throw new UnauthorizedError();
  return request.principal;
}

export const authPlugin = fp(
  async (app: FastifyInstance, opts: { auth: AuthService; sessions: SessionService }) => {
    app.decorateRequest('principal', null);
    app.decorateRequest('consoleSession', null);
    app.addHook('onRequest', async (request) => {
      const roles = request.routeOptions.config?.roles;
      if (!roles) return;
      const header = request.headers.authorization;
      let principal: Principal;
      if (header !== undefined) {
        const match = /^Bearer\s+(\S+)$/i.exec(header);
        if (!match?.[1]) throw new UnauthorizedError();
        const byToken = await opts.auth.authenticate(match[1]);
        if (!byToken) throw new UnauthorizedError('the token is unknown, expired or revoked');
        principal = byToken;
      } else {
        const cookie = request.cookies[SESSION_COOKIE];
        if (!cookie) throw new UnauthorizedError('sign in, or send a bearer token');
        const session = await opts.sessions.resolve(cookie);
        if (session === 'expired')
          throw new AppError(
            'session_expired',
            'the session ended after a period without use; sign in again',
            401,
          );
        if (!session) throw new UnauthorizedError('the session is unknown or signed out; sign in again');
        // A cookie rides along on any request the browser makes; only our page can read the token to echo it.
        const csrf = request.headers[CSRF_HEADER];
        if (
          !SAFE_METHODS.has(request.method) &&
          !csrfMatches(cookie, typeof csrf === 'string' ? csrf : undefined)
        )
          throw new AppError('csrf_failed', `a change needs the ${CSRF_HEADER} header of this session`, 403);
        request.consoleSession = session;
        principal = session.principal;
      }
      if (!roles.includes(principal.role)) throw new ForbiddenError();
      request.principal = principal;
    });
  },
  { name: 'auth', dependencies: ['@fastify/cookie'] },
);
