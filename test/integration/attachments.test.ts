// Attachments end to end: the bot's streamed upload (size, type, duplicate checks), encrypted storage, the case
// file's reports[] with their attachments, the audited download, key rotation.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_ATTACHMENT_BYTES } from '../../api/attachments/attachment-policy.js';
import { rotateDataKey } from '../../api/security/data-key-rotation.js';
import { createFieldCipher } from '../../api/security/field-cipher.js';
import { attachments, auditLog } from '../../db/schema/index.js';
import { byteStream, pdfBytes, pngBytes, uploadAttachment } from '../helpers/attachment-fixtures.js';
import { GRP01, GRP01_PLACE, GRP03, tokenFor } from '../helpers/case-fixtures.js';
import { inbound, parseOf } from '../helpers/inbound-fixtures.js';
import { ADMIN, auth, createTestApp, postInbound, type TestApp } from '../helpers/test-app.js';

const keyA = randomBytes(32);
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ env: { DATA_KEY: keyA.toString('base64') } });
});
afterAll(async () => {
  await t?.close();
});

const attachmentCount = async () =>
  Number((await t.database.db.select({ n: count() }).from(attachments))[0]?.n);
const get = (url: string, token = ADMIN) => t.app.inject({ method: 'GET', url, headers: auth(token) });

/** A report whose WeChat message carries the uploaded file (uploaded first, as the bot does). */
async function reportWithFile(text: string, file: { name: string; mimeType: string; bytes: Buffer }) {
  const messageId = randomUUID();
  const up = await uploadAttachment(t, { messageId, ...file });
  expect(up.statusCode, up.body).toBe(201);
  const res = await postInbound(
    t,
    inbound(text, parseOf('report_dispute', { entities: { place: GRP01_PLACE } }), {
      messageId,
      from: { id: `wxid_${randomUUID().slice(0, 8)}`, name: '林女士' },
      receivedAt: t.clock.now().toISOString(),
    }),
  );
  expect(res.statusCode, res.body).toBe(200);
  return { caseNo: res.json().caseNo as string, attachment: up.json() };
}

describe('POST /v1/attachments', () => {
  it('stores the bytes encrypted with the data key and answers with name, type, size and sha256', async () => {
    const bytes = pngBytes(4096);
    const messageId = randomUUID();
    const res = await uploadAttachment(t, { messageId, name: '漏水照片.png', mimeType: 'image/png', bytes });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toEqual({
      id: expect.any(Number),
      name: '漏水照片.png',
      mimeType: 'image/png',
      size: 4096,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    });
    const [row] = await t.database.db.select().from(attachments).where(eq(attachments.messageId, messageId));
    expect(row!.data!.includes(bytes.subarray(8, 64))).toBe(false);
    expect(createFieldCipher(keyA).decryptBytes(row!.data!).equals(bytes)).toBe(true);
  });

  it('refuses a second upload for the same message and keeps the first', async () => {
    const messageId = randomUUID();
    const first = await uploadAttachment(t, {
      messageId,
      name: 'a.pdf',
      mimeType: 'application/pdf',
      bytes: pdfBytes(),
    });
    expect(first.statusCode).toBe(201);
    const before = await attachmentCount();
    const again = await uploadAttachment(t, {
      messageId,
      name: 'b.pdf',
      mimeType: 'application/pdf',
      bytes: pdfBytes(),
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('attachment_exists');
    expect(await attachmentCount()).toBe(before);
    const [row] = await t.database.db.select().from(attachments).where(eq(attachments.messageId, messageId));
    expect(row!.name).toBe('a.pdf');
  });

  it('refuses a file over 20 MB, whether it says so up front or only while streaming', async () => {
    const before = await attachmentCount();
    const declared = await uploadAttachment(t, {
      messageId: randomUUID(),
      name: 'big.png',
      mimeType: 'image/png',
      bytes: pngBytes(MAX_ATTACHMENT_BYTES + 1),
    });
    expect(declared.statusCode).toBe(413);
    expect(declared.json().error.code).toBe('attachment_too_large');
    const streamed = await uploadAttachment(t, {
      messageId: randomUUID(),
      name: 'big.mp4',
      mimeType: 'video/mp4',
      bytes: byteStream(MAX_ATTACHMENT_BYTES + 65_536),
    });
    expect(streamed.statusCode).toBe(413);
    expect(await attachmentCount()).toBe(before);
  });

  it('accepts a file of exactly 20 MB', async () => {
    const res = await uploadAttachment(t, {
      messageId: randomUUID(),
      name: 'exact.mp4',
      mimeType: 'video/mp4',
      bytes: byteStream(MAX_ATTACHMENT_BYTES),
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().size).toBe(MAX_ATTACHMENT_BYTES);
    // 20 MB through AES, SHA-256 and PGlite's WebAssembly takes seconds; more on a loaded machine.
  }, 120_000);

  it('refuses types off the allow-list and bytes that contradict their declared type', async () => {
    const before = await attachmentCount();
    const exe = await uploadAttachment(t, {
      messageId: randomUUID(),
      name: 'setup.exe',
      mimeType: 'application/x-msdownload',
      bytes: Buffer.from('MZ\x90\x00 not really a program'),
    });
    expect(exe.statusCode).toBe(415);
    expect(exe.json().error.code).toBe('attachment_type_not_allowed');
    const disguised = await uploadAttachment(t, {
      messageId: randomUUID(),
      name: 'photo.jpg',
      mimeType: 'image/jpeg',
      bytes: Buffer.from('MZ\x90\x00 not really a photo'),
    });
    expect(disguised.statusCode).toBe(415);
    expect(disguised.json().error.message).toContain('image/jpeg');
    expect(await attachmentCount()).toBe(before);
  });

  it('refuses an empty file, a missing name and a JSON body', async () => {
    const before = await attachmentCount();
    const empty = await uploadAttachment(t, {
      messageId: randomUUID(),
      name: 'empty.txt',
      mimeType: 'text/plain',
      bytes: Buffer.alloc(0),
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.code).toBe('attachment_empty');
    const noName = await t.app.inject({
      method: 'POST',
      url: `/v1/attachments?messageId=${randomUUID()}&mimeType=text/plain`,
      headers: { ...auth('test-bot-token'), 'content-type': 'application/octet-stream' },
      payload: Buffer.from('hello'),
    });
    expect(noName.statusCode).toBe(400);
    const json = await t.app.inject({
      method: 'POST',
      url: `/v1/attachments?messageId=${randomUUID()}&name=a.txt&mimeType=text/plain`,
      headers: auth('test-bot-token'),
      payload: { text: 'hello' },
    });
    expect(json.statusCode).toBe(415);
    expect(await attachmentCount()).toBe(before);
  });

  it('takes uploads from the bot only', async () => {
    const before = await attachmentCount();
    const file = { messageId: randomUUID(), name: 'a.png', mimeType: 'image/png', bytes: pngBytes() };
    expect((await uploadAttachment(t, file, ADMIN)).statusCode).toBe(403);
    expect((await uploadAttachment(t, file, 'a-stranger-token')).statusCode).toBe(401);
    expect((await uploadAttachment(t, file, await tokenFor(t, 'prosecutor', GRP01.member))).statusCode).toBe(
      403,
    );
    expect(await attachmentCount()).toBe(before);
  });
});

describe('the case file', () => {
  it('lists every report in full with its attachments, and splits a forwarded chat record', async () => {
    const photo = pngBytes(3000);
    const { caseNo, attachment } = await reportWithFile('3号楼楼顶漏水，电话13812345678，照片见附件', {
      name: '楼顶.png',
      mimeType: 'image/png',
      bytes: photo,
    });
    const file = (await get(`/v1/cases/${caseNo}`)).json();
    expect(file.reports).toEqual([
      {
        receivedAt: expect.stringMatching(/\+08:00$/),
        type: 'text',
        text: '3号楼楼顶漏水，电话13812345678，照片见附件',
        chatRecord: null,
        attachments: [attachment],
      },
    ]);
    expect(file.notes).toEqual([]);
    expect(JSON.stringify(file.reports)).not.toMatch(/林女士|wxid_/);
  });

  it('splits a forwarded chat record into speaker, time and text lines', async () => {
    const record =
      '群聊的聊天记录\n张三 2026-03-01 10:00\n有人在五一广场卖假药\n还不止一次\n李四 10:05\n对的';
    const res = await postInbound(
      t,
      inbound(record, parseOf('report_dispute', { entities: { place: GRP01_PLACE } }), {
        type: 'chat_history',
        receivedAt: t.clock.now().toISOString(),
      }),
    );
    const file = (await get(`/v1/cases/${res.json().caseNo}`)).json();
    expect(file.reports[0].text).toBe(record);
    expect(file.reports[0].chatRecord).toEqual([
      { speaker: '张三', time: '2026-03-01 10:00', text: '有人在五一广场卖假药\n还不止一次' },
      { speaker: '李四', time: '10:05', text: '对的' },
    ]);
  });
});

describe('GET /v1/cases/:caseNo/attachments/:id', () => {
  it('returns the bytes with their type to the owning group and the office, and audits every read', async () => {
    const bytes = pdfBytes(5000);
    const { caseNo, attachment } = await reportWithFile('合同纠纷，合同见附件', {
      name: '租房合同.pdf',
      mimeType: 'application/pdf',
      bytes,
    });
    const member = await tokenFor(t, 'prosecutor', GRP01.member);
    const res = await get(`/v1/cases/${caseNo}/attachments/${attachment.id}`, member);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('租房合同.pdf'));
    expect(res.rawPayload.equals(bytes)).toBe(true);
    const office = await tokenFor(t, 'office');
    expect((await get(`/v1/cases/${caseNo}/attachments/${attachment.id}`, office)).statusCode).toBe(200);
    const reads = await t.database.db.select().from(auditLog).where(eq(auditLog.action, 'read_attachment'));
    expect(reads.filter((r) => r.subject === caseNo)).toEqual([
      expect.objectContaining({ data: { attachmentId: attachment.id } }),
      expect.objectContaining({ data: { attachmentId: attachment.id } }),
    ]);
  });

  it("answers another group's case, another case's file, an unknown case or id with 404 and logs nothing", async () => {
    const { caseNo, attachment } = await reportWithFile('噪音扰民，录音见附件', {
      name: 'a.png',
      mimeType: 'image/png',
      bytes: pngBytes(),
    });
    const other = await reportWithFile('另一件事，照片', {
      name: 'b.png',
      mimeType: 'image/png',
      bytes: pngBytes(),
    });
    const before = (await t.database.db.select().from(auditLog)).length;
    const stranger = await tokenFor(t, 'prosecutor', GRP03.member);
    expect((await get(`/v1/cases/${caseNo}/attachments/${attachment.id}`, stranger)).statusCode).toBe(404);
    expect((await get(`/v1/cases/${caseNo}/attachments/${other.attachment.id}`)).statusCode).toBe(404);
    expect((await get(`/v1/cases/GL-2026-999999/attachments/${attachment.id}`)).statusCode).toBe(404);
    expect((await get(`/v1/cases/${caseNo}/attachments/99999999`)).statusCode).toBe(404);
    expect((await get(`/v1/cases/${caseNo}/attachments/abc`)).statusCode).toBe(400);
    expect(
      (await get(`/v1/cases/${caseNo}/attachments/${attachment.id}`, 'a-stranger-token')).statusCode,
    ).toBe(401);
    expect((await t.database.db.select().from(auditLog)).length).toBe(before);
  });

  it('answers 410 once retention has purged the bytes', async () => {
    const { caseNo, attachment } = await reportWithFile('旧事，照片', {
      name: 'old.png',
      mimeType: 'image/png',
      bytes: pngBytes(),
    });
    await t.database.db
      .update(attachments)
      .set({ data: null, purgedAt: t.clock.now() })
      .where(eq(attachments.id, attachment.id));
    const res = await get(`/v1/cases/${caseNo}/attachments/${attachment.id}`);
    expect(res.statusCode).toBe(410);
    expect(res.json().error.code).toBe('attachment_purged');
  });
});

describe('data key rotation', () => {
  it('re-encrypts attachments so the new key reads the same bytes', async () => {
    const { caseNo, attachment } = await reportWithFile('转钥匙前的照片', {
      name: 'k.png',
      mimeType: 'image/png',
      bytes: pngBytes(),
    });
    const before = (await get(`/v1/cases/${caseNo}/attachments/${attachment.id}`)).rawPayload;
    const keyB = randomBytes(32);
    const result = await rotateDataKey({ db: t.database.db, oldKey: keyA, newKey: keyB });
    expect(result.rotated['attachments.data']).toBeGreaterThan(0);
    const [row] = await t.database.db.select().from(attachments).where(eq(attachments.id, attachment.id));
    expect(createFieldCipher(keyB).decryptBytes(row!.data!).equals(before)).toBe(true);
    expect(() => createFieldCipher(keyA).decryptBytes(row!.data!)).toThrow();
    // Every attachment is re-encrypted, the 20 MB one above included.
  }, 120_000);
});
