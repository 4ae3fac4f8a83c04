// One-time console sign-in codes: sent through WeChat on `登录`, kept hashed, single use, few attempts.
import { createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { eq, inArray, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/create-db.js';
import { loginCodes, people } from '../../db/schema/index.js';
import type { Clock } from '../clock.js';
import { AppError } from '../http/domain-errors.js';
import type { PersonRow } from '../messages/contact-resolver.js';

export const CODE_PATTERN = /^\d{6}$/;

export class InvalidCodeError extends AppError {
  constructor() {
    super('invalid_code', 'the name and code do not match a current sign-in code; send 登录 again', 401);
  }
}

export class TooManyAttemptsError extends AppError {
  constructor() {
    super('too_many_attempts', 'too many wrong codes: this code no longer works; send 登录 again', 429);
  }
}

function codeHash(salt: string, personId: number, code: string): string {
  return createHmac('sha256', salt).update(`${personId}:${code}`).digest('hex');
}

export function createLoginCodes(deps: { clock: Clock; ttlMinutes: number; maxAttempts: number }) {
  return {
    /** A fresh code for the person, replacing any earlier one; returns the code (only ever shown in WeChat). */
    async issue(tx: Db, personId: number): Promise<{ code: string; expiresAt: Date }> {
      const now = deps.clock.now();
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      const salt = randomBytes(16).toString('hex');
      const expiresAt = new Date(now.getTime() + deps.ttlMinutes * 60_000);
      const values = {
        codeHash: codeHash(salt, personId, code),
        salt,
        expiresAt,
        failedAttempts: 0,
        createdAt: now,
      };
      await tx
        .insert(loginCodes)
        .values({ personId, ...values })
        .onConflictDoUpdate({ target: loginCodes.personId, set: values });
      // Codes nobody used are of no further use to anyone.
      await tx.delete(loginCodes).where(lt(loginCodes.expiresAt, now));
      return { code, expiresAt };
    },

    /**
     * The person whose current code this is, the code then spent; `login` is their registry name or code.
     * A wrong code counts against every pending code of that name; the last allowed miss spends them.
     */
    async redeem(db: Db, login: string, code: string): Promise<PersonRow> {
      const now = deps.clock.now();
      if (!CODE_PATTERN.test(code)) throw new InvalidCodeError();
      const candidates = await db
        .select({ person: people, pending: loginCodes })
        .from(loginCodes)
        .innerJoin(people, eq(people.id, loginCodes.personId))
        .where(or(eq(people.name, login), eq(people.code, login)));
      const live = candidates.filter((c) => c.pending.expiresAt > now);
      const match = live.find((c) =>
        timingSafeEqual(
          Buffer.from(codeHash(c.pending.salt, c.person.id, code), 'hex'),
          Buffer.from(c.pending.codeHash, 'hex'),
        ),
      );
      if (match) {
        // Deleting is the claim: of two concurrent sign-ins with one code, only one gets the row back.
        const [claimed] = await db
          .delete(loginCodes)
          .where(eq(loginCodes.id, match.pending.id))
          .returning({ id: loginCodes.id });
        if (claimed) return match.person;
        throw new InvalidCodeError();
      }
      if (live.length === 0) throw new InvalidCodeError();
      const counted = await db
        .update(loginCodes)
        .set({ failedAttempts: sql`${loginCodes.failedAttempts} + 1` })
        .where(
          inArray(
            loginCodes.id,
            live.map((c) => c.pending.id),
          ),
        )
        .returning({ id: loginCodes.id, failedAttempts: loginCodes.failedAttempts });
      const spent = counted.filter((c) => c.failedAttempts >= deps.maxAttempts).map((c) => c.id);
      if (spent.length) {
        await db.delete(loginCodes).where(inArray(loginCodes.id, spent));
        throw new TooManyAttemptsError();
      }
      throw new InvalidCodeError();
    },
  };
}

export type LoginCodes = ReturnType<typeof createLoginCodes>;
