// Admin token API: issue (value shown once, only the hash stored), list without values, revoke, expiry.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../../api/auth/token-hash.js';
import { apiTokens, auditLog, people } from '../../db/schema/index.js';
import { ADMIN, auth, BOT, createTestApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
let prosecutorId: number;
let residentId: number;

beforeAll(async () => {
  t = await createTestApp({ now: '2026-11-27T02:00:00Z' });
  const [p] = await t.database.db.select().from(people).where(eq(people.code, 'PR-01'));
  prosecutorId = p!.id;
  const [r] = await t.database.db.insert(people).values({ name: '居民', role: 'resident' }).returning();
  residentId = r!.id;
});

afterAll(async () => {
  await t?.close();
});

const post = (payload: unknown, token = ADMIN) =>
  t.app.inject({ method: 'POST', url: '/v1/tokens', headers: auth(token), payload: payload as object });
const cases = (token: string) => t.app.inject({ method: 'GET', url: '/v1/cases', headers: auth(token) });
const tokenCount = async () => (await t.database.db.select().from(apiTokens)).length;

describe('tokens', () => {
  it('issues a prosecutor token that works at once, shows it once and stores only its hash', async () => {
    const res = await post({ role: 'prosecutor', personId: prosecutorId, label: 'PR-01 phone' });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.token).toMatch(/^pro_[\w-]{32}$/);
    expect(body.role).toBe('prosecutor');
    expect(body.personId).toBe(prosecutorId);
    // Default lifetime 90 days from 2026-11-27 10:00 +08:00.
    expect(body.expiresAt).toBe('2027-02-25T10:00:00.000+08:00');
    const [row] = await t.database.db.select().from(apiTokens).where(eq(apiTokens.id, body.id));
    expect(row!.tokenHash).toBe(hashToken(body.token));
    expect(JSON.stringify(row)).not.toContain(body.token);
    expect((await cases(body.token)).statusCode).toBe(200);

    const list = await t.app.inject({ method: 'GET', url: '/v1/tokens', headers: auth(ADMIN) });
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(body.token);
    expect(list.body).not.toContain(row!.tokenHash);
    expect(list.json().items[0]).toMatchObject({
      id: body.id,
      role: 'prosecutor',
      person: { id: prosecutorId, code: 'PR-01' },
      label: 'PR-01 phone',
      revokedAt: null,
    });
  });

  it('revokes a token: it stops working, and revoking again is a conflict', async () => {
    const { id, token } = (await post({ role: 'office', expiresInDays: 7 })).json();
    expect((await cases(token)).statusCode).toBe(200);
    const del = await t.app.inject({ method: 'DELETE', url: `/v1/tokens/${id}`, headers: auth(ADMIN) });
    expect(del.statusCode).toBe(200);
    expect(del.json()).toEqual({ id, revokedAt: '2026-11-27T10:00:00.000+08:00' });
    expect((await cases(token)).statusCode).toBe(401);
    const again = await t.app.inject({ method: 'DELETE', url: `/v1/tokens/${id}`, headers: auth(ADMIN) });
    expect(again.statusCode).toBe(409);
    const missing = await t.app.inject({ method: 'DELETE', url: '/v1/tokens/999999', headers: auth(ADMIN) });
    expect(missing.statusCode).toBe(404);
    const audit = await t.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.subject, `token:${id}`));
    expect(audit.map((a) => a.action).sort()).toEqual(['token_created', 'token_revoked']);
    expect(audit.every((a) => a.actor === 'admin:env')).toBe(true);
  });

  it('stops accepting a token once it expires', async () => {
    const { token } = (await post({ role: 'office', expiresInDays: 1 })).json();
    expect((await cases(token)).statusCode).toBe(200);
    t.clock.set(new Date('2026-11-28T02:00:01Z'));
    try {
      expect((await cases(token)).statusCode).toBe(401);
    } finally {
      t.clock.set(new Date('2026-11-27T02:00:00Z'));
    }
  });

  it.each([
    ['a prosecutor token without a person', { role: 'prosecutor' }, 400],
    ['a group leader token for a resident', { role: 'group_leader', personId: -1 }, 400],
    ['an unknown person', { role: 'prosecutor', personId: 999999 }, 404],
    ['an unknown role', { role: 'root' }, 400],
    ['a lifetime of 0 days', { role: 'office', expiresInDays: 0 }, 400],
    ['an unknown field', { role: 'office', token: 'mine' }, 400],
  ] as [string, Record<string, unknown>, number][])(
    'refuses %s and stores nothing',
    async (_name, payload, status) => {
      const body = payload.personId === -1 ? { ...payload, personId: residentId } : payload;
      const before = await tokenCount();
      const res = await post(body);
      expect(res.statusCode).toBe(status);
      expect(res.json().error.code).toEqual(expect.any(String));
      expect(await tokenCount()).toBe(before);
    },
  );

  it('is for admins only', async () => {
    const office = (await post({ role: 'office' })).json().token;
    expect((await post({ role: 'admin' }, office)).statusCode).toBe(403);
    expect((await post({ role: 'admin' }, BOT)).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/v1/tokens' })).statusCode).toBe(401);
  });
});
