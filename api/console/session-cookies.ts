// The console's cookies: the HttpOnly session secret and the script-readable CSRF token beside it.
import type { FastifyReply } from 'fastify';

export const SESSION_COOKIE = 'jw_session';
export const CSRF_COOKIE = 'jw_csrf';

export function setSessionCookies(
  reply: FastifyReply,
  values: { token: string; csrfToken: string },
  options: { secure: boolean },
): void {
  // No Max-Age: the browser forgets the cookie when closed; the server's idle limit ends it sooner.
  const common = { path: '/', sameSite: 'strict' as const, secure: options.secure };
  reply.setCookie(SESSION_COOKIE, values.token, { ...common, httpOnly: true });
  reply.setCookie(CSRF_COOKIE, values.csrfToken, { ...common, httpOnly: false });
}

export function clearSessionCookies(reply: FastifyReply, options: { secure: boolean }): void {
  const common = { path: '/', sameSite: 'strict' as const, secure: options.secure };
  reply.clearCookie(SESSION_COOKIE, { ...common, httpOnly: true });
  reply.clearCookie(CSRF_COOKIE, common);
}
