// POST/GET/DELETE /v1/session: console sign-in by WeChat code or API token, the current session, sign-out.
import { eq } from 'drizzle-orm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/create-db.js';
import { people } from '../../db/schema/index.js';
import type { Principal } from '../auth/principal.js';
import { AppError, BadRequestError, ForbiddenError, UnauthorizedError } from '../http/domain-errors.js';
import { errorBody } from '../http/pagination.js';
import { toIsoShanghai } from '../http/time-format.js';
import { consoleRoleOf } from './console-role.js';
import type { LoginCodes } from './login-codes.js';
import { clearSessionCookies, setSessionCookies } from './session-cookies.js';
import type { ConsoleSession, SessionService } from './session-service.js';

const CONSOLE_ROLES = ['admin', 'office', 'group_leader', 'prosecutor'] as const;

const signInBody = z.union([
  z.strictObject({
    name: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .describe('registry name (people.name) or registry code (people.code)'),
    code: z.string().trim().describe('the 6-digit code the bot sent in reply to 登录'),
  }),
  z.strictObject({
    token: z.string().min(1).max(500).describe('the admin token, or an API token of a person'),
  }),
]);

const sessionSchema = z.object({
  role: z.enum(CONSOLE_ROLES),
  person: z.object({ id: z.number().int(), name: z.string(), code: z.string().nullable() }).nullable(),
  actor: z.string(),
  csrfToken: z.string().describe('send as the x-csrf-token header with every POST, PUT, PATCH and DELETE'),
  idleTimeoutSeconds: z.number().int(),
  expiresAt: z.string().describe('when the session ends unless used again'),
});

export const sessionRoutes: FastifyPluginAsyncZod<{
  db: Db;
  codes: LoginCodes;
  sessions: SessionService;
  secureCookies: boolean;
  signInPerMinute: number;
}> = async (app, opts) => {
  async function body(session: ConsoleSession): Promise<z.infer<typeof sessionSchema>> {
    const { personId } = session.principal;
    const [person] =
      personId === null
        ? []
        : await opts.db
            .select({ id: people.id, name: people.name, code: people.code })
            .from(people)
            .where(eq(people.id, personId));
    return {
      role: session.principal.role as (typeof CONSOLE_ROLES)[number],
      person: person ?? null,
      actor: session.principal.actor,
      csrfToken: session.csrfToken,
      idleTimeoutSeconds: opts.sessions.idleSeconds,
      expiresAt: toIsoShanghai(session.expiresAt),
    };
  }

  async function principalFor(
    request: FastifyRequest,
    reply: FastifyReply,
    input: z.infer<typeof signInBody>,
  ): Promise<Principal> {
    if ('token' in input) {
      try {
        // Through the API's own check, so refused tokens count against the address like everywhere else.
        return await app.authorizeToken(request, reply, input.token, CONSOLE_ROLES);
      } catch (error) {
        if (error instanceof UnauthorizedError || error instanceof ForbiddenError)
          throw new AppError(
            'invalid_token',
            'the token is unknown, expired, revoked or not for the console',
            401,
          );
        throw error;
      }
    }
    const person = await opts.codes.redeem(opts.db, input.name, input.code);
    const role = await consoleRoleOf(opts.db, person);
    if (!role) throw new UnauthorizedError('this person may not use the console');
    return { role, personId: person.id, actor: `console:${person.id}` };
  }

  app.post(
    '/v1/session',
    {
      config: { rateLimit: { max: opts.signInPerMinute, timeWindow: 60_000 } },
      schema: {
        tags: ['session'],
        summary: 'Sign in to the console with a WeChat 登录 code (name + code) or an API token',
        description:
          'Sets the HttpOnly, SameSite=Strict session cookie `jw_session` and the readable `jw_csrf` cookie. ' +
          'A code is single use, lives 5 minutes and is spent by 5 wrong tries.',
        body: signInBody,
        response: { 200: sessionSchema, 400: errorBody, 401: errorBody, 429: errorBody },
      },
    },
    async (request, reply) => {
      const principal = await principalFor(request, reply, request.body);
      const { token, session } = await opts.sessions.open(
        principal,
        'token' in request.body ? 'token' : 'code',
      );
      setSessionCookies(reply, { token, csrfToken: session.csrfToken }, { secure: opts.secureCookies });
      return body(session);
    },
  );

  app.get(
    '/v1/session',
    {
      config: { roles: CONSOLE_ROLES },
      schema: {
        tags: ['session'],
        summary: 'The current console session (restarts its idle clock)',
        response: { 200: sessionSchema, 400: errorBody, 401: errorBody },
      },
    },
    async (request) => {
      if (!request.consoleSession)
        throw new BadRequestError(
          'this request carries a bearer token, not a session',
          undefined,
          'no_session',
        );
      return body(request.consoleSession);
    },
  );

  app.delete(
    '/v1/session',
    {
      config: { roles: CONSOLE_ROLES },
      schema: {
        tags: ['session'],
        summary: 'Sign out: the session ends in every API process and its cookies are cleared',
        response: { 204: z.null(), 400: errorBody, 401: errorBody, 403: errorBody },
      },
    },
    async (request, reply) => {
      if (!request.consoleSession)
        throw new BadRequestError(
          'this request carries a bearer token, not a session',
          undefined,
          'no_session',
        );
      await opts.sessions.close(request.consoleSession);
      clearSessionCookies(reply, { secure: opts.secureCookies });
      return reply.code(204).send(null);
    },
  );
};
