// Prosecutor commands in private WeChat chat, driven through POST /v1/messages as the bot posts them.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEventWords } from '../../api/cases/event-words.js';
import { caseEvents } from '../../db/schema/index.js';
import {
  caseRow,
  GRP01,
  GRP03,
  personId,
  postMessage,
  repliesFor,
  reportCase,
  say,
} from '../helpers/case-fixtures.js';
import { inbound, parseOf } from '../helpers/inbound-fixtures.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ now: '2026-11-27T02:00:00Z' });
});
afterAll(async () => {
  await t?.close();
});

const DAY = 86_400_000;
const toFullWidth = (s: string) =>
  s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).replace(/ /g, '\u3000');

/** The case's events with their words decrypted, as the case view shows them. */
async function eventsOf(caseNo: string) {
  const row = await caseRow(t, caseNo);
  const rows = await t.database.db
    .select()
    .from(caseEvents)
    .where(eq(caseEvents.caseId, row.id))
    .orderBy(caseEvents.id);
  return rows.map((e) => ({ ...e, data: openEventWords(t.app.services.registry.fieldCipher, e) }));
}

describe('prosecutor commands', () => {
  it('accepts a case written loosely, makes the sender the assignee and tells the reporter', async () => {
    const caseNo = await reportCase(t, { from: 'wxid_res_a' });
    const loose = `受理\u3000${caseNo.toLowerCase().replaceAll('-', '')}`;
    const reply = await say(t, GRP01.liaison, loose);
    expect(reply).toContain(`已受理 ${caseNo}`);
    expect(reply).toContain('已通知反映人');
    const row = await caseRow(t, caseNo);
    expect(row.status).toBe('accepted');
    expect(row.assigneeId).toBe(await personId(t, GRP01.liaison));
    expect(row.proceduralRepliedAt).not.toBeNull();
    const last = (await eventsOf(caseNo)).at(-1)!;
    expect(last).toMatchObject({ type: 'accepted', actor: `wechat:${await personId(t, GRP01.liaison)}` });
    const [sent] = await repliesFor(t, caseNo);
    expect(sent).toMatchObject({ toKind: 'contact', toId: 'wxid_res_a', purpose: 'reporter_reply' });
    expect(sent!.text).toContain('已受理');
  });

  it('tolerates full-width colons and characters in every argument command', async () => {
    const materials = await reportCase(t, { from: 'wxid_res_b' });
    expect(await say(t, GRP01.member, `补充材料：${toFullWidth(materials)}：借条照片和转账记录`)).toContain(
      '已通知补充材料',
    );
    expect((await caseRow(t, materials)).status).toBe('materials_needed');
    expect((await repliesFor(t, materials))[0]!.text).toContain('借条照片和转账记录');

    const transfer = await reportCase(t, { from: 'wxid_res_c' });
    expect(await say(t, GRP01.leader, `转办 ${transfer} 鼓楼区劳动保障监察大队`)).toContain('已转办');
    expect((await caseRow(t, transfer)).status).toBe('transferred');
    const [event] = (await eventsOf(transfer)).slice(-1);
    expect(event!.data).toMatchObject({ body: '鼓楼区劳动保障监察大队' });
    expect((await repliesFor(t, transfer))[0]!.text).toContain('鼓楼区劳动保障监察大队');
  });

  it('feeds back progress; a result marked 结果, or 办结, resolves and closes the case and asks for a rating', async () => {
    const caseNo = await reportCase(t, { from: 'wxid_res_d' });
    await say(t, GRP01.liaison, `受理 ${caseNo}`);
    expect(await say(t, GRP01.liaison, `反馈 ${caseNo} 已调取监控，正在核实`)).toContain('已记录进展');
    let row = await caseRow(t, caseNo);
    expect(row.status).toBe('accepted');
    expect(row.substantiveRepliedAt).not.toBeNull();
    expect(row.nextProgressDueAt).not.toBeNull();
    t.clock.advance(DAY);
    const done = await say(t, GRP01.liaison, `反馈 ${caseNo} 结果：已督促物业清理完毕`);
    expect(done).toBe(`已办结并结案 ${caseNo}。已将办理结果告知反映人，并将请其评价满意度。`);
    row = await caseRow(t, caseNo);
    expect(row).toMatchObject({ status: 'closed', nextProgressDueAt: null, closedAt: t.clock.now() });
    const events = await eventsOf(caseNo);
    expect(events.slice(-2).map((e) => [e.type, e.actor])).toEqual([
      ['resolved', `wechat:${await personId(t, GRP01.liaison)}`],
      ['closed', `wechat:${await personId(t, GRP01.liaison)}`],
    ]);
    expect(events.at(-2)!.data).toMatchObject({ text: '已督促物业清理完毕' });
    const sent = await repliesFor(t, caseNo);
    expect(sent.map((m) => m.purpose)).toEqual([
      'reporter_reply',
      'reporter_reply',
      'reporter_reply',
      'survey',
    ]);
    expect(sent[2]!.text).toContain('已督促物业清理完毕');
    // The result first, the question a second later.
    expect(sent[3]!.availableAt.getTime()).toBe(sent[2]!.availableAt.getTime() + 1000);

    const other = await reportCase(t, { from: 'wxid_res_e' });
    await say(t, GRP01.member, `受理 ${other}`);
    expect(await say(t, GRP01.member, `办结 ${other} 双方和解`)).toContain('已办结并结案');
    expect((await caseRow(t, other)).status).toBe('closed');
    expect((await repliesFor(t, other)).filter((m) => m.purpose === 'survey')).toHaveLength(1);
    expect(await say(t, GRP01.member, `办结 ${other} 双方和解`)).toBe(
      `案件 ${other} 当前状态为“已结案”，不能办结。`,
    );
    expect((await repliesFor(t, other)).filter((m) => m.purpose === 'survey')).toHaveLength(1);
  });

  it('answers a missing argument with the usage line and changes nothing', async () => {
    const caseNo = await reportCase(t);
    const before = await eventsOf(caseNo);
    expect(await say(t, GRP01.liaison, '受理')).toBe('用法：受理 GL-2026-000123');
    expect(await say(t, GRP01.liaison, `补充材料 ${caseNo}`)).toContain('用法：补充材料');
    expect(await say(t, GRP01.liaison, `转办 ${caseNo}：`)).toContain('用法：转办');
    expect(await say(t, GRP01.liaison, `反馈 ${caseNo} 结果：`)).toContain('用法：办结');
    expect(await say(t, GRP01.liaison, '办结 还没写编号')).toContain('用法：办结');
    expect(await eventsOf(caseNo)).toEqual(before);
    expect((await caseRow(t, caseNo)).status).toBe('received');
  });

  it('answers another group’s case exactly as an unknown number, refuses an illegal step, changing nothing', async () => {
    const caseNo = await reportCase(t, { from: 'wxid_res_f' });
    const before = await eventsOf(caseNo);
    // Same words, the number aside: the answer never tells whether a case exists in another group.
    const unknown = caseNo.replace(/\d{6}$/, '999999');
    const notMine = await say(t, GRP03.liaison, `受理 ${caseNo}`);
    expect(notMine).toBe(
      `没有找到您可办理的案件 ${caseNo}，请核对编号。如需协办其他办案组的案件，请联系办公室调整分派。`,
    );
    expect(await say(t, GRP03.liaison, `受理 ${unknown}`)).toBe(String(notMine).replace(caseNo, unknown));
    expect(await say(t, GRP03.liaison, `办结 ${caseNo} 已处理`)).toBe(notMine);
    expect(await say(t, GRP01.liaison, `办结 ${caseNo} 已处理`)).toBe(
      `案件 ${caseNo} 当前状态为“已收到，待受理”，不能办结。`,
    );
    expect(await eventsOf(caseNo)).toEqual(before);
    expect(await repliesFor(t, caseNo)).toEqual([]);
  });

  it('lets ordinary text from a prosecutor fall through to normal handling', async () => {
    const reply = await say(t, GRP01.liaison, '受理范围是什么');
    expect(reply).toContain('没有看明白');
    expect(await say(t, GRP01.liaison, '帮助')).toContain('我的待办');
    // A resident typing a command word gets no command handling.
    expect(await say(t, 'wxid_curious', '我的待办')).toContain('没有看明白');
  });

  it('does not act twice when WeChat delivers the same command again', async () => {
    const caseNo = await reportCase(t, { from: 'wxid_res_g' });
    const msg = inbound(`受理 ${caseNo}`, parseOf('none'), {
      from: { id: GRP01.liaison, name: '' },
      receivedAt: t.clock.now().toISOString(),
    });
    const first = await postMessage(t, msg);
    const again = await postMessage(t, msg);
    expect(again.json()).toEqual({ ...first.json(), duplicate: true });
    expect((await eventsOf(caseNo)).filter((e) => e.type === 'accepted')).toHaveLength(1);
    expect(await repliesFor(t, caseNo)).toHaveLength(1);
  });
});

describe('我的待办', () => {
  it('lists the sender’s open cases, overdue first, then by nearest deadline, and nobody else’s', async () => {
    const fresh = await createTestApp({ now: '2026-11-02T02:00:00Z' });
    const saved = t;
    t = fresh;
    try {
      expect(await say(t, GRP01.member, '我的待办')).toBe('您目前没有待办案件。');
      const overdue = await reportCase(t); // procedural due 2026-11-11
      t.clock.advance(9 * DAY);
      const accepted = await reportCase(t);
      await say(t, GRP01.liaison, `受理 ${accepted}`); // now owes the substantive reply, months away
      t.clock.advance(2 * DAY);
      const later = await reportCase(t); // procedural due a week on
      const soon = await reportCase(t, { text: '更早收到的纠纷' });
      await t.database.db.execute(
        `update cases set procedural_due_at = procedural_due_at - interval '1 day' where case_no = '${soon}'`,
      );
      const elsewhere = await reportCase(t, { place: '三坊七巷社区' });
      const byMember = await reportCase(t);
      await say(t, GRP01.member, `受理 ${byMember}`);

      const todo = await say(t, GRP01.liaison, '我的待办');
      const order = todo!
        .split('\n')
        .slice(1)
        .map((line) => /GL-\d{4}-\d{6}/.exec(line)?.[0]);
      expect(order).toEqual([overdue, soon, later, accepted]);
      expect(todo).toContain('共 4 件');
      const first = todo!.split('\n')[1]!;
      expect(first).toContain('【已逾期】');
      expect(first).toContain('受理告知期限 2026年11月11日');
      expect(todo!.split('\n')[4]).toContain('办理答复期限');
      expect(todo).not.toContain(elsewhere);
      expect(todo).not.toContain(byMember);

      const member = await say(t, GRP01.member, '我的待办');
      expect(member).toContain(byMember);
      expect(member).toContain('共 1 件');
      expect(await say(t, GRP03.liaison, '我的待办 ')).toContain(elsewhere);
    } finally {
      t = saved;
      await fresh.close();
    }
  });
});
