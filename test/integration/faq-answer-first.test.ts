// Answer first: a message asking what the FAQ answers gets the answer and the offer to register; replying 1
// registers the earlier matter with its own receipt time; clues, rooms and anonymous messages keep their paths.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cases, dialogues, messages } from '../../db/schema/index.js';
import { inbound, parseOf, type TestInbound } from '../helpers/inbound-fixtures.js';
import { ADMIN, auth, createTestApp, postInbound, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ now: '2026-12-01T02:00:00Z' });
});
afterAll(async () => {
  await t?.close();
});

const post = (body: TestInbound) => postInbound(t, body);
const wages = {
  id: 'labour-wage-arrears',
  question: '公司拖欠工资怎么办？',
  answer: '（解析器里的旧副本）',
  score: 0.8,
};
const caseCount = async () => (await t.database.db.select({ id: cases.id }).from(cases)).length;
let n = 0;
/** A resident of their own (each test its own WeChat id, so offers do not meet). */
const resident = () => ({ id: `wxid_answer_first_${++n}`, name: '李先生' });
const say = (from: { id: string; name: string }, text: string, parse = parseOf('none'), at?: string) =>
  inbound(text, parse, { from, ...(at ? { receivedAt: at } : {}) });

describe('a described matter that asks what the FAQ answers', () => {
  it('gets the answer with the offer to register, and no case yet', async () => {
    const before = await caseCount();
    const res = await post(
      say(resident(), '老板拖欠我三个月工资不给，我该怎么办？', parseOf('report_dispute', { faq: wages })),
    );
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.caseNo).toBeUndefined();
    expect(body.reply).toContain('关于“公司拖欠工资怎么办”');
    expect(body.reply).toContain('《劳动合同法》第30条');
    expect(body.reply).not.toContain('旧副本');
    expect(body.reply).toMatch(/需要我们登记跟进吗？回复 1$/);
    expect(await caseCount()).toBe(before);
  });

  it('is registered when the resident replies 1, with the clock started at the first message', async () => {
    const who = resident();
    const first = say(
      who,
      '老板拖欠我三个月工资不给，我该怎么办？',
      parseOf('report_dispute', { faq: wages, entities: { place: '三坊七巷社区' } }),
      '2026-12-01T09:30:00+08:00',
    );
    await post(first);
    const reply = (await post(say(who, '1', parseOf('none'), '2026-12-01T09:40:00+08:00'))).json();
    expect(reply.caseNo).toMatch(/^GL-2026-\d{6}$/);
    expect(reply.reply).toContain(reply.caseNo);
    const c = (
      await t.app.inject({ method: 'GET', url: `/v1/cases/${reply.caseNo}`, headers: auth(ADMIN) })
    ).json();
    expect(c).toMatchObject({ kind: 'dispute', intent: 'report_dispute' });
    expect(c.receivedAt).toBe('2026-12-01T09:30:00.000+08:00');
    const [original] = await t.database.db
      .select()
      .from(messages)
      .where(eq(messages.messageId, first.messageId));
    expect(original!.caseId).not.toBeNull();
    // The offer is used up: a second 1 registers nothing more.
    const again = (await post(say(who, '1', parseOf('none')))).json();
    expect(again.caseNo).toBeUndefined();
  });

  it('accepts 1 as residents type it', async () => {
    for (const yes of ['１', '回复1', '需要', '好的']) {
      const who = resident();
      await post(say(who, '公司欠我工资不发，怎么办？', parseOf('report_dispute', { faq: wages })));
      expect((await post(say(who, yes))).json().caseNo, yes).toMatch(/^GL-/);
    }
  });

  it('treats any other reply as a new message, and a later offer replaces the earlier one', async () => {
    const who = resident();
    await post(say(who, '工资被拖欠了怎么办？', parseOf('report_dispute', { faq: wages })));
    const other = (await post(say(who, '今天天气怎么样', parseOf('none')))).json();
    expect(other.reply).toContain('没有看明白');
    const deposit = { id: 'tenancy-deposit', question: '房东不退押金怎么办？', answer: '', score: 0.9 };
    await post(say(who, '退租了房东不退押金，怎么办？', parseOf('report_dispute', { faq: deposit })));
    const registered = (await post(say(who, '1'))).json();
    const c = (
      await t.app.inject({ method: 'GET', url: `/v1/cases/${registered.caseNo}`, headers: auth(ADMIN) })
    ).json();
    expect(c.summary).toContain('押金');
    const open = await t.database.db.select().from(dialogues).where(eq(dialogues.wechatId, who.id));
    expect(open.filter((d) => d.kind === 'offer_registration')).toEqual([]);
  });

  it('says so when the offer has expired, and registers nothing', async () => {
    const who = resident();
    await post(say(who, '工资被拖欠了怎么办？', parseOf('report_dispute', { faq: wages })));
    t.clock.advance((t.config.routing.dialogueTtlMinutes + 1) * 60_000);
    const before = await caseCount();
    const res = (await post(say(who, '1'))).json();
    expect(res.reply).toContain('已过期');
    expect(await caseCount()).toBe(before);
  });

  it('is registered at once when the office has retired the entry', async () => {
    const retired = await t.app.inject({
      method: 'POST',
      url: '/v1/faq/labour-no-contract/retire',
      headers: auth(ADMIN),
      payload: { reason: '测试' },
    });
    expect(retired.statusCode).toBe(200);
    const faq = {
      id: 'labour-no-contract',
      question: '没签劳动合同能要求双倍工资吗？',
      answer: '旧',
      score: 0.9,
    };
    const res = (
      await post(say(resident(), '公司不签合同，能要双倍工资吗？', parseOf('report_dispute', { faq })))
    ).json();
    expect(res.caseNo).toMatch(/^GL-/);
    await t.app.inject({ method: 'POST', url: '/v1/faq/labour-no-contract/restore', headers: auth(ADMIN) });
  });
});

describe('paths answer-first leaves alone', () => {
  it('registers a clue at once and adds the answer below the receipt', async () => {
    const fraud = {
      id: 'fraud-fake-police',
      question: '接到公检法电话说我涉嫌洗钱要转账，是真的吗？',
      answer: '',
      score: 0.7,
    };
    const res = (
      await post(
        say(
          resident(),
          '有人自称检察院打电话要我转账到安全账户，是真的吗？',
          parseOf('report_clue', { faq: fraud }),
        ),
      )
    ).json();
    expect(res.caseNo).toMatch(/^GL-/);
    expect(res.reply.indexOf(res.caseNo)).toBeLessThan(res.reply.indexOf('安全账户'));
    expect(res.reply).toContain('12309');
  });

  it('answers a legal question in a private chat with the offer, and registers a legal question on 1', async () => {
    const who = resident();
    const drunk = { id: 'traffic-drunk-driving', question: '醉驾会被判刑吗？', answer: '', score: 0.9 };
    const res = (await post(say(who, '醉驾会坐牢吗', parseOf('legal_question', { faq: drunk })))).json();
    expect(res.reply).toContain('危险驾驶罪');
    expect(res.reply).toContain('回复 1');
    const registered = (await post(say(who, '1'))).json();
    const c = (
      await t.app.inject({ method: 'GET', url: `/v1/cases/${registered.caseNo}`, headers: auth(ADMIN) })
    ).json();
    expect(c.kind).toBe('legal_question');
  });

  it('registers a matter told in a bound group chat, and answers a legal question there without an offer', async () => {
    const room = { id: 'answer-first@chatroom', topic: '三坊七巷网格群' };
    const bind = await t.app.inject({
      method: 'PUT',
      url: `/v1/rooms/${room.id}`,
      headers: auth(ADMIN),
      payload: { gridCode: 'GL-S01-C02-G01' },
    });
    expect(bind.statusCode).toBe(200);
    const dispute = (
      await post(
        inbound('反映：老板拖欠工资不给，怎么办？', parseOf('report_dispute', { faq: wages }), { room }),
      )
    ).json();
    expect(dispute.caseNo).toMatch(/^GL-/);
    expect(dispute.reply).not.toContain('回复 1');
    const drunk = { id: 'traffic-drunk-driving', question: '醉驾会被判刑吗？', answer: '', score: 0.9 };
    const question = (
      await post(inbound('咨询：醉驾会坐牢吗', parseOf('legal_question', { faq: drunk }), { room }))
    ).json();
    expect(question.caseNo).toBeUndefined();
    expect(question.reply).toContain('危险驾驶罪');
    expect(question.reply).not.toContain('回复 1');
  });

  it('registers an anonymous matter without an offer', async () => {
    const res = (
      await post(
        say(resident(), '匿名反映：老板拖欠工资不给，怎么办？', parseOf('report_dispute', { faq: wages })),
      )
    ).json();
    expect(res.caseNo).toMatch(/^GL-/);
    expect(res.reply).not.toContain('回复 1');
  });

  it('does not answer a matter that asks nothing', async () => {
    const res = (await post(say(resident(), '老板拖欠工资，请帮我讨回来', parseOf('report_dispute')))).json();
    expect(res.caseNo).toMatch(/^GL-/);
  });

  it('records a replayed 1 once', async () => {
    const who = resident();
    await post(say(who, '工资被拖欠了怎么办？', parseOf('report_dispute', { faq: wages })));
    const yes = say(who, '1');
    const first = (await post(yes)).json();
    const replay = (await post(yes)).json();
    expect(replay).toMatchObject({ duplicate: true, caseNo: first.caseNo });
  });
});
