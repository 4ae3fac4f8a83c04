// "您是想：1 … 6 … 0 都不是": an unsure message is asked about, the answer decides, and at most 10% are asked.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLARIFY_QUESTION } from '../../api/messages/clarify-dialogue.js';
import { cases, messages } from '../../db/schema/index.js';
import { inbound, parseOf } from '../helpers/inbound-fixtures.js';
import { ADMIN, auth, createTestApp, postInbound, type TestApp } from '../helpers/test-app.js';

const NOW = '2026-12-01T04:00:00Z';
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ now: NOW });
  // A day's ordinary traffic first: with nothing else said, even one question would be more than 10%.
  for (let i = 0; i < 40; i++)
    await postInbound(t, inbound(`早上好呀 ${i}`, parseOf('none'), { from: who(), receivedAt: at(-60) }));
});
afterAll(async () => {
  await t?.close();
});

let n = 0;
function who() {
  return { id: `wxid_clarify_${++n}`, name: '林女士' };
}
/** Minutes from the test's clock, as the bot would stamp them. */
function at(minutes: number): string {
  return new Date(Date.parse(NOW) + minutes * 60_000).toISOString();
}
const unsure = (overrides = {}) =>
  parseOf('report_dispute', { clarify: true, entities: { place: '三坊七巷社区' }, ...overrides });
const say = (from: { id: string; name: string }, text: string, parse = parseOf('none'), minutes = 0) =>
  postInbound(t, inbound(text, parse, { from, receivedAt: at(minutes) })).then((r) => r.json());
const caseCount = async () => (await t.database.db.select({ id: cases.id }).from(cases)).length;

describe('an unsure message', () => {
  it('is asked about instead of being filed, and the answer files it as what the sender chose', async () => {
    const resident = who();
    const text = '隔壁那个群里天天有人拉人投钱，说稳赚不赔';
    const before = await caseCount();
    const asked = await say(resident, text, unsure(), -10);
    expect(asked.reply).toBe(CLARIFY_QUESTION);
    expect(asked.reply).toContain('3 举报违法犯罪线索');
    expect(asked.caseNo).toBeUndefined();
    expect(await caseCount()).toBe(before);

    const filed = await say(resident, '3', parseOf('none'), -8);
    expect(filed.caseNo).toMatch(/^GL-2026-\d{6}$/);
    expect(filed.reply).toContain(filed.caseNo);
    const view = (
      await t.app.inject({ method: 'GET', url: `/v1/cases/${filed.caseNo}`, headers: auth(ADMIN) })
    ).json();
    expect(view.kind).toBe('clue');
    // The clock started when the matter was told, not when the sender answered the question.
    expect(new Date(view.receivedAt).toISOString()).toBe(at(-10));
    // The earlier message is the case's report: it is linked to the case, not left dangling.
    const [filedCase] = await t.database.db
      .select({ id: cases.id })
      .from(cases)
      .where(eq(cases.caseNo, filed.caseNo));
    const [original] = await t.database.db
      .select({ caseId: messages.caseId })
      .from(messages)
      .where(eq(messages.receivedAt, new Date(at(-10))));
    expect(original?.caseId).toBe(filedCase!.id);
  });

  it('files nothing when the answer is 0, and a full-width digit counts', async () => {
    const resident = who();
    await say(resident, '我家那口子又不回家了', unsure());
    const before = await caseCount();
    const reply = await say(resident, '０');
    expect(reply.reply).toContain('说得具体一些');
    expect(reply.caseNo).toBeUndefined();
    expect(await caseCount()).toBe(before);
  });

  it('answers a 6 with the sender’s own cases, and a reply that is not a number is read afresh', async () => {
    const resident = who();
    await say(resident, '那个事情怎么样了', unsure({ intent: 'query_status' }));
    const status = await say(resident, '6');
    expect(status.reply).not.toBe(CLARIFY_QUESTION);
    expect(status.caseNo).toBeUndefined();

    const other = who();
    await say(other, '有个事想问问', unsure());
    const afresh = await say(other, '你好', parseOf('greeting'));
    expect(afresh.reply).toContain('您可以');
    expect(afresh.caseNo).toBeUndefined();
  });

  it('is never asked about anonymously: the open question would tie the sender to the report', async () => {
    const reply = await say(who(), '匿名举报 有人在楼下放贷', unsure());
    expect(reply.reply).not.toBe(CLARIFY_QUESTION);
    expect(reply.caseNo).toMatch(/^GL-/);
  });
});

describe('the budget', () => {
  it('asks at most 10% of the last day’s private messages; past it the best guess stands', async () => {
    const replies: string[] = [];
    for (let i = 0; i < 12; i++) {
      const text = `说不清是什么事 ${i}`;
      replies.push((await say(who(), text, unsure())).reply);
    }
    const [row] = await t.database.db
      .select({
        total: sql<number>`count(*)`.mapWith(Number),
        asked: sql<number>`count(*) filter (where ${messages.response}->>'asked' = 'clarify')`.mapWith(
          Number,
        ),
      })
      .from(messages)
      .where(eq(sql`${messages.roomId} is null`, true));
    expect(row!.asked).toBeGreaterThan(0);
    expect(row!.asked / row!.total).toBeLessThanOrEqual(0.1);
    // Once the budget is spent the message is handled as parsed: a case with its receipt.
    expect(replies.at(-1)).not.toBe(CLARIFY_QUESTION);
    expect(replies.at(-1)).toMatch(/GL-2026-\d{6}/);
  });
});
