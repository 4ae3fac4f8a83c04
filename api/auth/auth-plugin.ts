// Enforces each route's declared roles for a bearer token or the console's session cookie (writes need the CSRF header):
// no credentials → 401, the wrong role → 403, too many refused tokens from one address → 429.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { SESSION_COOKIE } from '../console/session-cookies.js';
import { type ConsoleSession, csrfMatches, type SessionService } from '../console/session-service.js';
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
    /** Set when the caller is authenticated by the console's session cookie rather than a bearer token. */
    consoleSession: ConsoleSession | null;
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

export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

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
  async (
    app: FastifyInstance,
    opts: { auth: AuthService; failures: AuthFailureLimit; sessions: SessionService },
  ) => {
    app.decorateRequest('principal', null);
    app.decorateRequest('consoleSession', null);

    async function authorizeSession(request: FastifyRequest, cookie: string, roles: readonly Role[]) {
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
      if (!roles.includes(session.principal.role)) throw new ForbiddenError();
      request.consoleSession = session;
      request.principal = session.principal;
    }

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
      // A bearer header wins over the cookie, so API clients behave the same inside a signed-in browser.
      const cookie = request.cookies[SESSION_COOKIE];
      if (header === undefined && cookie) return authorizeSession(request, cookie, roles);
      const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
      if (!match?.[1]) throw new UnauthorizedError();
      await app.authorizeToken(request, reply, match[1], roles);
    });
  },
  { name: 'auth', dependencies: ['@fastify/cookie'] },
);
