// Words shown to people (issue 17, item 7): the reporter's own words in notices and status replies, cut with
// "…"; a decided case reports its result, not deadlines; a resident's 帮助; the anonymous receipt explained.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outbox } from '../../db/schema/index.js';
import { normalizeText } from '../../intents/index.js';
import { caseRow, GRP03, say } from '../helpers/case-fixtures.js';
import { inbound, parseOf } from '../helpers/inbound-fixtures.js';
import { createTestApp, postInbound, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ now: '2026-12-01T02:00:00Z' });
});
afterAll(async () => {
  await t?.close();
});

let n = 0;
const resident = () => `wxid_words_${++n}`;

/** A resident's dispute in 三坊七巷社区 (GRP-03), parsed as the real parser would: the normalised text differs. */
async function report(
  from: string,
  text: string,
  intent: 'report_dispute' | 'report_clue' = 'report_dispute',
) {
  const res = await postInbound(
    t,
    inbound(
      text,
      parseOf(intent, { normalizedText: normalizeText(text), entities: { place: '三坊七巷社区' } }),
      { from: { id: from, name: '王女士' }, receivedAt: t.clock.now().toISOString() },
    ),
  );
  expect(res.statusCode).toBe(200);
  return res.json() as { reply: string; caseNo?: string };
}

async function notice(caseNo: string): Promise<string> {
  const row = await caseRow(t, caseNo);
  const [sent] = await t.database.db
    .select()
    .from(outbox)
    .where(and(eq(outbox.caseId, row.id), eq(outbox.purpose, 'assignment')));
  return t.app.services.registry.fieldCipher.decrypt(sent!.textEnc);
}

const ask = (from: string, caseNo: string) =>
  postInbound(
    t,
    inbound(`查询 ${caseNo}`, parseOf('query_status', { entities: { caseNo } }), {
      from: { id: from, name: '王女士' },
      receivedAt: t.clock.now().toISOString(),
    }),
  ).then((r) => r.json().reply as string);

describe('the liaison’s 【新案件】 notice', () => {
  it('quotes the reporter’s words with their own punctuation, not the normalised text', async () => {
    const { caseNo } = await report(resident(), '楼上邻居天天半夜吵，能不能调解一下？');
    const text = await notice(caseNo!);
    expect(text).toContain('\n楼上邻居天天半夜吵，能不能调解一下？\n');
    expect(text).not.toContain('吵,能不能');
  });

  it('cuts a long report with “…” and never shows a phone number', async () => {
    const words = `隔壁装修从早到晚电钻声不断，老人孩子都休息不了，物业也不管，我的电话１３９１２３４５６７８，${'请尽快处理'.repeat(10)}`;
    const { caseNo } = await report(resident(), words);
    const summary = (await notice(caseNo!)).split('\n')[1]!;
    expect(summary.startsWith('隔壁装修从早到晚电钻声不断，老人孩子都休息不了')).toBe(true);
    expect(summary.endsWith('…')).toBe(true);
    expect(Array.from(summary).length).toBeLessThanOrEqual(60);
    expect(summary).not.toMatch(/[1１]\s*[3３]\s*[9９]\s*[1１]\s*[2２]\s*[3３]\s*[4４]/u);
    expect(summary).toContain('１３９');
  });
});

describe('我的待办', () => {
  it('names each case by the reporter’s words, cut with “…”', async () => {
    const { caseNo } = await report(resident(), '小区里的共享单车堆满了消防通道，物业说不归他们管！');
    const todo = await say(t, GRP03.liaison, '我的待办');
    const line = todo!.split('\n').find((l) => l.includes(caseNo!))!;
    expect(line).toContain('“小区里的共享单车堆满了消防通道…”');
  });
});

describe('a resident’s status query', () => {
  it('names an open case by the reporter’s words and gives the deadlines still owed', async () => {
    const who = resident();
    const { caseNo } = await report(who, '小区门口的路灯坏了半年，晚上出门很危险，谁来管管？');
    const reply = await ask(who, caseNo!);
    expect(reply).toContain('小区门口的路灯坏了半年，晚上出门很');
    expect(reply).toContain('受理告知期限');
    expect(reply).toContain('办理结果答复期限');
  });

  it('reports a closed case’s result, not its deadlines', async () => {
    const who = resident();
    const { caseNo } = await report(who, '物业公司乱收停车费，多次协商不成。');
    expect(await say(t, GRP03.liaison, `受理 ${caseNo}`)).toContain('已受理');
    expect(await say(t, GRP03.liaison, `办结 ${caseNo} 已约谈物业公司，多收的停车费已退还。`)).toContain(
      '已办结并结案',
    );
    const reply = await ask(who, caseNo!);
    expect(reply).toContain('已办结');
    expect(reply).toContain('办理结果：已约谈物业公司，多收的停车费已退还。');
    expect(reply).not.toContain('期限');
  });

  it('reports a transferred case’s body, not its deadlines', async () => {
    const who = resident();
    const { caseNo } = await report(who, '工地夜间施工噪音扰民。');
    expect(await say(t, GRP03.liaison, `转办 ${caseNo} 区住建局`)).toContain('已转办');
    const reply = await ask(who, caseNo!);
    expect(reply).toContain('区住建局');
    expect(reply).not.toContain('期限');
  });
});

describe('帮助', () => {
  it('lists what a resident can do', async () => {
    const reply = await say(t, resident(), '帮助');
    expect(reply).not.toContain('没有看明白');
    for (const what of ['矛盾纠纷', '线索', '法律咨询', '司法救助', '查询 GL-', '匿名', '满意'])
      expect(reply, what).toContain(what);
  });

  it('still gives a prosecutor the command list', async () => {
    const reply = await say(t, GRP03.liaison, '帮助');
    expect(reply).toContain('检察官指令');
  });
});

describe('the anonymous receipt', () => {
  it('says the number cannot be used to ask about the case, and why', async () => {
    const { reply, caseNo } = await report(resident(), '匿名举报：某小区地下室有人聚众赌博。', 'report_clue');
    expect(reply).toContain(caseNo!);
    expect(reply).toContain('不能用来查询');
    expect(reply).toContain('不保存您的身份');
  });
});
