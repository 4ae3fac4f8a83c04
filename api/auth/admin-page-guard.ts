// Guards pages a browser opens (the simulator in production): the admin token as a Bearer token, or as the password of HTTP Basic so the browser asks for it.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { UnauthorizedError } from '../http/domain-errors.js';

/** The token of `Authorization: Bearer <token>` or the password of `Authorization: Basic …`. */
export function presentedToken(header: string | undefined): string | null {
  if (!header) return null;
  const bearer = /^Bearer\s+(\S+)$/i.exec(header);
  if (bearer?.[1]) return bearer[1];
  const basic = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header);
  if (!basic?.[1]) return null;
  const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon >= 0 && colon < decoded.length - 1 ? decoded.slice(colon + 1) : null;
}

/** An onRequest hook: only the admin role passes; refused tokens count against the address like any other. */
export function adminPageGuard(app: FastifyInstance, realm: string) {
  const challenge = `Basic realm="${realm}", charset="UTF-8"`;
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const token = presentedToken(request.headers.authorization);
    if (!token) {
      reply.header('www-authenticate', challenge);
      throw new UnauthorizedError('the admin token is required (Bearer, or the password of HTTP Basic)');
    }
    try {
      await app.authorizeToken(request, reply, token, ['admin']);
    } catch (error) {
      if (error instanceof UnauthorizedError) reply.header('www-authenticate', challenge);
      throw error;
    }
  };
}
