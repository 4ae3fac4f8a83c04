// The token CLI's operations through a running server's /v1/tokens, with the same results as the tokens service it stands in for.
import type { CreateTokenInput, TokenInfo, TokensService } from '../../api/auth/tokens-service.js';
import { AppError } from '../../api/http/domain-errors.js';
import type { TokenRole } from '../../db/schema/index.js';

export type TokenOperations = Pick<TokensService, 'create' | 'list' | 'revoke'>;

interface ErrorBody {
  error?: { code?: string; message?: string };
}

export function createTokensOverHttp(options: { apiUrl: string; adminToken: string }): TokenOperations {
  const base = options.apiUrl.replace(/\/+$/, '');

  async function call<T>(method: string, url: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${base}${url}`, {
        method,
        headers: {
          authorization: `Bearer ${options.adminToken}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(15_000),
      });
    } catch {
      throw new Error(
        `the server at ${base} holds the data but does not answer; is it still starting or stuck?`,
      );
    }
    const payload = (await response.json().catch(() => ({}))) as T & ErrorBody;
    if (!response.ok) {
      const message =
        response.status === 401
          ? `the server at ${base} refused the admin token (set ADMIN_TOKEN to the one it runs with)`
          : (payload.error?.message ?? `HTTP ${response.status}`);
      throw new AppError(payload.error?.code ?? 'http_error', message, response.status);
    }
    return payload;
  }

  async function personId(ref: number | string): Promise<number> {
    if (typeof ref === 'number' || /^\d+$/.test(ref)) return Number(ref);
    const found = await call<{ items: { id: number; code: string | null }[] }>(
      'GET',
      `/v1/people?q=${encodeURIComponent(ref)}&limit=100`,
    );
    const person = found.items.find((p) => p.code === ref);
    if (!person) throw new AppError('not_found', `person ${ref} does not exist`, 404);
    return person.id;
  }

  return {
    async create(input: CreateTokenInput) {
      const created = await call<{
        id: number;
        token: string;
        role: TokenRole;
        personId: number | null;
        expiresAt: string;
      }>('POST', '/v1/tokens', {
        role: input.role,
        ...(input.person === undefined ? {} : { personId: await personId(input.person) }),
        ...(input.label === undefined ? {} : { label: input.label }),
        ...(input.expiresInDays === undefined ? {} : { expiresInDays: input.expiresInDays }),
      });
      return { ...created, expiresAt: new Date(created.expiresAt) };
    },
    async list(page) {
      type Listed = Omit<TokenInfo, 'expiresAt' | 'revokedAt' | 'createdAt'> & {
        expiresAt: string | null;
        revokedAt: string | null;
        createdAt: string;
      };
      const listed = await call<{ items: Listed[]; total: number }>(
        'GET',
        `/v1/tokens?limit=${page.limit}&offset=${page.offset}`,
      );
      return {
        total: listed.total,
        items: listed.items.map((t) => ({
          ...t,
          expiresAt: t.expiresAt === null ? null : new Date(t.expiresAt),
          revokedAt: t.revokedAt === null ? null : new Date(t.revokedAt),
          createdAt: new Date(t.createdAt),
        })),
      };
    },
    async revoke(id: number) {
      const revoked = await call<{ id: number; revokedAt: string }>('DELETE', `/v1/tokens/${id}`);
      return { id: revoked.id, revokedAt: new Date(revoked.revokedAt) };
    },
  };
}
