// Greetings and FAQ answers to a quiet resident go in one statement without a transaction; anyone the full path
// could answer differently (an open dialogue, staff, a retired or edited entry, flood control) still gets it.
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it, type MockInstance, vi } from 'vitest';
import { replies } from '../../api/messages/reply-texts.js';
import { dialogues, faqEntries, messages, people } from '../../db/schema/index.js';
import { inbound, parseOf, type TestInbound } from '../helpers/inbound-fixtures.js';
import { createTestApp, postInbound, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
let transactions: MockInstance;
let entry: { id: string; question: string; answer: string };
beforeAll(async () => {
  t = await createTestApp({ now: '2026-12-01T02:00:00Z' });
  const [row] = await t.database.db.select().from(faqEntries).where(eq(faqEntries.id, 'labour-wage-arrears'));
  entry = { id: row!.id, question: row!.question, answer: row!.answer };
});
afterAll(async () => {
  await t?.close();
});
afterEach(() => {
  transactions?.mockRestore();
});

let n = 0;
const resident = () => ({ id: `wxid_quick_${++n}`, name: ' 陈阿姨 ' });
const at = '2026-12-01T10:00:00+08:00';
const say = (from: { id: string; name: string }, text: string, parse = parseOf('greeting')): TestInbound =>
  inbound(text, parse, { from, receivedAt: at });
/** Posts and counts the message transactions it opened. */
async function post(body: TestInbound) {
  transactions = vi.spyOn(t.database.db, 'transaction');
  const res = await postInbound(t, body);
  const opened = transactions.mock.calls.length;
  transactions.mockRestore();
  expect(res.statusCode).toBe(200);
  return { body: res.json(), opened };
}
const rowOf = async (messageId: string) =>
  (await t.database.db.select().from(messages).where(eq(messages.messageId, messageId)))[0];

describe('a greeting from a first contact', () => {
  it('is answered, its sender made a resident and the message stored encrypted, with no transaction', async () => {
    const who = resident();
    const msg = say(who, '你好');
    const { body, opened } = await post(msg);
    expect(body).toEqual({ reply: replies.help, duplicate: false });
    expect(opened).toBe(0);
    const [person] = await t.database.db.select().from(people).where(eq(people.wechatId, who.id));
    expect(person).toMatchObject({ name: '陈阿姨', role: 'resident' });
    const row = await rowOf(msg.messageId);
    expect(row).toMatchObject({ fromWechatId: who.id, personId: person!.id, type: 'text', caseId: null });
    expect(row!.text).not.toContain('你好');
    expect(row!.response).toEqual({ reply: replies.help });
    expect(row!.parse).toMatchObject({ intent: 'greeting' });
    expect(row!.receivedAt.toISOString()).toBe('2026-12-01T02:00:00.000Z');
  });

  it('answers a replay with the first answer and stores nothing more', async () => {
    const msg = say(resident(), '在吗');
    await post(msg);
    const again = await post(msg);
    expect(again).toEqual({ body: { reply: replies.help, duplicate: true }, opened: 0 });
    const rows = await t.database.db.select().from(messages).where(eq(messages.messageId, msg.messageId));
    expect(rows).toHaveLength(1);
  });
});

describe('a message not understood', () => {
  it('is answered as such in one statement', async () => {
    const msg = say(resident(), '嗯嗯那个啥', parseOf('none'));
    const { body, opened } = await post(msg);
    expect(body).toEqual({ reply: replies.notUnderstood, duplicate: false });
    expect(opened).toBe(0);
    expect((await rowOf(msg.messageId))!.response).toEqual({ reply: replies.notUnderstood });
  });

  it('is left to the full path (follow-up.ts decides) while a case of the sender collects materials', async () => {
    const who = resident();
    const dispute = parseOf('report_dispute', { entities: { place: '三坊七巷社区' } });
    const made = await post(say(who, '邻居装修把我家墙弄裂了，想请人调解', dispute));
    expect(made.body.caseNo).toMatch(/^GL-2026-\d{6}$/);
    const more = await post(say(who, '裂缝有两米长', parseOf('none')));
    expect(more.opened).toBe(1);
  });
});

describe('an FAQ answer', () => {
  it('is stored with its registration offer in the same statement, and 1 then registers the matter', async () => {
    const who = resident();
    const msg = say(
      who,
      '公司拖欠工资怎么办？',
      parseOf('legal_question', { faq: { ...entry, score: 0.9 } }),
    );
    const { body, opened } = await post(msg);
    expect(opened).toBe(0);
    expect(body.reply).toBe(replies.faqAnswerWithOffer(entry));
    const row = await rowOf(msg.messageId);
    const [offer] = await t.database.db.select().from(dialogues).where(eq(dialogues.wechatId, who.id));
    expect(offer).toMatchObject({
      kind: 'offer_registration',
      state: { messageRowId: row!.id, faqId: entry.id },
    });
    expect(offer!.expiresAt.getTime()).toBeGreaterThan(t.clock.now().getTime());
    const yes = await post(say(who, '1', parseOf('none')));
    expect(yes.opened).toBeGreaterThan(0);
    expect(yes.body.caseNo).toMatch(/^GL-2026-\d{6}$/);
    expect((await rowOf(msg.messageId))!.caseId).not.toBeNull();
  });

  it('leaves its offer open through a greeting in one statement, and 1 after it still registers', async () => {
    const who = resident();
    await post(say(who, '工资被拖欠怎么办', parseOf('legal_question', { faq: { ...entry, score: 0.9 } })));
    const hello = await post(say(who, '您好'));
    expect(hello).toEqual({ body: { reply: replies.help, duplicate: false }, opened: 0 });
    const [offer] = await t.database.db.select().from(dialogues).where(eq(dialogues.wechatId, who.id));
    expect(offer?.kind).toBe('offer_registration');
    const yes = await post(say(who, '好的', parseOf('greeting')));
    expect(yes.opened).toBeGreaterThan(0);
    expect(yes.body.caseNo).toMatch(/^GL-2026-\d{6}$/);
  });

  it('answers a greeting that would accept an offer in one statement when none is open', async () => {
    expect(await post(say(resident(), '好的'))).toEqual({
      body: { reply: replies.help, duplicate: false },
      opened: 0,
    });
  });

  it('replaces an expired offer of the same sender with the new one', async () => {
    const who = resident();
    const [old] = await t.database.db
      .insert(dialogues)
      .values({
        wechatId: who.id,
        kind: 'offer_registration',
        state: { messageRowId: 1, faqId: entry.id },
        expiresAt: new Date(t.clock.now().getTime() - 60_000),
      })
      .returning();
    const msg = say(who, '欠薪怎么办', parseOf('legal_question', { faq: { ...entry, score: 0.9 } }));
    expect((await post(msg)).opened).toBe(0);
    const [offer] = await t.database.db.select().from(dialogues).where(eq(dialogues.wechatId, who.id));
    expect(offer!.state).toEqual({ messageRowId: (await rowOf(msg.messageId))!.id, faqId: entry.id });
    expect(offer!.expiresAt.getTime()).toBeGreaterThan(old!.expiresAt.getTime());
  });

  it('takes the full path when the parser quotes other words than the entry has now', async () => {
    const stale = { ...entry, answer: '（旧的答复）', score: 0.9 };
    const { body, opened } = await post(
      say(resident(), '拖欠工资找谁？', parseOf('legal_question', { faq: stale })),
    );
    expect(opened).toBe(1);
    expect(body.reply).toBe(replies.faqAnswerWithOffer(entry));
  });
});

describe('the full path still answers', () => {
  it('a greeting while a dialogue other than an FAQ offer is open for the sender', async () => {
    const who = resident();
    const expiresAt = new Date(t.clock.now().getTime() + 600_000);
    await t.database.db
      .insert(dialogues)
      .values({ wechatId: who.id, kind: 'clarify', state: { messageRowId: 1 }, expiresAt });
    const { body, opened } = await post(say(who, '您好'));
    expect(opened).toBe(1);
    expect(body.reply).toBe(replies.help);
  });

  it('a greeting from a prosecutor', async () => {
    const [staff] = await t.database.db
      .insert(people)
      .values({ name: '王检察官', role: 'prosecutor', wechatId: 'wxid_quick_staff' })
      .returning();
    const { opened } = await post(say({ id: staff!.wechatId!, name: staff!.name }, '你好'));
    expect(opened).toBe(1);
  });

  it('a greeting over the flood limit, recorded and not answered with the help text', async () => {
    const who = resident();
    const limit = t.config.rateLimit.senderMessagesPerMinute;
    for (let i = 0; i < limit; i++) await post(say(who, `你好${i}`));
    const over = await post(say(who, '你好呀'));
    expect(over.opened).toBe(1);
    expect(over.body.reply).not.toBe(replies.help);
  });
});
