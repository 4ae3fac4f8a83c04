// Follow-ups land in their case: materials asked for, `补充 GL-… …`, a lone file just after a report, and the
// question "which case?" when the sender has several — each rule on PGlite and on Postgres.
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboundMessage } from '../../api/messages/inbound-message.js';
import { attachments, caseEvents, messages, outbox } from '../../db/schema/index.js';
import { pngBytes, uploadAttachment } from '../helpers/attachment-fixtures.js';
import { caseRow, GRP01, reportCase, say } from '../helpers/case-fixtures.js';
import { inbound, parseOf } from '../helpers/inbound-fixtures.js';
import { withClearText } from '../helpers/stored-text.js';
import { ADMIN, auth, createTestApp, postInbound, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ now: '2026-11-27T02:00:00Z' });
});
afterAll(async () => {
  await t?.close();
});

const resident = () => `wxid_fu_${randomUUID().slice(0, 8)}`;

/** A photo sent alone from `from`, uploaded first as the bot does; returns the reply and the message id. */
async function sendPhoto(
  from: string,
  extra: Partial<InboundMessage> = {},
): Promise<{ reply: string | null; caseNo?: string; messageId: string }> {
  const messageId = randomUUID();
  if (!extra.attachmentProblem) {
    const up = await uploadAttachment(t, {
      messageId,
      name: 'photo.png',
      mimeType: 'image/png',
      bytes: pngBytes(),
    });
    expect(up.statusCode, up.body).toBe(201);
  }
  const res = await postInbound(
    t,
    inbound('[图片]', parseOf('none'), {
      messageId,
      type: 'image',
      from: { id: from, name: '' },
      receivedAt: t.clock.now().toISOString(),
      ...extra,
    }),
  );
  expect(res.statusCode, res.body).toBe(200);
  return { ...res.json(), messageId };
}

async function caseFileReports(caseNo: string) {
  const res = await t.app.inject({ method: 'GET', url: `/v1/cases/${caseNo}`, headers: auth(ADMIN) });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().reports as { type: string; text: string; attachments: unknown[] }[];
}

const followUpNotices = async (caseNo: string) => {
  const row = await caseRow(t, caseNo);
  return withClearText(
    t.app.services.registry.fieldCipher,
    await t.database.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.caseId, row.id), eq(outbox.purpose, 'follow_up_notice'))),
  );
};

const advance = (minutes: number) => t.clock.set(new Date(t.clock.now().getTime() + minutes * 60_000));

describe('while a case awaits materials', () => {
  it('the reporter’s next message and photo join it: "已补充到 GL-…", the case leaves the wait, the liaison is told', async () => {
    const from = resident();
    const caseNo = await reportCase(t, { from });
    advance(60);
    expect(await say(t, GRP01.liaison, `补充材料 ${caseNo} 请提供漏水照片`)).toMatch(/已通知补充材料/);
    expect((await caseRow(t, caseNo)).status).toBe('materials_needed');
    advance(60 * 24);

    // Text the parser would read as a new report still joins the waiting case.
    const sentence = '照片是昨天拍的，楼上卫生间一直在漏';
    t.parser.script(sentence, parseOf('report_dispute', { normalizedText: sentence }));
    const res = await postInbound(
      t,
      inbound(sentence, parseOf('report_dispute'), {
        from: { id: from, name: '' },
        receivedAt: t.clock.now().toISOString(),
      }),
    );
    expect(res.json()).toMatchObject({ caseNo, reply: expect.stringContaining(`已补充到 ${caseNo}`) });
    const row = await caseRow(t, caseNo);
    expect(row.status).toBe('received');
    const events = await t.database.db.select().from(caseEvents).where(eq(caseEvents.caseId, row.id));
    expect(events.map((e) => e.type)).toEqual(
      expect.arrayContaining(['materials_requested', 'materials_added', 'materials_received']),
    );
    const [notice] = await followUpNotices(caseNo);
    expect(notice).toMatchObject({
      toId: GRP01.liaison,
      text: expect.stringContaining(`【补充材料】${caseNo}`),
    });

    // The photo right after still lands there (the case is collecting what the reporter sends).
    advance(2);
    const photo = await sendPhoto(from);
    expect(photo.reply).toContain(`已补充到 ${caseNo}`);
    const reports = await caseFileReports(caseNo);
    expect(reports.map((r) => r.type)).toEqual(['text', 'text', 'image']);
    expect(reports[2]!.attachments).toHaveLength(1);
    // One notice for the burst: the liaison reads the rest in the case file.
    expect(await followUpNotices(caseNo)).toHaveLength(1);
    // The case's events name no one.
    const actors = (await t.database.db.select().from(caseEvents).where(eq(caseEvents.caseId, row.id)))
      .filter((e) => e.type === 'materials_added' || e.type === 'materials_received')
      .map((e) => e.actor);
    expect(actors.every((a) => !a.includes(from) && !/\d/.test(a))).toBe(true);
  });

  it('a status question is still answered as one, and does not end the wait', async () => {
    const from = resident();
    const caseNo = await reportCase(t, { from });
    await say(t, GRP01.liaison, `补充材料 ${caseNo} 请提供合同`);
    const res = await postInbound(
      t,
      inbound(`${caseNo} 进度怎么样了`, parseOf('query_status', { entities: { caseNo } }), {
        from: { id: from, name: '' },
        receivedAt: t.clock.now().toISOString(),
      }),
    );
    expect(res.json().reply).toMatch(/需补充材料/);
    expect((await caseRow(t, caseNo)).status).toBe('materials_needed');
  });
});

describe('补充 GL-… …', () => {
  it('from the case’s reporter joins that case, even days later', async () => {
    const from = resident();
    const caseNo = await reportCase(t, { from });
    advance(60 * 24 * 3);
    const reply = await say(t, from, `补充 ${caseNo} 对方的车牌号是闽A12345`);
    expect(reply).toContain(`已补充到 ${caseNo}`);
    const reports = await caseFileReports(caseNo);
    expect(reports.at(-1)!.text).toBe(`补充 ${caseNo} 对方的车牌号是闽A12345`);
    expect(await followUpNotices(caseNo)).toHaveLength(1);
  });

  it('from a co-reporter (a report merged into the case) is not taken: they see only their own report', async () => {
    const text = `三坊七巷社区河道有人倾倒建筑垃圾 ${randomUUID()}`;
    const caseNo = await reportCase(t, { from: resident(), text });
    const co = resident();
    // Merged into the case, yet told a receipt number of their own, never the case's (issue 10 item 3).
    expect(await reportCase(t, { from: co, text })).not.toBe(caseNo);
    const before = await caseFileReports(caseNo);
    expect(await say(t, co, `补充 ${caseNo} 还有照片`)).not.toContain('已补充');
    expect(await caseFileReports(caseNo)).toEqual(before);
  });

  it('from anyone else gets the answer an unknown case number gets, and changes nothing', async () => {
    const caseNo = await reportCase(t, { from: resident() });
    const before = await caseFileReports(caseNo);
    const stranger = resident();
    const other = await say(t, stranger, `补充 ${caseNo} 我也知道这件事`);
    const unknown = await say(t, stranger, '补充 GL-2026-999999 我也知道这件事');
    expect(other).toBe(unknown!.replace('GL-2026-999999', caseNo));
    expect(other).not.toContain('已补充');
    expect(await caseFileReports(caseNo)).toEqual(before);
    const [row] = await t.database.db
      .select({ caseId: messages.caseId })
      .from(messages)
      .where(eq(messages.fromWechatId, stranger));
    expect(row?.caseId).toBeNull();
  });
});

describe('a file sent alone', () => {
  it('shortly after the sender’s own report joins it with a confirmation; the window is 30 minutes', async () => {
    const from = resident();
    const caseNo = await reportCase(t, { from });
    advance(29);
    const photo = await sendPhoto(from);
    expect(photo).toMatchObject({ caseNo, reply: expect.stringContaining(`已补充到 ${caseNo}`) });
    expect((await caseFileReports(caseNo)).map((r) => r.type)).toEqual(['text', 'image']);
  });

  it('after the window, or when the sender has several open cases, asks which case; a number or case number files it', async () => {
    const from = resident();
    const first = await reportCase(t, { from });
    advance(5);
    const second = await reportCase(t, { from });
    advance(1);
    const photo = await sendPhoto(from);
    expect(photo.reply).toMatch(/补充到哪个案件/);
    expect(photo.reply).toContain(`1. ${second}`);
    expect(photo.reply).toContain(`2. ${first}`);
    // Each named by the reporter's words, cut with "…" (the default report text is longer than 20 characters).
    expect(photo.reply).toMatch(new RegExp(`1\\. ${second} 纠纷调解 [^\\n]*…\\n`));
    expect(photo.caseNo).toBeUndefined();
    // Another photo while the question is open waits with the first.
    const another = await sendPhoto(from);
    expect(another.reply).toMatch(/补充到哪个案件/);

    expect(await say(t, from, '2')).toContain(`已补充到 ${first}`);
    expect((await caseFileReports(first)).map((r) => r.type)).toEqual(['text', 'image', 'image']);
    expect((await caseFileReports(second)).map((r) => r.type)).toEqual(['text']);

    // An hour later one open case is still asked about, not assumed; its number answers.
    const lone = resident();
    const only = await reportCase(t, { from: lone });
    advance(31);
    const late = await sendPhoto(lone);
    expect(late.reply).toContain(`1. ${only}`);
    expect(await say(t, lone, only)).toContain(`已补充到 ${only}`);
  });

  it('with no case yet is kept, and joins the case the sender’s report then opens', async () => {
    const from = resident();
    const photo = await sendPhoto(from);
    expect(photo.reply).toMatch(/请再用文字简单说明/);
    advance(3);
    const caseNo = await reportCase(t, { from });
    const reports = await caseFileReports(caseNo);
    expect(reports.map((r) => r.type)).toEqual(['image', 'text']);
  });

  it('that the bot could not keep gets a polite answer and joins nothing', async () => {
    const from = resident();
    const caseNo = await reportCase(t, { from });
    const tooBig = await sendPhoto(from, { attachmentProblem: 'too_large' });
    expect(tooBig.reply).toMatch(/超过 20 MB/);
    expect(tooBig.caseNo).toBeUndefined();
    expect((await caseFileReports(caseNo)).map((r) => r.type)).toEqual(['text']);
  });
});

describe('a file in a group chat', () => {
  it('joins the sender’s report in that room; any other file in a group is not kept', async () => {
    const bind = await t.app.inject({
      method: 'PUT',
      url: '/v1/rooms/fu-room-1',
      headers: auth(ADMIN),
      payload: { gridCode: 'GL-S04-C01' },
    });
    expect(bind.statusCode, bind.body).toBe(200);
    const room = { id: 'fu-room-1', topic: '网格群' };
    const member = resident();
    const text = `线索 有人在楼道里堆放液化气罐 ${randomUUID()}`;
    const report = await postInbound(
      t,
      inbound(text, parseOf('report_clue', { normalizedText: text }), {
        from: { id: member, name: '网格员' },
        room,
        receivedAt: t.clock.now().toISOString(),
      }),
    );
    const caseNo = report.json().caseNo as string;
    expect(caseNo).toMatch(/^GL-/);
    advance(5);
    const joined = await sendPhoto(member, { room });
    expect(joined).toMatchObject({ caseNo, reply: expect.stringContaining(`已补充到 ${caseNo}`) });
    expect((await caseFileReports(caseNo)).map((r) => r.type)).toEqual(['text', 'image']);

    for (const other of [
      { from: resident(), room },
      { from: member, room: { id: 'fu-room-unbound', topic: '闲聊群' } },
    ]) {
      const stray = await sendPhoto(other.from, { room: other.room });
      expect(stray.reply).toBeNull();
      expect(
        await t.database.db.select().from(attachments).where(eq(attachments.messageId, stray.messageId)),
      ).toEqual([]);
    }
  });
});
