// Console sessions kept in the database (any API process can answer), ended by sign-out or by idling.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, eq, gt, lt } from 'drizzle-orm';
import type { Db } from '../../db/create-db.js';
import { auditLog, consoleSessions } from '../../db/schema/index.js';
import type { Principal } from '../auth/principal.js';
import type { Clock } from '../clock.js';

export interface ConsoleSession {
  id: number;
  principal: Principal;
  /** When the session ends unless used again. */
  expiresAt: Date;
  csrfToken: string;
}

const hashOf = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

/** The CSRF token is derived from the session's secret, so it needs no storage and dies with the session. */
export function csrfTokenFor(sessionToken: string): string {
  return createHmac('sha256', sessionToken).update('jianwang-console-csrf').digest('base64url');
}

export function csrfMatches(sessionToken: string, presented: string | undefined): boolean {
  if (!presented) return false;
  const expected = Buffer.from(csrfTokenFor(sessionToken));
  const given = Buffer.from(presented);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export function createSessionService(deps: { db: Db; clock: Clock; idleMinutes: number }) {
  const { db } = deps;
  const idleMs = deps.idleMinutes * 60_000;
  const view = (row: typeof consoleSessions.$inferSelect, token: string): ConsoleSession => ({
    id: row.id,
    principal: { role: row.role, personId: row.personId, actor: row.actor },
    expiresAt: new Date(row.lastSeenAt.getTime() + idleMs),
    csrfToken: csrfTokenFor(token),
  });

  return {
    idleSeconds: deps.idleMinutes * 60,

    /** Opens a session for the principal; the returned token goes only into the HttpOnly cookie. */
    async open(
      principal: Principal,
      method: 'code' | 'token',
    ): Promise<{ token: string; session: ConsoleSession }> {
      const now = deps.clock.now();
      const token = randomBytes(32).toString('base64url');
      const session = await db.transaction(async (tx) => {
        await tx
          .delete(consoleSessions)
          .where(lt(consoleSessions.lastSeenAt, new Date(now.getTime() - idleMs)));
        const [row] = await tx
          .insert(consoleSessions)
          .values({
            tokenHash: hashOf(token),
            role: principal.role,
            personId: principal.personId,
            actor: principal.actor,
            createdAt: now,
            lastSeenAt: now,
          })
          .returning();
        await tx.insert(auditLog).values({
          at: now,
          actor: principal.actor,
          action: 'session_created',
          subject: `session:${row!.id}`,
          data: { method, role: principal.role },
        });
        return row!;
      });
      return { token, session: view(session, token) };
    },

    /** The live session for a cookie value, its idle clock restarted; `expired` when it idled out (then gone). */
    async resolve(token: string): Promise<ConsoleSession | 'expired' | null> {
      const now = deps.clock.now();
      const hash = hashOf(token);
      // One statement both checks the idle limit and restarts it.
      const [row] = await db
        .update(consoleSessions)
        .set({ lastSeenAt: now })
        .where(
          and(
            eq(consoleSessions.tokenHash, hash),
            gt(consoleSessions.lastSeenAt, new Date(now.getTime() - idleMs)),
          ),
        )
        .returning();
      if (row) return view(row, token);
      const [stale] = await db
        .delete(consoleSessions)
        .where(eq(consoleSessions.tokenHash, hash))
        .returning({ id: consoleSessions.id });
      return stale ? 'expired' : null;
    },

    async close(session: ConsoleSession): Promise<void> {
      await db.transaction(async (tx) => {
        const ended = await tx
          .delete(consoleSessions)
          .where(eq(consoleSessions.id, session.id))
          .returning({ id: consoleSessions.id });
        if (ended.length)
          await tx.insert(auditLog).values({
            at: deps.clock.now(),
            actor: session.principal.actor,
            action: 'session_ended',
            subject: `session:${session.id}`,
          });
      });
    },
  };
}

export type SessionService = ReturnType<typeof createSessionService>;
