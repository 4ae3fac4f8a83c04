// Property tests of every write endpoint (listed from the app's OpenAPI at test time): no 5xx, nothing written on 4xx.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inbound, parseOf } from '../helpers/inbound-fixtures.js';
import { ADMIN, auth, BOT, createTestApp, postInbound, type TestApp } from '../helpers/test-app.js';
import { hostileText, INJECTIONS } from './fuzz-inputs.js';

interface WriteRoute {
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  contentTypes: string[];
  bodyKeys: string[];
}

let t: TestApp;
let routes: WriteRoute[];
let tables: string[];
const tokenOf = new Map<string, string>();
/** Values that exist in the database, so fuzzed requests also reach the handlers behind the lookups. */
const known: Record<string, string[]> = {};

beforeAll(async () => {
  t = await createTestApp({ env: { RATE_LIMIT_PER_MINUTE: '100000' } });
  await t.app.ready();
  const created = await postInbound(
    t,
    inbound(
      '楼上邻居天天半夜吵，能不能调解一下',
      parseOf('report_dispute', { entities: { place: '三坊七巷社区' } }),
    ),
  );
  const leased = await t.app.inject({ method: 'GET', url: '/v1/outbox?limit=5', headers: auth(BOT) });
  known.caseNo = [created.json().caseNo, 'GL-2026-999999'];
  known.id = [...leased.json().items.map((i: { id: string }) => i.id), '1', '2'];
  known.code = ['GRP-01', 'GRP-DUTY', 'GL-S05-C01'];
  known.roomId = ['room-1@chatroom'];
  await t.app.inject({
    method: 'PUT',
    url: '/v1/rooms/room-1@chatroom',
    headers: auth(ADMIN),
    payload: { gridCode: 'GL-S05-C01' },
  });

  routes = writeRoutes(t.app.swagger() as OpenApi);
  for (const route of routes) tokenOf.set(key(route), await tokenFor(route));
  const { rows } = await t.database.executeSql(
    "select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1",
  );
  tables = rows.map((r) => String(r.table_name));
}, 120_000);
afterAll(async () => {
  await t?.close();
});

interface OpenApi {
  paths: Record<
    string,
    Record<
      string,
      { requestBody?: { content?: Record<string, { schema?: { properties?: Record<string, unknown> } }> } }
    >
  >;
}

function writeRoutes(spec: OpenApi): WriteRoute[] {
  const out: WriteRoute[] = [];
  for (const [path, operations] of Object.entries(spec.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      if (!['post', 'put', 'patch', 'delete'].includes(method)) continue;
      const content = operation.requestBody?.content ?? {};
      out.push({
        method: method.toUpperCase() as WriteRoute['method'],
        path,
        contentTypes: Object.keys(content),
        bodyKeys: Object.values(content).flatMap((c) => Object.keys(c.schema?.properties ?? {})),
      });
    }
  }
  return out;
}

const key = (r: WriteRoute) => `${r.method} ${r.path}`;

/** The admin token, unless the route is for the bot only. */
async function tokenFor(route: WriteRoute): Promise<string> {
  const res = await t.app.inject({
    method: route.method,
    url: fillPath(route.path, () => 'probe'),
    headers: auth(ADMIN),
  });
  return res.statusCode === 403 ? BOT : ADMIN;
}

function fillPath(path: string, value: (name: string) => string): string {
  return path.replace(/\{(\w+)\}/g, (_m, name: string) => encodeURIComponent(value(name).toWellFormed()));
}

/** A content fingerprint of every table: any insert, update or delete changes it. */
async function snapshot(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of tables) {
    const { rows } = await t.database.executeSql(
      `select count(*)::int as n, md5(coalesce(string_agg(x::text, '|' order by x::text), '')) as h from "${table}" x`,
    );
    out[table] = `${rows[0]?.n}:${rows[0]?.h}`;
  }
  return out;
}

const MALFORMED_JSON = [
  '{',
  '{"text": ',
  '[1, 2',
  'nul',
  '{"a": 1,}',
  "{'single': 'quotes'}",
  '{"a": "\u0000',
  '\ufeff{"a": 1',
  ")]}'\n{}",
  `{"text": "${'x'.repeat(1000)}`,
];

const jsonish: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  hostileText,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(hostileText, { maxLength: 3 }),
);

interface FuzzRequest {
  params: Record<string, string>;
  body:
    | { kind: 'json'; value: unknown }
    | { kind: 'raw'; text: string; contentType: string }
    | { kind: 'none' };
}

function requestFor(route: WriteRoute): fc.Arbitrary<FuzzRequest> {
  const names = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  const param = (name: string) =>
    fc.oneof(
      fc.constantFrom(...(known[name] ?? ['1'])),
      hostileText.filter((s) => s.length > 0 && s.length < 2000),
      fc.constantFrom(...INJECTIONS),
    );
  const params = fc.record(
    Object.fromEntries(names.map((n) => [n, param(n)])) as Record<string, fc.Arbitrary<string>>,
  );
  const shapedObject = fc.dictionary(
    fc.oneof(
      fc.constantFrom(...(route.bodyKeys.length ? route.bodyKeys : ['text'])),
      fc.string({ maxLength: 8 }),
    ),
    jsonish,
    { maxKeys: 6 },
  );
  const body = fc.oneof(
    { weight: 4, arbitrary: shapedObject.map((value) => ({ kind: 'json' as const, value })) },
    { weight: 2, arbitrary: jsonish.map((value) => ({ kind: 'json' as const, value })) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(
          fc.oneof(fc.constantFrom(...MALFORMED_JSON), hostileText),
          fc.constantFrom('application/json', 'text/csv', 'text/plain', 'application/x-www-form-urlencoded'),
        )
        .map(([text, contentType]) => ({ kind: 'raw' as const, text, contentType })),
    },
    { weight: 1, arbitrary: fc.constant({ kind: 'none' as const }) },
  );
  return fc.record({ params, body }) as fc.Arbitrary<FuzzRequest>;
}

async function send(route: WriteRoute, request: FuzzRequest) {
  const url = fillPath(route.path, (name) => request.params[name] ?? 'x');
  const headers: Record<string, string> = auth(tokenOf.get(key(route)) ?? ADMIN);
  const { body } = request;
  if (body.kind === 'none') return t.app.inject({ method: route.method, url, headers });
  if (body.kind === 'raw') {
    return t.app.inject({
      method: route.method,
      url,
      headers: { ...headers, 'content-type': body.contentType },
      payload: body.text,
    });
  }
  return t.app.inject({
    method: route.method,
    url,
    headers: { ...headers, 'content-type': 'application/json' },
    payload: JSON.stringify(body.value) ?? 'null',
  });
}

describe('write endpoints under hostile requests', () => {
  it('covers the write endpoints the product has', () => {
    const listed = routes.map(key);
    for (const expected of [
      'POST /v1/messages',
      'POST /v1/cases/{caseNo}/actions',
      'PUT /v1/rooms/{roomId}',
      'POST /v1/grids/import',
      'POST /v1/people',
      'POST /v1/people/import',
      'POST /v1/groups',
      'PATCH /v1/people/{id}',
      'POST /v1/outbox/{id}/failed',
    ]) {
      expect(listed).toContain(expected);
    }
  });

  it('never answers 5xx, and a rejected request changes no table', async () => {
    for (const route of routes) {
      let before = await snapshot();
      await fc.assert(
        fc.asyncProperty(requestFor(route), async (request) => {
          const res = await send(route, request);
          const where = `${key(route)} → ${res.statusCode} ${res.body.slice(0, 300)}`;
          expect(res.statusCode, where).toBeLessThan(500);
          if (res.statusCode >= 400) {
            expect(res.json().error?.code, where).toEqual(expect.any(String));
            expect(await snapshot(), where).toEqual(before);
          } else {
            before = await snapshot();
          }
        }),
        { numRuns: 15 },
      );
    }
  }, 120_000);

  it('drops NUL from path parameters and the query string as from bodies (Postgres refused it with a 500)', async () => {
    const before = await snapshot();
    const restore = await t.app.inject({
      method: 'POST',
      url: `/v1/faq/${encodeURIComponent('\u0000no-such-entry')}/restore`,
      headers: { ...auth(ADMIN), 'content-type': 'application/json' },
      payload: '{}',
    });
    expect(restore.statusCode, restore.body).toBe(404);
    expect(restore.json().error.message).toContain('no-such-entry');
    const list = await t.app.inject({ method: 'GET', url: '/v1/faq?topic=%00labour', headers: auth(ADMIN) });
    expect(list.statusCode, list.body).toBeLessThan(500);
    expect(await snapshot()).toEqual(before);
  });

  it('rejects bodies over the size limit with a 4xx and writes nothing', async () => {
    const before = await snapshot();
    const huge = 'x'.repeat(1024 * 1024 + 10);
    for (const route of routes.filter((r) => r.contentTypes.length > 0)) {
      const contentType = route.contentTypes.includes('application/json') ? 'application/json' : 'text/csv';
      const res = await t.app.inject({
        method: route.method,
        url: fillPath(route.path, (name) => known[name]?.[0] ?? '1'),
        headers: { ...auth(tokenOf.get(key(route)) ?? ADMIN), 'content-type': contentType },
        payload: contentType === 'application/json' ? JSON.stringify({ text: huge, name: huge }) : huge,
      });
      expect(res.statusCode, `${key(route)} → ${res.statusCode}`).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, `${key(route)} → ${res.statusCode}`).toBeLessThan(500);
    }
    expect(await snapshot()).toEqual(before);
  });

  it('records a message with any text, and answers a replay with the same reply', async () => {
    await fc.assert(
      // Keep the body under the 1 MB limit.
      fc.asyncProperty(
        hostileText.filter((s) => JSON.stringify(s).length < 400_000),
        async (text) => {
          const message = inbound(text, parseOf('none'));
          const first = await postInbound(t, message);
          expect(first.statusCode, first.body.slice(0, 300)).toBe(200);
          const again = await postInbound(t, message);
          expect(again.json()).toEqual({ ...first.json(), duplicate: true });
        },
      ),
      { numRuns: 25 },
    );
  });
});
