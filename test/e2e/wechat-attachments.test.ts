// Attachments through mock WeChat: the bot uploads a photo, file or place to the API and it lands in the case file;
// a file too big or of a forbidden type gets a polite answer and loses nothing else.
import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_ATTACHMENT_BYTES } from '../../api/attachments/attachment-policy.js';
import { createApiClient } from '../../bot/api-client.js';
import { attachments, messages } from '../../db/schema/index.js';
import type { FakeBotApi } from '../bot/support/fake-bot-api.js';
import { type MockWechat, startMockWechat, types } from '../bot/support/mock-wechat.js';
import { pdfBytes, pngBytes } from '../helpers/attachment-fixtures.js';
import { parseOf } from '../helpers/inbound-fixtures.js';
import { ADMIN, auth, BOT, createTestApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
let wechat: MockWechat;

beforeAll(async () => {
  // The bot stamps messages with the real time, and the API refuses times far from its clock.
  t = await createTestApp({ now: new Date().toISOString() });
  const address = await t.app.listen({ host: '127.0.0.1', port: 0 });
  wechat = await startMockWechat({
    api: createApiClient({ apiUrl: address, botToken: BOT }) as unknown as FakeBotApi,
  });
}, 120_000);

afterAll(async () => {
  await wechat?.close();
  await t?.close();
});

interface CaseFile {
  status: string;
  reports: {
    type: string;
    text: string | null;
    attachments: { id: number; name: string; mimeType: string; size: number; sha256: string }[];
  }[];
}

const caseFile = async (caseNo: string): Promise<CaseFile> => {
  const res = await t.app.inject({ method: 'GET', url: `/v1/cases/${caseNo}`, headers: auth(ADMIN) });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};

async function handled(id: string): Promise<string> {
  const done = await wechat.bot.handled.wait(id, 30_000);
  expect(done?.outcome).toBe('replied');
  return done?.replies[0] ?? '';
}

/** A resident reports a leak in 三坊七巷社区 (routed at once); returns the case number. */
async function report(contactId: string, text: string): Promise<string> {
  t.parser.script(
    text,
    parseOf('report_dispute', { entities: { place: '三坊七巷社区' }, normalizedText: text }),
  );
  const resident = wechat.contact(contactId, '陈阿姨');
  const reply = await handled(wechat.say(resident, text));
  const caseNo = /GL-\d{4}-\d{6}/.exec(reply)?.[0];
  expect(caseNo, reply).toBeDefined();
  return caseNo!;
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('files sent in WeChat land in the case file', () => {
  it('a photo sent right after the report joins its case, with its sha256, and reads back byte for byte', async () => {
    const caseNo = await report('wxid_att_1', '三坊七巷社区楼上漏水到我家，物业不管');
    const photo = pngBytes(50_000);
    const reply = await handled(
      wechat.sayFile(
        wechat.mocker.ContactMock.load('wxid_att_1'),
        { name: 'leak.png', bytes: photo },
        types.Message.Image,
      ),
    );
    expect(reply).toContain(`已补充到 ${caseNo}`);

    const file = await caseFile(caseNo);
    expect(file.reports.map((r) => r.type)).toEqual(['text', 'image']);
    const [stored] = file.reports[1]!.attachments;
    expect(stored).toMatchObject({
      name: 'leak.png',
      mimeType: 'image/png',
      size: photo.length,
      sha256: sha256(photo),
    });
    const bytes = await t.app.inject({
      method: 'GET',
      url: `/v1/cases/${caseNo}/attachments/${stored!.id}`,
      headers: auth(ADMIN),
    });
    expect(bytes.statusCode).toBe(200);
    expect(bytes.headers['content-type']).toBe('image/png');
    expect(bytes.rawPayload.equals(photo)).toBe(true);
  });

  it('a document and a shared place join the same case; the place is kept as its name, address and coordinates', async () => {
    const caseNo = await report('wxid_att_2', '三坊七巷社区有人占道摆摊堵住消防通道');
    const resident = wechat.mocker.ContactMock.load('wxid_att_2');
    const pdf = pdfBytes(3000);
    expect(
      await handled(wechat.sayFile(resident, { name: '照片说明.pdf', bytes: pdf }, types.Message.Attachment)),
    ).toContain(`已补充到 ${caseNo}`);
    expect(await handled(wechat.sayRaw(resident, types.Message.Location))).toContain(`已补充到 ${caseNo}`);

    const file = await caseFile(caseNo);
    expect(file.reports.map((r) => r.type)).toEqual(['text', 'file', 'location']);
    expect(file.reports[1]!.text).toBe('[文件] 照片说明.pdf');
    expect(file.reports[1]!.attachments[0]).toMatchObject({
      mimeType: 'application/pdf',
      sha256: sha256(pdf),
    });
    // The mock puppet's place: Wechaty 1.20's toLocation() throws, so the bot asks the puppet itself.
    expect(file.reports[2]!.text).toContain('东升乡人民政府');
    expect(file.reports[2]!.text).toMatch(/纬度 39\.99.*经度 116\.33/);
  });

  it('a file over 20 MB gets a polite answer; the message is recorded, nothing is stored, the case is unchanged', async () => {
    const caseNo = await report('wxid_att_3', '三坊七巷社区小区垃圾堆了一个月没人清理');
    const before = await caseFile(caseNo);
    const big = Buffer.concat([pngBytes(64), Buffer.alloc(MAX_ATTACHMENT_BYTES)]);
    const id = wechat.sayFile(
      wechat.mocker.ContactMock.load('wxid_att_3'),
      { name: 'big.png', bytes: big },
      types.Message.Image,
    );
    const reply = await handled(id);
    expect(reply).toMatch(/超过 20 MB，未能保存/);

    const [row] = await t.database.db.select().from(messages).where(eq(messages.messageId, id));
    expect(row).toMatchObject({ type: 'image', caseId: null });
    expect(await t.database.db.select().from(attachments).where(eq(attachments.messageId, id))).toEqual([]);
    expect(await caseFile(caseNo)).toEqual(before);
  });

  it('a forbidden type (an executable) gets a polite answer and is not uploaded', async () => {
    await report('wxid_att_4', '三坊七巷社区有人发传单推销理财产品');
    const id = wechat.sayFile(
      wechat.mocker.ContactMock.load('wxid_att_4'),
      { name: 'setup.exe', bytes: Buffer.from('MZ\x90\x00 not really a program') },
      types.Message.Attachment,
    );
    expect(await handled(id)).toMatch(/不接收这种类型的文件/);
    const [row] = await t.database.db.select().from(messages).where(eq(messages.messageId, id));
    expect(row).toMatchObject({ type: 'file', caseId: null });
    expect(await t.database.db.select().from(attachments).where(eq(attachments.messageId, id))).toEqual([]);
  });
});

describe('in a bound group chat', () => {
  it('a member’s photo right after their report there joins it; a photo nobody addressed to the bot is never read', async () => {
    const bind = await t.app.inject({
      method: 'PUT',
      url: '/v1/rooms/grid-room-att',
      headers: auth(ADMIN),
      payload: { gridCode: 'GL-S04-C01' },
    });
    expect(bind.statusCode, bind.body).toBe(200);
    const member = wechat.contact('wxid_grid_att_1', '网格员王');
    const other = wechat.contact('wxid_grid_att_2', '居民李');
    const room = wechat.room('grid-room-att', '军门网格群', [member, other]);
    const text = '线索 小区地下室每晚有人聚众赌博';
    t.parser.script(text, parseOf('report_clue', { category: 'gambling', normalizedText: text }));
    const receipt = await handled(wechat.say(member, text, room));
    const caseNo = /GL-\d{4}-\d{6}/.exec(receipt)?.[0];
    expect(caseNo, receipt).toBeDefined();

    const photo = pngBytes(3000);
    const id = wechat.sayFile(member, { name: 'scene.png', bytes: photo }, types.Message.Image, room);
    expect(await handled(id)).toContain(`已补充到 ${caseNo}`);
    expect(wechat.said.at(-1)).toMatchObject({ room: 'grid-room-att' });
    const file = await caseFile(caseNo!);
    expect(file.reports.map((r) => r.type)).toEqual(['text', 'image']);
    expect(file.reports[1]!.attachments[0]).toMatchObject({ sha256: sha256(photo) });

    // Another member's photo (no report, no @-mention) never leaves the bot.
    const stray = wechat.sayFile(other, { name: 'cat.png', bytes: pngBytes(500) }, types.Message.Image, room);
    expect((await wechat.bot.handled.wait(stray, 30_000))?.outcome).toBe('ignored');
    expect(await t.database.db.select().from(messages).where(eq(messages.messageId, stray))).toEqual([]);
  });
});
