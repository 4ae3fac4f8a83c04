// The role table: every route of the app, every role — no token 401, wrong role 403, allowed role gets in —
// and a prosecutor asking about another group's case learns nothing (404).
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../api/auth/principal.js';
import { caseEvents, cases, groupMembers, groups } from '../../db/schema/index.js';
import { ADMIN, auth, BOT, createTestApp, type TestApp } from '../helpers/test-app.js';

const CASE_READERS: Role[] = ['admin', 'office', 'group_leader', 'prosecutor'];
const OFFICE: Role[] = ['admin', 'office'];

/**
 * Route → roles allowed. Changing a permission means changing this table, on purpose.
 * Every /v1 route of the app must be listed (the test fails on a route missing here or listed but gone).
 */
const ROLE_TABLE: Record<string, Role[]> = {
  'POST /v1/messages': ['bot'],
  'GET /v1/cases': CASE_READERS,
  'GET /v1/cases/filter-options': CASE_READERS,
  'GET /v1/cases/:caseNo': CASE_READERS,
  'POST /v1/cases/:caseNo/actions': CASE_READERS,
  'POST /v1/cases/:caseNo/aid': CASE_READERS,
  'POST /v1/cases/:caseNo/aid/status': CASE_READERS,
  'POST /v1/cases/:caseNo/aid/materials': CASE_READERS,
  'POST /v1/cases/:caseNo/mediation': CASE_READERS,
  'POST /v1/cases/:caseNo/mediation/referral': CASE_READERS,
  'POST /v1/cases/:caseNo/mediation/sign-off': CASE_READERS,
  'POST /v1/cases/:caseNo/notes': CASE_READERS,
  'GET /v1/cases/:caseNo/notes': CASE_READERS,
  'POST /v1/suggestions': CASE_READERS,
  'GET /v1/suggestions': CASE_READERS,
  'GET /v1/suggestions/figures': CASE_READERS,
  'GET /v1/suggestions/:suggestionNo': CASE_READERS,
  'POST /v1/suggestions/:suggestionNo/reply': CASE_READERS,
  'POST /v1/suggestions/:suggestionNo/follow-up': CASE_READERS,
  'GET /v1/demo': CASE_READERS,
  'DELETE /v1/demo/cases': ['admin'],
  'GET /v1/early-warnings': ['admin', 'office', 'group_leader'],
  'POST /v1/meetings': ['admin', 'office', 'group_leader'],
  'GET /v1/meetings': ['admin', 'office', 'group_leader'],
  'GET /v1/lectures': CASE_READERS,
  'POST /v1/lectures/:id/schedule': CASE_READERS,
  'GET /v1/outreach/legal-days': CASE_READERS,
  'POST /v1/notices': CASE_READERS,
  'GET /v1/notices': CASE_READERS,
  'GET /v1/notices/:id': CASE_READERS,
  // A notice is approved by its group's leader (any person token of theirs) or the admin, never the office.
  'POST /v1/notices/:id/approve': ['admin', 'group_leader', 'prosecutor'],
  'GET /v1/cases/:caseNo/attachments/:id': CASE_READERS,
  // The office reads cases, never who reported them (issue 10 item 2).
  'GET /v1/cases/:caseNo/reporters': ['admin', 'group_leader', 'prosecutor'],
  'POST /v1/attachments': ['bot'],
  'GET /v1/outbox': ['bot'],
  'POST /v1/outbox/:id/sent': ['bot'],
  'POST /v1/outbox/:id/failed': ['bot'],
  'GET /v1/grids': ['admin', 'office', 'bot'],
  'GET /v1/grids/:code': ['admin', 'office', 'bot'],
  'POST /v1/grids/import': OFFICE,
  'GET /v1/places': ['admin', 'bot'],
  'GET /v1/groups': OFFICE,
  'POST /v1/groups': OFFICE,
  'GET /v1/groups/:code': OFFICE,
  'PATCH /v1/groups/:code': OFFICE,
  'PUT /v1/groups/:code/grids': OFFICE,
  'PUT /v1/groups/:code/members': OFFICE,
  'GET /v1/people': OFFICE,
  'POST /v1/people': OFFICE,
  'POST /v1/people/import': OFFICE,
  'GET /v1/people/:id': OFFICE,
  'PATCH /v1/people/:id': OFFICE,
  'GET /v1/rooms': OFFICE,
  'PUT /v1/rooms/:roomId': OFFICE,
  'PUT /v1/rooms/:roomId/notices': OFFICE,
  'DELETE /v1/rooms/:roomId/binding': OFFICE,
  'GET /v1/stats': ['admin', 'office', 'group_leader'],
  'GET /v1/stats/dashboard': ['admin', 'office', 'group_leader'],
  'GET /v1/reports/replies': ['admin', 'office', 'group_leader'],
  'GET /v1/reports/replies.xlsx': ['admin', 'office', 'group_leader'],
  'GET /v1/reports/performance': ['admin', 'office', 'group_leader'],
  'GET /v1/reports/performance.xlsx': ['admin', 'office', 'group_leader'],
  'GET /v1/session': CASE_READERS,
  'DELETE /v1/session': CASE_READERS,
  'POST /v1/tokens': ['admin'],
  'GET /v1/tokens': ['admin'],
  'DELETE /v1/tokens/:id': ['admin'],
  'GET /v1/audit': ['admin'],
  'GET /v1/audit/actions': ['admin'],
  'GET /v1/faq': OFFICE,
  'POST /v1/faq': OFFICE,
  'GET /v1/faq/:id': OFFICE,
  'PATCH /v1/faq/:id': OFFICE,
  'POST /v1/faq/:id/retire': OFFICE,
  'POST /v1/faq/:id/restore': OFFICE,
  'POST /v1/faq/import': ['admin'],
  'GET /v1/phone-links': OFFICE,
  'DELETE /v1/phone-links/:id': OFFICE,
  'POST /v1/phone-links/revoke': OFFICE,
};

/**
 * Routes anyone may call: liveness, the API documentation, the console's page and assets (its data is /v1), sign-in,
 * and the phone pages, which the link's own token opens (test/integration/phone-page.test.ts).
 */
const PUBLIC = [
  'GET /health',
  'GET /docs',
  'GET /console',
  'GET /console*',
  'POST /v1/session',
  'GET /m/cases/:caseNo',
  'POST /m/cases/:caseNo',
];

const ROLES: Role[] = ['admin', 'office', 'group_leader', 'prosecutor', 'bot'];

// Parameters that name nothing, so an admitted request cannot change anything (it gets 400/404/415 instead).
const PARAMS: Record<string, string> = {
  caseNo: 'GL-2026-999999',
  id: '999999',
  code: 'NO-SUCH-CODE',
  roomId: 'no-such-room@chatroom',
};

/** Routes as Fastify prints them (a tree), flattened to "METHOD /path"; HEAD mirrors GET and is left out. */
function routesOf(tree: string): string[] {
  const stack: string[] = [];
  const routes: string[] = [];
  for (const line of tree.split('\n')) {
    const match = /^([│├└─\s]*)(\S.*?)(?: \(([A-Z, ]+)\))?$/u.exec(line);
    if (!match?.[2]) continue;
    const depth = match[1]!.length / 4;
    stack.length = depth;
    stack.push(match[2]);
    const path = stack.join('');
    for (const method of (match[3] ?? '').split(', ').filter(Boolean))
      if (method !== 'HEAD') routes.push(`${method} ${path}`);
  }
  return routes;
}

function urlOf(route: string): { method: string; url: string } {
  const [method, path] = route.split(' ') as [string, string];
  return {
    method,
    url: path.replace(/:(\w+)/g, (_m, name: string) => encodeURIComponent(PARAMS[name] ?? 'x')),
  };
}

let t: TestApp;
const tokens: Partial<Record<Role, string>> = { admin: ADMIN, bot: BOT };
let ownCaseNo: string;
let otherCaseNo: string;

async function issue(role: Role, personId?: number): Promise<string> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/v1/tokens',
    headers: auth(ADMIN),
    payload: { role, ...(personId ? { personId } : {}), label: `role table ${role}` },
  });
  expect(res.statusCode).toBe(201);
  return res.json().token;
}

beforeAll(async () => {
  // Hundreds of sign-ins and dozens of made-up tokens from one address: neither limit is what this file tests.
  t = await createTestApp({ env: { SIGN_IN_PER_MINUTE: '100000', AUTH_FAILURES_PER_MINUTE: '100000' } });
  const db = t.database.db;
  const [g1] = await db.select().from(groups).where(eq(groups.code, 'GRP-01'));
  const [g2] = await db.select().from(groups).where(eq(groups.code, 'GRP-02'));
  const [leader] = await db
    .select()
    .from(groupMembers)
    .where(and(eq(groupMembers.groupId, g1!.id), eq(groupMembers.role, 'leader')));
  const [member] = await db
    .select()
    .from(groupMembers)
    .where(and(eq(groupMembers.groupId, g1!.id), eq(groupMembers.role, 'member')));
  tokens.office = await issue('office');
  tokens.group_leader = await issue('group_leader', leader!.personId);
  tokens.prosecutor = await issue('prosecutor', member!.personId);
  const base = {
    kind: 'dispute' as const,
    intent: 'report_dispute',
    summaryEnc: t.app.services.registry.fieldCipher.encrypt('role table fixture'),
    receivedAt: new Date('2026-11-20T02:00:00Z'),
    proceduralDueAt: new Date('2026-12-01T15:59:59.999Z'),
    substantiveDueAt: new Date('2027-02-20T15:59:59.999Z'),
  };
  await db.insert(cases).values([
    { ...base, caseNo: 'GL-2026-000901', groupId: g1!.id },
    { ...base, caseNo: 'GL-2026-000902', groupId: g2!.id },
  ]);
  ownCaseNo = 'GL-2026-000901';
  otherCaseNo = 'GL-2026-000902';
});

afterAll(async () => {
  await t?.close();
});

describe('role table', () => {
  it('lists every route of the app: each /v1 route in the table, nothing else unlisted', async () => {
    await t.app.ready();
    const routes = routesOf(t.app.printRoutes({ commonPrefix: false }));
    expect(routes).toContain('GET /v1/cases/:caseNo');
    const unlisted = routes.filter(
      (r) => !(r in ROLE_TABLE) && !PUBLIC.some((p) => r === p || r.startsWith(`${p}/`)),
    );
    expect(unlisted).toEqual([]);
    expect(Object.keys(ROLE_TABLE).filter((r) => !routes.includes(r))).toEqual([]);
  });

  const cells = Object.entries(ROLE_TABLE).flatMap(([route, allowed]) =>
    [undefined, ...ROLES].map((role) => ({ route, role, allowed })),
  );

  it.each(cells)('$route as $role', async ({ route, role, allowed }) => {
    const { method, url } = urlOf(route);
    const res = await t.app.inject({
      method: method as 'GET',
      url,
      ...(role ? { headers: auth(tokens[role]!) } : {}),
      ...(method === 'GET' || method === 'DELETE' ? {} : { payload: {} }),
    });
    if (!role) {
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('unauthorized');
    } else if (!allowed.includes(role)) {
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('forbidden');
    } else {
      expect([401, 403, 429]).not.toContain(res.statusCode);
      expect(res.statusCode).toBeLessThan(500);
    }
  });

  // The console's session cookie carries the same role as the token it was opened with (the bot gets none).
  const cookieCells = Object.entries(ROLE_TABLE)
    .filter(([route]) => route !== 'DELETE /v1/session')
    .flatMap(([route, allowed]) => CASE_READERS.map((role) => ({ route, role, allowed })));

  it.each(cookieCells)('$route as $role through a session cookie', async ({ route, role, allowed }) => {
    const signIn = await t.app.inject({
      method: 'POST',
      url: '/v1/session',
      payload: { token: tokens[role]! },
    });
    expect(signIn.statusCode, signIn.body).toBe(200);
    const cookie = `jw_session=${signIn.cookies.find((c) => c.name === 'jw_session')!.value}`;
    const { method, url } = urlOf(route);
    const res = await t.app.inject({
      method: method as 'GET',
      url,
      headers: { cookie, 'x-csrf-token': signIn.json().csrfToken },
      ...(method === 'GET' || method === 'DELETE' ? {} : { payload: {} }),
    });
    if (!allowed.includes(role)) {
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('forbidden');
    } else {
      expect([401, 403, 429]).not.toContain(res.statusCode);
      expect(res.statusCode).toBeLessThan(500);
    }
  });

  it('lets anyone reach the public routes', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/docs/json' })).statusCode).toBe(200);
    // A phone page without its link's token is a refusal page, whatever bearer token comes with it.
    const page = await t.app.inject({ method: 'GET', url: `/m/cases/${ownCaseNo}`, headers: auth(ADMIN) });
    expect(page.statusCode).toBe(403);
    expect(page.body).toContain('链接无效');
  });

  it('refuses a made-up token with 401 everywhere', async () => {
    for (const route of Object.keys(ROLE_TABLE)) {
      const { method, url } = urlOf(route);
      const res = await t.app.inject({ method: method as 'GET', url, headers: auth('pro_made-up-token') });
      expect(res.statusCode, route).toBe(401);
    }
  });
});

describe("another group's case", () => {
  it('is invisible to a prosecutor (404 like a missing case) and visible to their own group and the office', async () => {
    const get = (caseNo: string, token: string) =>
      t.app.inject({ method: 'GET', url: `/v1/cases/${caseNo}`, headers: auth(token) });
    const other = await get(otherCaseNo, tokens.prosecutor!);
    const missing = await get('GL-2026-999999', tokens.prosecutor!);
    expect(other.statusCode).toBe(404);
    expect(missing.statusCode).toBe(404);
    expect(other.json().error.code).toBe(missing.json().error.code);
    expect((await get(otherCaseNo, tokens.group_leader!)).statusCode).toBe(404);
    expect((await get(ownCaseNo, tokens.prosecutor!)).statusCode).toBe(200);
    expect((await get(otherCaseNo, tokens.office!)).statusCode).toBe(200);

    const list = await t.app.inject({
      method: 'GET',
      url: '/v1/cases?limit=500',
      headers: auth(tokens.prosecutor!),
    });
    const listed = list.json().items.map((c: { caseNo: string }) => c.caseNo);
    expect(listed).toContain(ownCaseNo);
    expect(listed).not.toContain(otherCaseNo);
  });

  it('cannot be acted on by a prosecutor of another group, and nothing changes', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/v1/cases/${otherCaseNo}/actions`,
      headers: auth(tokens.prosecutor!),
      payload: { action: 'accept' },
    });
    expect(res.statusCode).toBe(404);
    const [row] = await t.database.db.select().from(cases).where(eq(cases.caseNo, otherCaseNo));
    expect(row!.status).toBe('received');
    expect(row!.proceduralRepliedAt).toBeNull();
    const events = await t.database.db.select().from(caseEvents).where(eq(caseEvents.caseId, row!.id));
    expect(events).toEqual([]);
  });
});
