// Internal notes (备注): written in WeChat or by API, stored encrypted, seen by the owning group and the office only.
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rotateDataKey } from '../../api/security/data-key-rotation.js';
import { createFieldCipher } from '../../api/security/field-cipher.js';
import { caseEvents, caseNotes, outbox } from '../../db/schema/index.js';
import { caseRow, GRP01, GRP03, reportCase, say, tokenFor } from '../helpers/case-fixtures.js';
import { auth, createTestApp, type TestApp } from '../helpers/test-app.js';

const key = randomBytes(32);
let t: TestApp;
let office: string;
let leader01: string;
let member03: string;
beforeAll(async () => {
  t = await createTestApp({ env: { DATA_KEY: key.toString('base64') } });
  office = await tokenFor(t, 'office');
  leader01 = await tokenFor(t, 'group_leader', GRP01.leader);
  member03 = await tokenFor(t, 'prosecutor', GRP03.member);
});
afterAll(async () => {
  await t?.close();
});

const notesOf = (caseNo: string, token: string) =>
  t.app.inject({ method: 'GET', url: `/v1/cases/${caseNo}/notes`, headers: auth(token) });
const addNote = (caseNo: string, payload: object, token: string) =>
  t.app.inject({ method: 'POST', url: `/v1/cases/${caseNo}/notes`, headers: auth(token), payload });

describe('case notes', () => {
  it('records 备注 from a group member, encrypted, never told to the reporter', async () => {
    const caseNo = await reportCase(t, { from: 'wxid_note_a' });
    const row = await caseRow(t, caseNo);
    const queuedBefore = (await t.database.db.select().from(outbox).where(eq(outbox.caseId, row.id))).length;
    expect(await say(t, GRP01.member, `备注 ${caseNo} 已电话联系社区，周三上门核实`)).toBe(
      `已记录 ${caseNo} 的备注（仅本组和办公室可见）。`,
    );
    const [stored] = await t.database.db.select().from(caseNotes).where(eq(caseNotes.caseId, row.id));
    expect(stored!.textEnc).not.toContain('上门');
    expect(createFieldCipher(key).decrypt(stored!.textEnc)).toBe('已电话联系社区，周三上门核实');
    expect((await t.database.db.select().from(outbox).where(eq(outbox.caseId, row.id))).length).toBe(
      queuedBefore,
    );
    const events = await t.database.db.select().from(caseEvents).where(eq(caseEvents.caseId, row.id));
    const noteEvent = events.find((e) => e.type === 'note_added');
    expect(noteEvent?.data).toEqual({ noteId: stored!.id });

    const res = await notesOf(caseNo, leader01);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      items: [
        {
          id: stored!.id,
          at: '2026-11-27T10:00:00.000+08:00',
          author: expect.any(String),
          text: '已电话联系社区，周三上门核实',
        },
      ],
      total: 1,
    });
    expect(res.json().items[0].author).not.toBe('');
  });

  it('takes notes by API from the office and the group, oldest first', async () => {
    const caseNo = await reportCase(t, { from: 'wxid_note_b' });
    const first = await addNote(caseNo, { text: '请组长关注' }, office);
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({ author: '办公室', text: '请组长关注' });
    t.clock.advance(60_000);
    expect((await addNote(caseNo, { text: '  已安排  ' }, leader01)).json().text).toBe('已安排');
    const items = (await notesOf(caseNo, office)).json().items;
    expect(items.map((n: { text: string }) => n.text)).toEqual(['请组长关注', '已安排']);
  });

  it('hides notes from other groups and refuses bad input, writing nothing', async () => {
    const caseNo = await reportCase(t, { from: 'wxid_note_c' });
    expect((await notesOf(caseNo, member03)).statusCode).toBe(404);
    expect((await addNote(caseNo, { text: '不该写入' }, member03)).statusCode).toBe(404);
    expect(await say(t, GRP03.member, `备注 ${caseNo} 不该写入`)).toContain('没有找到您可办理的案件');
    expect(await say(t, GRP01.member, '备注 GL-2026-999999 内容')).toContain('没有找到您可办理的案件');
    expect(await say(t, GRP01.member, `备注 ${caseNo}`)).toContain('用法：备注');
    for (const [payload, code] of [
      [{ text: '   ' }, 'text_required'],
      [{ text: 'x'.repeat(2001) }, 'text_too_long'],
      [{}, 'validation_failed'],
      [{ text: 'a', extra: 1 }, 'validation_failed'],
    ] as const) {
      const res = await addNote(caseNo, payload, leader01);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().error.code).toBe(code);
    }
    expect((await addNote('GL-2026-999999', { text: 'x' }, office)).statusCode).toBe(404);
    expect((await notesOf(caseNo, office)).json().total).toBe(0);
  });

  it('is re-encrypted when the data key rotates', async () => {
    const caseNo = await reportCase(t, { from: 'wxid_note_d' });
    await addNote(caseNo, { text: '轮换前写的备注' }, office);
    const next = randomBytes(32);
    const result = await rotateDataKey({ db: t.database.db, oldKey: key, newKey: next });
    expect(result.rotated['case_notes.text_enc']).toBeGreaterThan(0);
    const row = await caseRow(t, caseNo);
    const [stored] = await t.database.db.select().from(caseNotes).where(eq(caseNotes.caseId, row.id));
    expect(createFieldCipher(next).decrypt(stored!.textEnc)).toBe('轮换前写的备注');
  });
});
