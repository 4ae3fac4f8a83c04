// Issues, lists and revokes stored API tokens; a token's value is returned once and only its hash is kept.
import { and, count, desc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/create-db.js';
import { apiTokens, auditLog, people, type TokenRole } from '../../db/schema/index.js';
import type { Clock } from '../clock.js';
import { BadRequestError, ConflictError, NotFoundError } from '../http/domain-errors.js';
import { generateToken, hashToken } from './token-hash.js';

const DAY_MS = 24 * 60 * 60 * 1000;
export const DEFAULT_TOKEN_DAYS = 90;

/** Roles whose tokens act for a person and therefore must name one who is a prosecutor. */
const PERSON_ROLES: readonly TokenRole[] = ['prosecutor', 'group_leader'];

const PREFIX: Record<TokenRole, string> = {
  admin: 'adm',
  office: 'ofc',
  group_leader: 'gld',
  prosecutor: 'pro',
  bot: 'bot',
};

export interface CreateTokenInput {
  role: TokenRole;
  /** A person id, or a person's registry code (e.g. from the CLI). */
  person?: number | string | undefined;
  label?: string | undefined;
  expiresInDays?: number | undefined;
}

export interface TokenInfo {
  id: number;
  role: TokenRole;
  person: { id: number; code: string | null; name: string } | null;
  label: string | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
  createdAt: Date;
}

export interface CreatedToken {
  id: number;
  /** The bearer token itself: shown to the caller once, never stored. */
  token: string;
  role: TokenRole;
  personId: number | null;
  expiresAt: Date;
}

export function createTokensService(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;

  async function findPerson(ref: number | string) {
    const byId = typeof ref === 'number' || /^\d+$/.test(ref);
    const [row] = await db
      .select({ id: people.id, role: people.role })
      .from(people)
      .where(byId ? eq(people.id, Number(ref)) : eq(people.code, ref))
      .limit(1);
    return row ?? null;
  }

  return {
    async create(input: CreateTokenInput, actor: string): Promise<CreatedToken> {
      const days = input.expiresInDays ?? DEFAULT_TOKEN_DAYS;
      if (!Number.isInteger(days) || days < 1 || days > 3650)
        throw new BadRequestError('expiresInDays must be a whole number from 1 to 3650');
      let personId: number | null = null;
      if (input.person !== undefined) {
        const person = await findPerson(input.person);
        if (!person) throw new NotFoundError(`person ${String(input.person)} does not exist`);
        personId = person.id;
        if (PERSON_ROLES.includes(input.role) && person.role !== 'prosecutor')
          throw new BadRequestError(
            `a ${input.role} token must name a prosecutor; person ${person.id} is a ${person.role}`,
            undefined,
            'person_not_prosecutor',
          );
      } else if (PERSON_ROLES.includes(input.role)) {
        throw new BadRequestError(`a ${input.role} token must name a person`, undefined, 'person_required');
      }
      const token = generateToken(PREFIX[input.role]);
      const now = clock.now();
      const expiresAt = new Date(now.getTime() + days * DAY_MS);
      return db.transaction(async (tx) => {
        const [row] = await tx
          .insert(apiTokens)
          .values({
            tokenHash: hashToken(token),
            role: input.role,
            personId,
            label: input.label ?? null,
            expiresAt,
            createdAt: now,
          })
          .returning({ id: apiTokens.id });
        const id = row!.id;
        await tx.insert(auditLog).values({
          at: now,
          actor,
          action: 'token_created',
          subject: `token:${id}`,
          data: { role: input.role, personId, expiresAt: expiresAt.toISOString() },
        });
        return { id, token, role: input.role, personId, expiresAt };
      });
    },

    async list(page: { limit: number; offset: number }): Promise<{ items: TokenInfo[]; total: number }> {
      const rows = await db
        .select({
          id: apiTokens.id,
          role: apiTokens.role,
          label: apiTokens.label,
          expiresAt: apiTokens.expiresAt,
          revokedAt: apiTokens.revokedAt,
          createdAt: apiTokens.createdAt,
          personId: people.id,
          personCode: people.code,
          personName: people.name,
        })
        .from(apiTokens)
        .leftJoin(people, eq(people.id, apiTokens.personId))
        .orderBy(desc(apiTokens.id))
        .limit(page.limit)
        .offset(page.offset);
      const [total] = await db.select({ n: count() }).from(apiTokens);
      return {
        items: rows.map((r) => ({
          id: r.id,
          role: r.role,
          person:
            r.personId === null ? null : { id: r.personId, code: r.personCode, name: r.personName ?? '' },
          label: r.label,
          expiresAt: r.expiresAt,
          revokedAt: r.revokedAt,
          createdAt: r.createdAt,
        })),
        total: total?.n ?? 0,
      };
    },

    /** Revokes a token; revoking one that is already revoked is refused so the first revocation time stays. */
    async revoke(id: number, actor: string): Promise<{ id: number; revokedAt: Date }> {
      const now = clock.now();
      return db.transaction(async (tx) => {
        const [row] = await tx
          .update(apiTokens)
          .set({ revokedAt: now })
          .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)))
          .returning({ id: apiTokens.id });
        if (!row) {
          const [exists] = await tx.select({ id: apiTokens.id }).from(apiTokens).where(eq(apiTokens.id, id));
          if (!exists) throw new NotFoundError(`token ${id} does not exist`);
          throw new ConflictError(`token ${id} is already revoked`, 'already_revoked');
        }
        await tx.insert(auditLog).values({ at: now, actor, action: 'token_revoked', subject: `token:${id}` });
        return { id, revokedAt: now };
      });
    },
  };
}

export type TokensService = ReturnType<typeof createTokensService>;
