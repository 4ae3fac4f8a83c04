// The satisfaction survey: asked once after a case with a result is closed, the first answer stored and thanked.
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

/** A case the liaison accepted and then ended in WeChat with `办结`, which resolves and closes it. */
async function finishedCase(from: string, text?: string): Promise<string> {
  const caseNo = await reportCase(t, { from, ...(text ? { text } : {}) });
  await say(t, GRP01.liaison, `受理 ${caseNo}`);
  await say(t, GRP01.liaison, `办结 ${caseNo} 已协调物业解决`);
  return caseNo;
}

const act = (caseNo: string, payload: object) =>
  t.app.inject({ method: 'POST', url: `/v1/cases/${caseNo}/actions`, headers: auth(ADMIN), payload });

async function eventTypes(caseNo: string) {
  const row = await caseRow(t, caseNo);
  return (
    await t.database.db.select().from(caseEvents).where(eq(caseEvents.caseId, row.id)).orderBy(caseEvents.id)
  ).map((e) => e.type);
}

const surveysOf = async (caseNo: string) =>
  (await repliesFor(t, caseNo)).filter((m) => m.purpose === 'survey');

describe('satisfaction survey', () => {
  it('asks once after closing, a second after the result; stores the first answer on the closed case', async () => {
    const caseNo = await finishedCase('wxid_s1');
    const row = await caseRow(t, caseNo);
    expect(row.status).toBe('closed');
    expect(row.closedAt).not.toBeNull();
    expect((await eventTypes(caseNo)).slice(-2)).toEqual(['resolved', 'closed']);
    const sent = await repliesFor(t, caseNo);
    const result = sent.find((m) => m.text.includes('已协调物业解决'))!;
    const surveys = sent.filter((m) => m.purpose === 'survey');
    expect(surveys).toHaveLength(1);
    expect(surveys[0]).toMatchObject({ toId: 'wxid_s1' });
    expect(surveys[0]!.text).toContain('请对本次办理进行评价：回复 满意 / 基本满意 / 不满意');
    expect(surveys[0]!.availableAt.getTime() - result.availableAt.getTime()).toBe(1000);

    const thanks = await say(t, 'wxid_s1', ' 满意！');
    expect(thanks).toContain('感谢您的评价');
    expect(await caseRow(t, caseNo)).toMatchObject({ satisfaction: 'satisfied', status: 'closed' });
    const types = await eventTypes(caseNo);
    expect(types.slice(-3)).toEqual(['resolved', 'closed', 'satisfaction_recorded']);

    const second = await say(t, 'wxid_s1', '不满意');
    expect(second).not.toContain('感谢您的评价');
    expect(second).toContain('无需重复评价');
    expect((await caseRow(t, caseNo)).satisfaction).toBe('satisfied');
    expect(await eventTypes(caseNo)).toEqual(types);
    expect(await surveysOf(caseNo)).toHaveLength(1);
    const detail = (
      await t.app.inject({ method: 'GET', url: `/v1/cases/${caseNo}`, headers: auth(ADMIN) })
    ).json();
    expect(detail).toMatchObject({ satisfaction: 'satisfied', status: 'closed' });
    const recorded = detail.events.find((e: { type: string }) => e.type === 'satisfaction_recorded');
    // The event says a reporter answered, never which person (issue 10 item 2).
    expect(recorded.actor).toBe('reporter');
  });

  it('reads the three answers with punctuation and spaces, and nothing else', async () => {
    const basic = await finishedCase('wxid_s2');
    expect(await say(t, 'wxid_s2', '非常满意')).not.toContain('感谢您的评价');
    expect((await caseRow(t, basic)).satisfaction).toBeNull();
    expect(await say(t, 'wxid_s2', '基本 满意。')).toContain('感谢您的评价');
    expect((await caseRow(t, basic)).satisfaction).toBe('basically_satisfied');

    const unhappy = await finishedCase('wxid_s3');
    expect(await say(t, 'wxid_s3', '不满意!!')).toContain('感谢您的评价');
    expect((await caseRow(t, unhappy)).satisfaction).toBe('dissatisfied');
  });

  it('ignores an answer when no survey was asked: open case, stranger, resolved but not yet closed', async () => {
    const open = await reportCase(t, { from: 'wxid_s4' });
    await say(t, GRP01.liaison, `受理 ${open}`);
    expect(await say(t, 'wxid_s4', '满意')).not.toContain('感谢您的评价');
    expect((await caseRow(t, open)).satisfaction).toBeNull();

    const finished = await finishedCase('wxid_s5');
    expect(await say(t, 'wxid_stranger', '满意')).not.toContain('感谢您的评价');
    expect((await caseRow(t, finished)).satisfaction).toBeNull();

    // Through the API, resolving alone does not ask; the office's close does, once.
    const viaApi = await reportCase(t, { from: 'wxid_s9' });
    expect((await act(viaApi, { action: 'accept' })).statusCode).toBe(200);
    expect((await act(viaApi, { action: 'resolve', text: '已督促整改' })).statusCode).toBe(200);
    expect(await surveysOf(viaApi)).toEqual([]);
    expect(await say(t, 'wxid_s9', '满意')).not.toContain('感谢您的评价');
    expect((await caseRow(t, viaApi)).satisfaction).toBeNull();
    expect((await act(viaApi, { action: 'close' })).statusCode).toBe(200);
    expect(await surveysOf(viaApi)).toHaveLength(1);
    expect((await act(viaApi, { action: 'close' })).statusCode).toBe(409);
    expect(await surveysOf(viaApi)).toHaveLength(1);
    expect(await say(t, 'wxid_s9', '基本满意')).toContain('感谢您的评价');
    expect((await caseRow(t, viaApi)).satisfaction).toBe('basically_satisfied');
  });

  it('does not ask again on close when the question was already queued under its key', async () => {
    const caseNo = await reportCase(t, { from: 'wxid_s10' });
    await act(caseNo, { action: 'accept' });
    await act(caseNo, { action: 'resolve', text: '已处理完毕' });
    // As a case resolved before closing asked for its rating: the same key as the one close uses.
    const row = await caseRow(t, caseNo);
    await t.app.services.outbox.enqueue(t.database.db, {
      dedupeKey: `case:${caseNo}:survey:${await personId(t, 'wxid_s10')}`,
      to: { kind: 'contact', id: 'wxid_s10' },
      text: '评价',
      purpose: 'survey',
      caseId: row.id,
    });
    expect((await act(caseNo, { action: 'close' })).statusCode).toBe(200);
    expect(await surveysOf(caseNo)).toHaveLength(1);
  });

  it('never asks after closing a case without a result (transferred, not accepted)', async () => {
    const transferred = await reportCase(t, { from: 'wxid_s11' });
    await act(transferred, { action: 'transfer', body: '鼓楼区市场监督管理局' });
    await act(transferred, { action: 'close' });
    const rejected = await reportCase(t, { from: 'wxid_s12' });
    await act(rejected, { action: 'reject', text: '不属于检察机关管辖' });
    await act(rejected, { action: 'close' });
    expect((await caseRow(t, transferred)).status).toBe('closed');
    expect((await caseRow(t, rejected)).status).toBe('closed');
    expect(await surveysOf(transferred)).toEqual([]);
    expect(await surveysOf(rejected)).toEqual([]);
    expect(await say(t, 'wxid_s11', '满意')).not.toContain('感谢您的评价');
  });

  it('asks the first reporter of a duplicate, not a co-reporter, who never heard the result (issue 10 item 3)', async () => {
    const text = '楼下烧烤店油烟直排扰民多次投诉未果';
    const caseNo = await reportCase(t, { from: 'wxid_s6', text });
    expect(await reportCase(t, { from: 'wxid_s7', text })).not.toBe(caseNo);
    await say(t, GRP01.liaison, `受理 ${caseNo}`);
    await say(t, GRP01.liaison, `办结 ${caseNo} 已责令整改`);
    const surveys = await surveysOf(caseNo);
    expect(surveys.map((m) => m.toId)).toEqual(['wxid_s6']);
    expect(await say(t, 'wxid_s7', '基本满意')).not.toContain('感谢您的评价');
    expect(await say(t, 'wxid_s6', '不满意')).toContain('感谢您的评价');
    expect((await caseRow(t, caseNo)).satisfaction).toBe('dissatisfied');
  });

  it('never asks an anonymous reporter', async () => {
    const caseNo = await reportCase(t, { from: 'wxid_s8', anonymous: true });
    await say(t, GRP01.liaison, `受理 ${caseNo}`);
    const done = await say(t, GRP01.liaison, `办结 ${caseNo} 已查处`);
    expect(done).toContain('无需答复反映人');
    expect(await repliesFor(t, caseNo)).toEqual([]);
    expect(await say(t, 'wxid_s8', '满意')).not.toContain('感谢您的评价');
    expect((await caseRow(t, caseNo)).status).toBe('closed');
  });
});
