// A reporter's words are stored only encrypted: case summaries, outbox texts, the parse kept with a message (issue 10.4).
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app.js';
import { rotateDataKey } from '../../api/security/data-key-rotation.js';
import { createFieldCipher } from '../../api/security/field-cipher.js';
import { caseEvents, cases, messages, outbox, workRecords } from '../../db/schema/index.js';
import { caseRow, GRP01, GRP01_PLACE, personId, reportCase } from '../helpers/case-fixtures.js';
import { databaseText, runsOf } from '../helpers/database-text.js';
import { inbound, parseOf } from '../helpers/inbound-fixtures.js';
import { ADMIN, auth, BOT, createTestApp, postInbound, type TestApp } from '../helpers/test-app.js';

const key = randomBytes(32);
const cipher = createFieldCipher(key);
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ env: { DATA_KEY: key.toString('base64') } });
});
afterAll(async () => {
  await t?.close();
});

const DUP = '楼下烧烤摊每天半夜油烟太大邻居们都睡不着觉';
const OLD_NOTICE = '旧版本的明文通知内容';
const OLD_RESULT = '旧版本明文记录的办理结果已协调城管清理';
const OLD_WORK_NOTE = '旧版本明文工作记录走访了张阿姨家了解情况';
const REPORT = '隔壁装修工地每晚十一点以后还在电钻施工孩子没法睡觉物业说管不了';

/** The runs of `text` found anywhere in the database. */
async function leaked(text: string): Promise<string[]> {
  const dump = await databaseText(t.database);
  return runsOf(text).filter((run) => dump.includes(run));
}

describe('a report’s words at rest', () => {
  it('keeps them only encrypted, while the case, the office and the liaison’s notice read them in clear', async () => {
    const caseNo = await reportCase(t, { from: 'wxid_words_a', text: REPORT });
    expect(await leaked(REPORT)).toEqual([]);

    const row = await caseRow(t, caseNo);
    expect(row.summaryEnc).toMatch(/^v1:/);
    expect(cipher.decrypt(row.summaryEnc)).toBe(REPORT);
    const view = (await t.app.inject({ url: `/v1/cases/${caseNo}`, headers: auth(ADMIN) })).json();
    expect(view.summary).toBe(REPORT);
    const list = (await t.app.inject({ url: '/v1/cases?limit=100', headers: auth(ADMIN) })).json();
    expect(list.items.find((c: { caseNo: string }) => c.caseNo === caseNo).summary).toBe(REPORT);

    // The outbox holds the notice encrypted; the bot is handed it in clear.
    const [queued] = await t.database.db.select().from(outbox).where(eq(outbox.caseId, row.id));
    expect(queued!.textEnc).toMatch(/^v1:/);
    const leased = (await t.app.inject({ url: '/v1/outbox?limit=100', headers: auth(BOT) })).json();
    const notice = leased.items.find((m: { to: { id: string } }) => m.to.id === GRP01.liaison);
    expect(notice.text).toContain(`【新案件】${caseNo}`);
    expect(notice.text).toContain(REPORT);
    // Sent, it stays encrypted.
    await t.app.inject({ method: 'POST', url: `/v1/outbox/${notice.id}/sent`, headers: auth(BOT) });
    expect(await leaked(REPORT)).toEqual([]);
  });

  it('still links the same matter told again, comparing keyed hashes of bigrams, never the words', async () => {
    const first = await reportCase(t, { from: 'wxid_words_dup1', text: `${DUP}已经三天了` });
    const reportsOf = async (caseNo: string) =>
      (await t.app.inject({ url: `/v1/cases/${caseNo}`, headers: auth(ADMIN) })).json();
    // The second reporter is merged into the first case (under a receipt number of their own).
    await reportCase(t, { from: 'wxid_words_dup2', text: `${DUP}已经好几天了` });
    expect(await reportsOf(first)).toMatchObject({ reportCount: 2 });
    const other = await reportCase(t, {
      from: 'wxid_words_dup3',
      text: '小区门口的垃圾桶满了没人清理气味很大',
    });
    expect(other).not.toBe(first);
    expect(await reportsOf(first)).toMatchObject({ reportCount: 2 });
    const row = await caseRow(t, first);
    expect(row.matchHashes).toMatch(/^h1:/);
    expect(await leaked(DUP)).toEqual([]);
  });

  it('keeps no copy of a 100 KB message in its parse: the parse holds no words at all', async () => {
    const long = `${REPORT.slice(0, 20)}${'楼上漏水淹了我家厨房'.repeat(10_000)}`;
    const msg = inbound(long, parseOf('report_dispute', { entities: { place: GRP01_PLACE } }), {
      from: { id: 'wxid_words_long', name: '李先生' },
      receivedAt: t.clock.now().toISOString(),
    });
    expect((await postInbound(t, msg)).statusCode).toBe(200);
    const [stored] = await t.database.db.select().from(messages).where(eq(messages.messageId, msg.messageId));
    expect(stored!.parse).not.toHaveProperty('normalizedText');
    expect(JSON.stringify(stored!.parse)).not.toContain('漏水');
    expect(await leaked(long.slice(0, 40))).toEqual([]);
  });

  it('encrypts at start-up the summaries and outbox texts an older version stored in clear', async () => {
    const caseNo = await reportCase(t, {
      from: 'wxid_words_old',
      text: '旧版本保存的明文摘要小区门口占道经营',
    });
    const row = await caseRow(t, caseNo);
    const oldSummary = '旧版本保存的明文摘要小区门口占道经营';
    // An older version kept the summary and the duplicate-matching text in clear.
    await t.database.db
      .update(cases)
      .set({ summaryEnc: oldSummary, matchHashes: oldSummary })
      .where(eq(cases.id, row.id));
    await t.database.db
      .update(outbox)
      .set({ textEnc: `${OLD_NOTICE} ${caseNo}` })
      .where(eq(outbox.caseId, row.id));
    // …and a prosecutor's result in the event's data.
    await t.database.db.insert(caseEvents).values({
      caseId: row.id,
      type: 'progress',
      actor: 'token:1',
      at: t.clock.now(),
      data: { action: 'progress', text: OLD_RESULT },
    });
    // …and a prosecutor's field-work note.
    await t.database.db.insert(workRecords).values({
      personId: await personId(t, GRP01.leader),
      kind: '走访',
      workedOn: '2026-11-01',
      noteEnc: OLD_WORK_NOTE,
      createdAt: t.clock.now(),
    });
    expect(await leaked(oldSummary)).not.toEqual([]);
    expect(await leaked(OLD_RESULT)).not.toEqual([]);
    expect(await leaked(OLD_WORK_NOTE)).not.toEqual([]);

    const restarted = await buildApp({
      config: t.config,
      database: t.database,
      clock: t.clock,
      logger: t.app.log as never,
      parser: t.parser,
    });
    try {
      expect(await leaked(oldSummary)).toEqual([]);
      expect(await leaked(OLD_NOTICE)).toEqual([]);
      const [after] = await t.database.db.select().from(outbox).where(eq(outbox.caseId, row.id));
      expect(cipher.decrypt(after!.textEnc)).toBe(`${OLD_NOTICE} ${caseNo}`);
      const view = (await restarted.inject({ url: `/v1/cases/${caseNo}`, headers: auth(ADMIN) })).json();
      expect(view.summary).toBe(oldSummary);
      expect((await caseRow(t, caseNo)).matchHashes).toBe(row.matchHashes);
      // The event's words are sealed beside its data, and the case view reads them back.
      expect(await leaked(OLD_RESULT)).toEqual([]);
      expect(view.events.map((e: { data: { text?: string } }) => e.data.text)).toContain(OLD_RESULT);
      expect(await leaked(OLD_WORK_NOTE)).toEqual([]);
      const notes = await t.database.db.select({ n: workRecords.noteEnc }).from(workRecords);
      expect(notes.map((r) => cipher.decrypt(r.n))).toContain(OLD_WORK_NOTE);
    } finally {
      await restarted.close();
    }
  });

  it('re-encrypts summaries and outbox texts when the data key is rotated', async () => {
    const newKey = randomBytes(32);
    const before = await t.database.db.select({ s: cases.summaryEnc }).from(cases);
    const result = await rotateDataKey({ db: t.database.db, oldKey: key, newKey });
    expect(result.rotated['cases.summary_enc']).toBe(before.length);
    expect(result.rotated['outbox.text_enc']).toBeGreaterThan(0);
    expect(result.rotated['case_events.words_enc']).toBeGreaterThan(0);
    expect(result.rotated['work_records.note_enc']).toBe(1);
    const next = createFieldCipher(newKey);
    const summaries = await t.database.db.select({ s: cases.summaryEnc }).from(cases);
    expect(summaries.map((r) => next.decrypt(r.s))).toContain(REPORT);
    for (const { textEnc } of await t.database.db.select({ textEnc: outbox.textEnc }).from(outbox))
      expect(() => next.decrypt(textEnc)).not.toThrow();
    const words = await t.database.db.select({ w: caseEvents.wordsEnc }).from(caseEvents);
    expect(words.flatMap((r) => (r.w ? [JSON.parse(next.decrypt(r.w)).text] : []))).toContain(OLD_RESULT);
  });
});
