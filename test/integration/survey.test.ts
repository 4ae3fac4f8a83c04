// The satisfaction survey: asked once when a case is resolved, the reporter's answer stored once, case closed.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseEvents } from '../../db/schema/index.js';
import { caseRow, GRP01, personId, repliesFor, reportCase, say } from '../helpers/case-fixtures.js';
import { ADMIN, auth, createTestApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ now: '2026-11-27T02:00:00Z' });
});
afterAll(async () => {
  await t?.close();
});

async function resolvedCase(from: string, text?: string): Promise<string> {
  const caseNo = await reportCase(t, { from, ...(text ? { text } : {}) });
  await say(t, GRP01.liaison, `受理 ${caseNo}`);
  await say(t, GRP01.liaison, `办结 ${caseNo} 已协调物业解决`);
  return caseNo;
}

async function eventTypes(caseNo: string) {
  const row = await caseRow(t, caseNo);
  return (
    await t.database.db.select().from(caseEvents).where(eq(caseEvents.caseId, row.id)).orderBy(caseEvents.id)
  ).map((e) => e.type);
}

describe('satisfaction survey', () => {
  it('asks once, stores the first answer, thanks the reporter and closes the case', async () => {
    const caseNo = await resolvedCase('wxid_s1');
    const surveys = (await repliesFor(t, caseNo)).filter((m) => m.purpose === 'survey');
    expect(surveys).toHaveLength(1);
    expect(surveys[0]).toMatchObject({ toId: 'wxid_s1' });
    expect(surveys[0]!.text).toContain('请对本次办理进行评价：回复 满意 / 基本满意 / 不满意');

    const thanks = await say(t, 'wxid_s1', ' 满意！');
    expect(thanks).toContain('感谢您的评价');
    const row = await caseRow(t, caseNo);
    expect(row).toMatchObject({ satisfaction: 'satisfied', status: 'closed' });
    expect(row.closedAt).not.toBeNull();
    const types = await eventTypes(caseNo);
    expect(types.slice(-2)).toEqual(['satisfaction_recorded', 'closed']);

    const second = await say(t, 'wxid_s1', '不满意');
    expect(second).not.toContain('感谢您的评价');
    expect((await caseRow(t, caseNo)).satisfaction).toBe('satisfied');
    expect(await eventTypes(caseNo)).toEqual(types);
    const detail = (
      await t.app.inject({ method: 'GET', url: `/v1/cases/${caseNo}`, headers: auth(ADMIN) })
    ).json();
    expect(detail.satisfaction).toBe('satisfied');
    const recorded = detail.events.find((e: { type: string }) => e.type === 'satisfaction_recorded');
    expect(recorded.actor).toBe(`wechat:${await personId(t, 'wxid_s1')}`);
  });

  it('reads the three answers with punctuation and spaces, and nothing else', async () => {
    const basic = await resolvedCase('wxid_s2');
    expect(await say(t, 'wxid_s2', '非常满意')).not.toContain('感谢您的评价');
    expect((await caseRow(t, basic)).satisfaction).toBeNull();
    expect(await say(t, 'wxid_s2', '基本 满意。')).toContain('感谢您的评价');
    expect((await caseRow(t, basic)).satisfaction).toBe('basically_satisfied');

    const unhappy = await resolvedCase('wxid_s3');
    expect(await say(t, 'wxid_s3', '不满意!!')).toContain('感谢您的评价');
    expect((await caseRow(t, unhappy)).satisfaction).toBe('dissatisfied');
  });

  it('ignores an answer when no survey is pending for that person', async () => {
    const open = await reportCase(t, { from: 'wxid_s4' });
    await say(t, GRP01.liaison, `受理 ${open}`);
    expect(await say(t, 'wxid_s4', '满意')).not.toContain('感谢您的评价');
    expect((await caseRow(t, open)).satisfaction).toBeNull();

    const resolved = await resolvedCase('wxid_s5');
    expect(await say(t, 'wxid_stranger', '满意')).not.toContain('感谢您的评价');
    expect((await caseRow(t, resolved)).satisfaction).toBeNull();

    // Once the office has closed the case, the question is no longer open.
    const closed = await t.app.inject({
      method: 'POST',
      url: `/v1/cases/${resolved}/actions`,
      headers: auth(ADMIN),
      payload: { action: 'close' },
    });
    expect(closed.statusCode).toBe(200);
    expect(await say(t, 'wxid_s5', '满意')).not.toContain('感谢您的评价');
    expect((await caseRow(t, resolved)).satisfaction).toBeNull();
  });

  it('asks every named reporter of a duplicate; the first answer is the one stored', async () => {
    const text = '楼下烧烤店油烟直排扰民多次投诉未果';
    const caseNo = await reportCase(t, { from: 'wxid_s6', text });
    expect(await reportCase(t, { from: 'wxid_s7', text })).toBe(caseNo);
    await say(t, GRP01.liaison, `受理 ${caseNo}`);
    await say(t, GRP01.liaison, `办结 ${caseNo} 已责令整改`);
    const surveys = (await repliesFor(t, caseNo)).filter((m) => m.purpose === 'survey');
    expect(surveys.map((m) => m.toId).sort()).toEqual(['wxid_s6', 'wxid_s7']);
    expect(await say(t, 'wxid_s7', '基本满意')).toContain('感谢您的评价');
    expect(await say(t, 'wxid_s6', '不满意')).not.toContain('感谢您的评价');
    expect((await caseRow(t, caseNo)).satisfaction).toBe('basically_satisfied');
  });

  it('never asks an anonymous reporter', async () => {
    const caseNo = await reportCase(t, { from: 'wxid_s8', anonymous: true });
    await say(t, GRP01.liaison, `受理 ${caseNo}`);
    const done = await say(t, GRP01.liaison, `办结 ${caseNo} 已查处`);
    expect(done).toContain('无需答复反映人');
    expect(await repliesFor(t, caseNo)).toEqual([]);
    expect(await say(t, 'wxid_s8', '满意')).not.toContain('感谢您的评价');
    expect((await caseRow(t, caseNo)).status).toBe('resolved');
  });
});
