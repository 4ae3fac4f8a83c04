// Issue 10 items 1–3: an anonymous report keeps no sender, events name no reporter, a co-reporter sees only their own report.
import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FLOOD_NOTICE } from '../../api/messages/sender-rate-limit.js';
import { auditLog, caseReports, messages, outbox, people } from '../../db/schema/index.js';
import { caseRow, GRP01, GRP01_PLACE, GRP03, repliesFor, tokenFor } from '../helpers/case-fixtures.js';
import { inbound, parseOf } from '../helpers/inbound-fixtures.js';
import { ADMIN, auth, createTestApp, postInbound, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
let office: string;
let member01: string;
let member03: string;
beforeAll(async () => {
  t = await createTestApp({ now: '2026-11-27T02:00:00Z', env: { SENDER_MESSAGES_PER_MINUTE: '3' } });
  office = await tokenFor(t, 'office');
  member01 = await tokenFor(t, 'prosecutor', GRP01.member);
  member03 = await tokenFor(t, 'prosecutor', GRP03.member);
});
afterAll(async () => {
  await t?.close();
});

const get = (url: string, token = ADMIN) => t.app.inject({ method: 'GET', url, headers: auth(token) });
const MINUTE = 60_000;

async function send(
  from: { id: string; name: string },
  text: string,
  parse = parseOf('report_dispute', { entities: { place: GRP01_PLACE } }),
  messageId: string = randomUUID(),
  /** Flood-control tests send within one minute; others let a minute pass (the limit is 3 a minute here). */
  within = false,
) {
  if (!within) t.clock.advance(MINUTE);
  const res = await postInbound(
    t,
    inbound(text, parse, { messageId, from, receivedAt: t.clock.now().toISOString() }),
  );
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { caseNo?: string; reply: string | null; duplicate: boolean };
}

/** Every stored row of the tables a conversation writes, as text: what a database dump would show. */
async function dump(): Promise<string> {
  const tables = [
    'messages',
    'people',
    'cases',
    'case_reports',
    'case_events',
    'outbox',
    'dialogues',
    'audit_log',
  ];
  const parts: string[] = [];
  for (const table of tables) {
    const result = await t.database.db.execute(sql.raw(`select row_to_json(x)::text as j from ${table} x`));
    const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as { j: string }[];
    parts.push(...rows.map((r) => r.j));
  }
  return parts.join('\n');
}

describe('item 1: an anonymous report keeps nothing that names its sender', () => {
  const sender = { id: 'wxid_anon_gambling', name: '林晓匿' };
  const text = '匿名举报：三坊七巷社区有人非法开设赌场，每晚十点后很多人进出';
  const clue = parseOf('report_clue', { category: 'gambling', entities: { place: '三坊七巷社区' } });

  it('answers 已匿名登记 and stores no WeChat id, no person, no name — nothing to pair by time', async () => {
    const residentsBefore = (await get('/v1/people?role=resident&limit=200')).json();
    const messageId = randomUUID();
    const answer = await send(sender, text, clue, messageId);
    expect(answer.reply).toMatch(/已匿名登记/);
    expect(answer.caseNo).toMatch(/^GL-2026-\d{6}$/);

    const [row] = await t.database.db.select().from(messages).where(eq(messages.messageId, messageId));
    expect(row).toMatchObject({ fromWechatId: null, personId: null });
    expect(row!.senderHash).toMatch(/^[0-9a-f]{64}$/);
    expect(await t.database.db.select().from(people).where(eq(people.wechatId, sender.id))).toEqual([]);
    const residentsAfter = (await get('/v1/people?role=resident&limit=200')).json();
    expect(residentsAfter.total).toBe(residentsBefore.total);
    expect(JSON.stringify(residentsAfter)).not.toContain(sender.name);

    const stored = await dump();
    expect(stored).not.toContain(sender.id);
    expect(stored).not.toContain(sender.name);
    const detail = await get(`/v1/cases/${answer.caseNo}`);
    expect(detail.json().anonymous).toBe(true);
    expect(detail.body).not.toContain(sender.name);

    // A replay after re-login is still recognised, without the sender being kept.
    const replay = await send(sender, text, clue, messageId, true);
    expect(replay).toMatchObject({ duplicate: true, caseNo: answer.caseNo });
  });

  it('counts an anonymous sender’s messages towards their per-sender limit', async () => {
    t.clock.advance(10 * MINUTE);
    const flooder = { id: 'wxid_anon_flood', name: '刷屏者' };
    for (let i = 0; i < 3; i++)
      expect(
        (await send(flooder, `匿名反映：${randomUUID()} 楼道堆放杂物`, undefined, undefined, true)).reply,
      ).not.toBe(FLOOD_NOTICE);
    // The fourth within the minute, named this time: the same sender, so over the limit.
    expect((await send(flooder, `楼下夜市噪音扰民 ${randomUUID()}`, undefined, undefined, true)).reply).toBe(
      FLOOD_NOTICE,
    );
  });
});

describe('item 2: events never point at a reporter; who reported is one audited path', () => {
  it('a case view and its events carry no reporter id or name, for any role', async () => {
    t.clock.advance(10 * MINUTE);
    const from = { id: 'wxid_named_reporter', name: '陈建华' };
    const { caseNo } = await send(from, `举报小区门口有人收保护费 ${randomUUID()}`);
    const [person] = await t.database.db.select().from(people).where(eq(people.wechatId, from.id));
    for (const token of [office, ADMIN, member01]) {
      const detail = await get(`/v1/cases/${caseNo}`, token);
      expect(detail.statusCode).toBe(200);
      const body = detail.json();
      expect(body).not.toHaveProperty('reporter');
      expect(body.events.map((e: { actor: string }) => e.actor)).toContain('reporter');
      expect(detail.body).not.toContain(`wechat:${person!.id}`);
      expect(detail.body).not.toContain(from.name);
      expect(detail.body).not.toContain(from.id);
    }
    const readsBefore = (await get('/v1/audit?action=read_reporter')).json().total;
    expect(readsBefore).toBe(0);
  });

  it('GET /v1/cases/:caseNo/reporters names them to admins and the owning group, each read audited', async () => {
    const from = { id: 'wxid_named_2', name: '郑美玲' };
    const { caseNo } = await send(from, `反映楼上漏水多次协商无果 ${randomUUID()}`);
    const url = `/v1/cases/${caseNo}/reporters`;
    expect((await get(url, office)).statusCode).toBe(403);
    expect((await get(url, member03)).statusCode).toBe(404);
    expect((await get('/v1/audit?action=read_reporter')).json().total).toBe(0);

    const byAdmin = await get(url);
    expect(byAdmin.statusCode).toBe(200);
    expect(byAdmin.json()).toMatchObject({
      caseNo,
      anonymous: false,
      total: 1,
      anonymousReporters: 0,
      items: [{ name: '郑美玲', first: true, receiptNo: null, inRoom: false }],
    });
    expect((await get(url, member01)).json().items[0].name).toBe('郑美玲');
    const reads = (await get('/v1/audit?action=read_reporter')).json();
    expect(reads.items.map((e: { subject: string; actor: string }) => [e.subject, e.actor])).toEqual([
      [caseNo, expect.stringMatching(/^token:\d+$/)],
      [caseNo, 'admin:env'],
    ]);
  });

  it('for an anonymous case it returns no identity', async () => {
    t.clock.advance(10 * MINUTE);
    const { caseNo } = await send(
      { id: 'wxid_anon_2', name: '某某' },
      `匿名反映有人在中山社区贩卖假药 ${randomUUID()}`,
    );
    const res = await get(`/v1/cases/${caseNo}/reporters`);
    expect(res.json()).toMatchObject({ anonymous: true, items: [], total: 0, anonymousReporters: 1 });
    expect(res.body).not.toContain('某某');
  });

  it('a resident naming their community in the dialogue is not named by the assignment event', async () => {
    t.clock.advance(10 * MINUTE);
    const from = { id: 'wxid_dialogue', name: '吴桂英' };
    const first = await send(from, `邻居装修噪音太大 ${randomUUID()}`, parseOf('report_dispute'));
    expect(first.reply).toMatch(/哪个社区/);
    await send(from, GRP01_PLACE, parseOf('none'));
    const events = (await get(`/v1/cases/${first.caseNo}`, office)).json().events as {
      type: string;
      actor: string;
    }[];
    expect(events.find((e) => e.type === 'assigned')?.actor).toBe('reporter');
    expect(events.every((e) => !e.actor.startsWith('wechat:'))).toBe(true);
  });
});

describe('item 3: a co-reporter gets their own receipt and sees only their own report', () => {
  const a = { id: 'wxid_neighbour_a', name: '张女士' };
  const b = { id: 'wxid_neighbour_b', name: '王先生' };
  const aText = '我住在中山社区，邻居吵架，帮忙调解，对门王家天天摔东西';
  const bText = '我住在中山社区，邻居吵架，帮忙调解';
  let caseNo: string;
  let receipt: string;

  it('B’s report joins A’s case but B is told a number of their own, never A’s', async () => {
    t.clock.advance(10 * MINUTE);
    caseNo = (await send(a, aText)).caseNo!;
    const joined = await send(b, bText);
    receipt = joined.caseNo!;
    expect(receipt).toMatch(/^GL-2026-\d{6}$/);
    expect(receipt).not.toBe(caseNo);
    expect(joined.reply).toContain(receipt);
    expect(joined.reply).not.toContain(caseNo);
    expect(joined.reply).not.toContain('王家');
    const [report] = await t.database.db.select().from(caseReports).where(eq(caseReports.receiptNo, receipt));
    expect(report!.caseId).toBe((await caseRow(t, caseNo)).id);
  });

  it('the same sender repeating counts once: reportCount counts reporters, not messages', async () => {
    const again = await send(a, aText);
    expect(again.caseNo).toBe(caseNo);
    const bAgain = await send(b, bText);
    expect(bAgain.caseNo).toBe(receipt);
    expect(bAgain.reply).not.toContain(caseNo);
    expect((await get(`/v1/cases/${caseNo}`)).json().reportCount).toBe(2);
    const reporters = (await get(`/v1/cases/${caseNo}/reporters`)).json();
    expect(
      reporters.items.map((r: { name: string; receiptNo: string | null }) => [r.name, r.receiptNo]),
    ).toEqual([
      ['张女士', null],
      ['王先生', receipt],
    ]);
  });

  it('B’s status query answers only for B’s own report, in general words', async () => {
    const byCaseNo = await send(b, `查询 ${caseNo}`, parseOf('query_status', { entities: { caseNo } }));
    expect(byCaseNo.reply).toMatch(/没有查到/);
    const byReceipt = await send(
      b,
      `查询 ${receipt}`,
      parseOf('query_status', { entities: { caseNo: receipt } }),
    );
    expect(byReceipt.reply).toContain(receipt);
    expect(byReceipt.reply).toMatch(/正在办理/);
    expect(byReceipt.reply).not.toContain(caseNo);
    expect(byReceipt.reply).not.toContain('王家');
    const list = await send(b, '查询', parseOf('query_status'));
    expect(list.reply).toContain(receipt);
    expect(list.reply).not.toContain(caseNo);
    // A still reads their own case, and B's number is not A's to read either.
    expect(
      (await send(a, `查询 ${caseNo}`, parseOf('query_status', { entities: { caseNo } }))).reply,
    ).toContain(caseNo);
    expect(
      (await send(a, `查询 ${receipt}`, parseOf('query_status', { entities: { caseNo: receipt } }))).reply,
    ).toMatch(/没有查到/);
  });

  it('when the case closes A gets the result, B only a general closing text', async () => {
    const act = (body: object) =>
      t.app.inject({
        method: 'POST',
        url: `/v1/cases/${caseNo}/actions`,
        headers: auth(ADMIN),
        payload: body,
      });
    expect((await act({ action: 'accept' })).statusCode).toBe(200);
    expect((await act({ action: 'resolve', text: '已调解，王家赔偿200元并道歉' })).statusCode).toBe(200);
    expect((await act({ action: 'close' })).statusCode).toBe(200);
    const sent = await repliesFor(t, caseNo);
    const toB = sent.filter((m) => m.toId === b.id);
    expect(toB).toHaveLength(1);
    expect(toB[0]!.text).toContain(receipt);
    expect(toB[0]!.text).not.toContain(caseNo);
    expect(toB[0]!.text).not.toContain('王家');
    const toA = sent.filter((m) => m.toId === a.id).map((m) => m.text);
    expect(toA.some((text) => text.includes('王家赔偿200元'))).toBe(true);
    expect(sent.filter((m) => m.purpose === 'survey').map((m) => m.toId)).toEqual([a.id]);
    const closed = await send(
      b,
      `查询 ${receipt}`,
      parseOf('query_status', { entities: { caseNo: receipt } }),
    );
    expect(closed.reply).toMatch(/已办理完毕/);
    expect(closed.reply).not.toContain('王家');
  });

  it('works for anonymous clues too: an anonymous co-reporter gets their own number, and counts once', async () => {
    t.clock.advance(10 * MINUTE);
    const clue = parseOf('report_clue', { category: 'drugs', entities: { place: GRP01_PLACE } });
    const first = await send(
      { id: 'wxid_clue_first', name: '刘' },
      '中山社区菜市场后面有人贩毒，经常半夜交易',
      clue,
    );
    const anon = { id: 'wxid_clue_anon', name: '匿' };
    const joined = await send(anon, '匿名：中山社区菜市场后面有人贩毒', clue);
    expect(joined.reply).toMatch(/已匿名登记/);
    expect(joined.caseNo).not.toBe(first.caseNo);
    expect(joined.reply).not.toContain(first.caseNo);
    const again = await send(anon, '匿名：中山社区菜市场后面有人贩毒', clue);
    expect(again.caseNo).toBe(joined.caseNo);
    expect((await get(`/v1/cases/${first.caseNo}`)).json().reportCount).toBe(2);
    const stored = await t.database.db
      .select({ n: sql<number>`count(*)` })
      .from(outbox)
      .where(and(eq(outbox.toId, anon.id)));
    expect(Number(stored[0]!.n)).toBe(0);
    expect(await dump()).not.toContain(anon.id);
    const reads = await t.database.db.select().from(auditLog).where(eq(auditLog.subject, first.caseNo!));
    expect(reads).toEqual([]);
  });
});
