// Resolves a bearer token to a principal: the environment's admin/bot tokens, or a stored hashed token.
import { timingSafeEqual } from 'node:crypto';
import { and, eq, gt, isNull, or } from 'drizzle-orm';
import type { Db } from '../../db/create-db.js';
import { apiTokens } from '../../db/schema/index.js';
import type { Clock } from '../clock.js';
import type { Principal } from './principal.js';
import { hashToken } from './token-hash.js';

export interface AuthService {
  authenticate(token: string): Promise<Principal | null>;
}

export function createAuthService(deps: {
  db: Db;
  clock: Clock;
  adminToken: string | undefined;
  botToken: string | undefined;
}): AuthService {
  const envTokens: { hash: Buffer; principal: Principal }[] = [];
  if (deps.adminToken)
    envTokens.push({
      hash: Buffer.from(hashToken(deps.adminToken), 'hex'),
      principal: { role: 'admin', personId: null, actor: 'admin:env' },
    });
  if (deps.botToken)
    envTokens.push({
      hash: Buffer.from(hashToken(deps.botToken), 'hex'),
      principal: { role: 'bot', personId: null, actor: 'bot:env' },
    });

  return {
    async authenticate(token) {
      const hash = hashToken(token);
      const hashBuf = Buffer.from(hash, 'hex');
      for (const t of envTokens) if (timingSafeEqual(t.hash, hashBuf)) return t.principal;
      const now = deps.clock.now();
      const [row] = await deps.db
        .select({ id: apiTokens.id, role: apiTokens.role, personId: apiTokens.personId })
        .from(apiTokens)
        .where(
          and(
            eq(apiTokens.tokenHash, hash),
            isNull(apiTokens.revokedAt),
            or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, now)),
          ),
        )
        .limit(1);
      if (!row) return null;
      return { role: row.role, personId: row.personId, actor: `token:${row.id}` };
    },
  };
}
