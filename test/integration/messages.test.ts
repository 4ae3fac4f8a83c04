// POST /v1/messages end to end on a fresh database: cases, idempotency, auth, bad input.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messages } from '../../db/schema/index.js';
import { inbound, parseOf, type TestInbound } from '../helpers/inbound-fixtures.js';
import { ADMIN, auth, BOT, createTestApp, postInbound, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

const post = (body: TestInbound, token = BOT) => postInbound(t, body, token);

describe('POST /v1/messages', () => {
  it('creates a dispute case with both deadlines from the receipt time', async () => {
    const msg = inbound(
      '楼上邻居天天半夜吵，能不能调解一下',
      parseOf('report_dispute', { entities: { place: '三坊七巷社区' } }),
      {
        receivedAt: '2026-09-28T10:00:00+08:00',
      },
    );
    const res = await post(msg);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.caseNo).toMatch(/^GL-2026-\d{6}$/);
    expect(body.duplicate).toBe(false);
    expect(body.reply).toContain(body.caseNo);

    const got = await t.app.inject({ method: 'GET', url: `/v1/cases/${body.caseNo}`, headers: auth(ADMIN) });
    expect(got.statusCode).toBe(200);
    const c = got.json();
    expect(c).toMatchObject({
      caseNo: body.caseNo,
      kind: 'dispute',
      status: 'received',
      intent: 'report_dispute',
    });
    expect(c.receivedAt).toBe('2026-09-28T10:00:00.000+08:00');
    expect(c.proceduralDueAt).toBe('2026-10-13T23:59:59.999+08:00');
    expect(c.substantiveDueAt).toMatch(/^2026-12-28T23:59:59\.999\+08:00$/);
    expect(c.events.map((e: { type: string }) => e.type)).toEqual(['received', 'assigned']);
    expect(c.grid).toMatchObject({ code: 'GL-S05-C08', name: '三坊七巷社区' });
    expect(c.group?.code).toMatch(/^GRP-0\d$/);
  });

  it('answers a repeat of the same WeChat message with the first answer and records nothing new', async () => {
    const msg = inbound(
      '有人在小区门口卖假药',
      parseOf('report_clue', { category: 'food_drug', entities: { place: '三坊七巷社区' } }),
    );
    const first = (await post(msg)).json();
    const again = await post(msg);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ ...first, duplicate: true });
    const list = (
      await t.app.inject({ method: 'GET', url: '/v1/cases?kind=clue', headers: auth(ADMIN) })
    ).json();
    expect(list.items.filter((c: { caseNo: string }) => c.caseNo === first.caseNo)).toHaveLength(1);
  });

  it('records concurrent deliveries of one message once', async () => {
    const msg = inbound(
      '小区里有人聚众赌博',
      parseOf('report_clue', { category: 'gambling', entities: { place: '三坊七巷社区' } }),
    );
    const results = await Promise.all([post(msg), post(msg), post(msg)]);
    const caseNos = new Set(results.map((r) => r.json().caseNo));
    expect(caseNos.size).toBe(1);
    expect(results.filter((r) => r.json().duplicate === false)).toHaveLength(1);
  });

  it('answers a greeting without opening a case', async () => {
    const res = (await post(inbound('你好', parseOf('greeting')))).json();
    expect(res.caseNo).toBeUndefined();
    expect(res.reply).toContain('检网');
  });

  it('answers a confident FAQ match at once, from the office’s current entry, and opens no case', async () => {
    const faq = {
      id: 'labour-wage-arrears',
      question: '公司拖欠工资怎么办？',
      answer: '（旧答复）',
      score: 0.9,
    };
    const res = (await post(inbound('老板拖欠工资怎么办', parseOf('legal_question', { faq })))).json();
    expect(res.caseNo).toBeUndefined();
    expect(res.reply).toContain('劳动保障监察');
    expect(res.reply).toContain('仅供参考');
    expect(res.reply).not.toContain('旧答复');
  });

  it('requires the bot token: none → 401, admin → 403', async () => {
    const msg = inbound('你好', parseOf('greeting'));
    expect((await t.app.inject({ method: 'POST', url: '/v1/messages', payload: msg })).statusCode).toBe(401);
    expect((await post(msg, 'not-a-token')).statusCode).toBe(401);
    expect((await post(msg, ADMIN)).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/v1/cases', headers: auth(BOT) })).statusCode).toBe(
      403,
    );
  });

  it('rejects malformed JSON, unknown fields and wrong types with 400 and records nothing', async () => {
    const before = (await t.app.inject({ method: 'GET', url: '/v1/cases', headers: auth(ADMIN) })).json()
      .total;
    const bad = await t.app.inject({
      method: 'POST',
      url: '/v1/messages',
      headers: { ...auth(BOT), 'content-type': 'application/json' },
      payload: '{"messageId": "x",',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('invalid_json');
    const extra = await post({ ...inbound('x', parseOf('report_clue')), extra: 1 } as TestInbound);
    expect(extra.statusCode).toBe(400);
    expect(extra.json().error.code).toBe('validation_failed');
    const wrongType = await post({ ...inbound('x', parseOf('report_clue')), receivedAt: 'yesterday' });
    expect(wrongType.statusCode).toBe(400);
    const after = (await t.app.inject({ method: 'GET', url: '/v1/cases', headers: auth(ADMIN) })).json()
      .total;
    expect(after).toBe(before);
  });

  it.each([
    ['year 0001', '0001-01-01T00:00:00Z'],
    ['year 9999', '9999-12-31T23:59:59+08:00'],
    ['1969', '1969-12-31T23:59:59Z'],
    ['a year and more before the clock', '2025-11-01T10:00:00+08:00'],
    ['two days after the clock', '2026-11-29T10:00:00+08:00'],
  ])('refuses a receivedAt of %s with 400, recording nothing', async (_what, receivedAt) => {
    const msg = inbound(
      '邻居装修太吵了',
      parseOf('report_dispute', { entities: { place: '三坊七巷社区' } }),
      {
        receivedAt,
      },
    );
    const res = await post(msg);
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({
      code: 'validation_failed',
      details: [{ path: 'body/receivedAt' }],
    });
    expect(res.json().error.message).toMatch(/server's clock/);
    const stored = await t.database.db.select().from(messages).where(eq(messages.messageId, msg.messageId));
    expect(stored).toEqual([]);
    const listed = await t.app.inject({ method: 'GET', url: '/v1/cases?limit=500', headers: auth(ADMIN) });
    expect(JSON.stringify(listed.json())).not.toMatch(/GL-(0001|9999|1969|2025)-/);
  });

  it('takes a receivedAt from a message that waited days on the bot’s disk', async () => {
    const res = await post(
      inbound('小区门口垃圾堆放纠纷', parseOf('report_dispute', { entities: { place: '三坊七巷社区' } }), {
        receivedAt: '2026-11-20T10:00:00+08:00',
      }),
    );
    expect(res.statusCode).toBe(200);
    expect(res.json().caseNo).toMatch(/^GL-2026-\d{6}$/);
  });

  it('keeps an oversize forwarded record truncated with a note instead of dropping it', async () => {
    const long = '网格员反映：'.concat('某小区地下室有人聚众赌博，'.repeat(800));
    const res = await post(
      inbound(long, parseOf('report_clue', { category: 'gambling', entities: { place: '三坊七巷社区' } })),
    );
    expect(res.statusCode).toBe(200);
    expect(res.json().caseNo).toMatch(/^GL-/);
    expect(res.json().reply).toContain('已保存前');
  });

  it('returns 404 for an unknown case number and 400 for a malformed one', async () => {
    const missing = await t.app.inject({
      method: 'GET',
      url: '/v1/cases/GL-2026-999999',
      headers: auth(ADMIN),
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('not_found');
    const malformed = await t.app.inject({ method: 'GET', url: '/v1/cases/hello', headers: auth(ADMIN) });
    expect(malformed.statusCode).toBe(400);
  });

  it('accepts case numbers written loosely in the URL', async () => {
    const res = (
      await post(
        inbound('邻居占用楼道堆放杂物', parseOf('report_dispute', { entities: { place: '三坊七巷社区' } })),
      )
    ).json();
    const loose = res.caseNo.toLowerCase().replaceAll('-', '');
    const got = await t.app.inject({ method: 'GET', url: `/v1/cases/${loose}`, headers: auth(ADMIN) });
    expect(got.statusCode).toBe(200);
    expect(got.json().caseNo).toBe(res.caseNo);
  });
});

describe('GET /health', () => {
  it('reports the database kind, and the bot as off when none runs in this process', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      status: 'ok',
      db: process.env.DATABASE_URL ? 'postgres' : 'pglite',
      bot: { state: 'off', since: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+08:00$/) },
    });
  });
});

describe('a message the bot could not parse', () => {
  it('is recorded once and answered with a request to rephrase, opening no case', async () => {
    const msg = { ...inbound('某某小区有人', parseOf('report_clue')), parse: null };
    const first = await post(msg);
    expect(first.statusCode).toBe(200);
    expect(first.json().caseNo).toBeUndefined();
    expect(first.json().reply).toBeTruthy();
    expect((await post(msg)).json()).toEqual({ ...first.json(), duplicate: true });
  });
});

describe('contact details at rest', () => {
  it('stores no phone or ID number in clear in messages or cases', async () => {
    const text = '我叫王某，电话13812345678，身份证350102199003071234，邻居占我车位吵了好几次想请人调解';
    const res = await post(
      inbound(text, parseOf('report_dispute', { entities: { place: '三坊七巷社区', phone: '13812345678' } })),
    );
    expect(res.json().caseNo).toMatch(/^GL-/);
    const rows = [
      ...(await t.database.executeSql('select * from messages')).rows,
      ...(await t.database.executeSql('select * from cases')).rows,
    ];
    const dump = JSON.stringify(rows);
    expect(dump).not.toContain('13812345678');
    expect(dump).not.toContain('350102199003071234');
    const [stored] = await t.database
      .executeSql('select text from messages where text is not null limit 1')
      .then((r) => r.rows);
    expect(t.app.services.registry.fieldCipher.decrypt(String(stored?.text))).toBeTruthy();
  });
});
