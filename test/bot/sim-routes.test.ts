// The local simulator over fastify inject: messages enter through the mock puppet, replies come back.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Bot, createBot } from '../../bot/create-bot.js';
import { createPuppet } from '../../bot/puppet-factory.js';
import { simRoutes } from '../../bot/simulator/sim-routes.js';
import { createFakeBotApi, type FakeBotApi } from './support/fake-bot-api.js';

let app: FastifyInstance;
let bot: Bot;
let api: FakeBotApi;
let queueDir: string;

beforeEach(async () => {
  const created = createPuppet({});
  if (created.kind !== 'mock') throw new Error('expected the mock puppet');
  api = createFakeBotApi();
  api.replyFor = (body) => (body.text.includes('吵') ? '已登记为纠纷，编号 GL-2026-000001' : null);
  queueDir = await mkdtemp(join(tmpdir(), 'jianwang-sim-'));
  bot = createBot({
    puppet: created.puppet,
    api,
    logger: pino({ level: 'silent' }),
    queueDir,
    queueKey: randomBytes(32),
    pacing: { minGapMs: 0, jitterMs: 0, perChatGapMs: 0 },
    outbox: { pollIntervalMs: 20 },
  });
  app = Fastify();
  await app.register(simRoutes, {
    bot,
    mocker: created.mocker,
    replyTimeoutMs: 5_000,
    maxTextChars: 300,
    prosecutors: async () => [
      { wechatId: 'demo-prosecutor-08', name: '林检察官', groups: ['第三检察官办案组'] },
    ],
  });
  await bot.start();
});

afterEach(async () => {
  await app.close();
  await bot.stop();
  await rm(queueDir, { recursive: true, force: true });
});

const say = (payload: unknown) => app.inject({ method: 'POST', url: '/sim/say', payload: payload as object });

interface InboxItem {
  seq: number;
  direction: 'in' | 'out';
  from?: { id: string; name: string };
  to?: string;
  room?: string;
  text: string;
}

const inboxOf = async (id: string): Promise<InboxItem[]> =>
  (await app.inject({ method: 'GET', url: `/sim/inbox?contactId=${id}` })).json().items;

/** Waits (bounded) until the bot has said something in the chat and the API heard it was sent. */
async function botSaidIn(id: string, sentCount: number): Promise<InboxItem[]> {
  let said: InboxItem[] = [];
  for (let i = 0; i < 300 && (said.length === 0 || api.sent.length < sentCount); i++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    said = (await inboxOf(id)).filter((item) => item.direction === 'out');
  }
  return said;
}

describe('simulator routes', () => {
  it("returns the bot's reply to a resident's private message", async () => {
    const response = await say({
      from: { id: 'res-1', name: '张先生' },
      text: '楼上邻居天天半夜吵，能不能调解一下',
    });

    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      outcome: 'replied',
      replies: [{ to: 'res-1', text: '已登记为纠纷，编号 GL-2026-000001' }],
    });
    expect(response.json().replies[0].room).toBeUndefined();
    expect(api.calls[0]).toMatchObject({ from: { id: 'res-1', name: '张先生' }, type: 'text' });
  });

  it('returns no replies when the API has none, without waiting for a timeout', async () => {
    const response = await say({ from: { id: 'res-2', name: '李女士' }, text: '谢谢' });

    // Waiting for replies that never come would end in 504 bot_timeout, not a 200 saying silent
    // (a wall-clock bound here failed on a loaded machine for no fault of the route).
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ outcome: 'silent', replies: [] });
  });

  it('in a room, answers a mention of the bot in the room and ignores plain chatter', async () => {
    const room = { id: 'grid-east', topic: '城东网格群' };
    const from = { id: 'grid-1', name: '网格员王' };

    const chatter = await say({ from, room, text: '大家辛苦了' });
    expect(chatter.json()).toMatchObject({ outcome: 'ignored', replies: [] });

    const mention = await say({ from, room, text: '@检网 小区里天天有人吵架' });
    expect(mention.json()).toMatchObject({
      outcome: 'replied',
      replies: [{ to: 'grid-1', room: 'grid-east', text: expect.stringContaining('GL-2026-000001') }],
    });
    expect(api.calls).toHaveLength(1);
    // The room id reaches the API exactly as given, so PUT /v1/rooms/grid-east binds this room.
    expect(api.calls[0]?.room).toEqual({ id: 'grid-east', topic: '城东网格群' });
  });

  it('keeps a WeChat-style room id as given too, and pushes outbox messages into a room', async () => {
    const from = { id: 'grid-2', name: '网格员李' };
    await say({ from, room: { id: '4455@chatroom', topic: '城西网格群' }, text: '线索 有人吵架' });
    expect(api.calls[0]?.room).toEqual({ id: '4455@chatroom', topic: '城西网格群' });

    await say({ from, room: { id: 'grid-west', topic: '城西二群' }, text: '大家好' });
    api.outbox.push({
      id: 'o-room',
      to: { kind: 'room', id: 'grid-west' },
      text: '请网格员跟进',
      attempts: 0,
    });
    expect(await botSaidIn('grid-west', 1)).toMatchObject([{ room: 'grid-west', text: '请网格员跟进' }]);
  });

  it('refuses a room id that is the sender’s own id', async () => {
    const res = await say({
      from: { id: 'same', name: '甲' },
      room: { id: 'same', topic: '群' },
      text: '线索 x',
    });
    expect(res.statusCode).toBe(400);
  });

  it('rejects bad input with a 400 error body', async () => {
    for (const payload of [
      {},
      { from: { id: 'x', name: 'y' } },
      { from: { id: 'a b', name: 'y' }, text: 'hi' },
    ]) {
      const response = await say(payload);
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({
        error: { code: 'invalid_input', message: expect.any(String) },
      });
    }
  });

  it('shows outbox pushes to a simulated contact in its inbox', async () => {
    await say({ from: { id: 'res-3', name: '赵先生' }, text: '你好' });
    api.outbox.push({ id: 'o1', to: { kind: 'contact', id: 'res-3' }, text: '您的案件已受理', attempts: 0 });

    // The push shows in the inbox as it is said; the API hears that it was sent a moment later.
    expect(await botSaidIn('res-3', 1)).toMatchObject([{ to: 'res-3', text: '您的案件已受理' }]);
    expect(api.sent).toEqual(['o1']);
  });

  it('delivers a push to an id that has never chatted, and keeps its name once it does', async () => {
    api.outbox.push({
      id: 'o-new',
      to: { kind: 'contact', id: 'demo-prosecutor-08' },
      text: '新案件待受理：GL-2026-000001',
      attempts: 0,
    });
    expect(await botSaidIn('demo-prosecutor-08', 1)).toMatchObject([
      { direction: 'out', to: 'demo-prosecutor-08', text: '新案件待受理：GL-2026-000001' },
    ]);
    expect(api.sent).toEqual(['o-new']);
    expect(api.failed).toEqual([]);

    await say({ from: { id: 'demo-prosecutor-08', name: '林检察官' }, text: '我的待办' });
    expect(api.calls.at(-1)?.from).toEqual({ id: 'demo-prosecutor-08', name: '林检察官' });
  });

  it("keeps each id's whole chat, both sides in order, for the page to show after a reload", async () => {
    const first = await say({ from: { id: 'res-h', name: '陈女士' }, text: '楼上邻居天天半夜吵' });
    await say({ from: { id: 'res-h', name: '陈女士' }, text: '谢谢' });
    await say({ from: { id: 'res-other', name: '别人' }, text: '你好' });

    const items = await inboxOf('res-h');
    expect(items).toMatchObject([
      { direction: 'in', from: { id: 'res-h', name: '陈女士' }, text: '楼上邻居天天半夜吵' },
      { direction: 'out', to: 'res-h', text: '已登记为纠纷，编号 GL-2026-000001' },
      { direction: 'in', from: { id: 'res-h', name: '陈女士' }, text: '谢谢' },
    ]);
    expect(first.json().seq).toBe(items[0]?.seq);
    // since= continues from a sequence number, as the page's polling does.
    const later = await app.inject({
      method: 'GET',
      url: `/sim/inbox?contactId=res-h&since=${items[1]?.seq}`,
    });
    expect(later.json().items.map((item: InboxItem) => item.text)).toEqual(['谢谢']);
  });

  it('takes texts up to the configured MAX_TEXT_CHARS and refuses longer ones', async () => {
    const from = { id: 'res-long', name: '长文' };
    expect((await say({ from, text: '吵'.repeat(300) })).statusCode).toBe(200);
    const tooLong = await say({ from, text: '吵'.repeat(301) });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().error.message).toContain('text');
  });

  it('offers the registered prosecutors and the text limit to the page', async () => {
    const setup = await app.inject({ method: 'GET', url: '/sim/setup' });
    expect(setup.json()).toEqual({
      maxTextChars: 300,
      prosecutors: [{ wechatId: 'demo-prosecutor-08', name: '林检察官', groups: ['第三检察官办案组'] }],
    });
  });

  it('serves a self-contained chat page', async () => {
    const response = await app.inject({ method: 'GET', url: '/sim' });

    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/html');
    expect(response.body).toContain('居民（私聊）');
    expect(response.body).toContain('检察官（私聊）');
    expect(response.body).not.toMatch(/<(script|link)[^>]+(src|href)=["']https?:/);
  });

  it('takes a file alone: the bot uploads its bytes, then posts the message that refers to it', async () => {
    api.replyFor = (body) => `收到${body.type}`;
    const bytes = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      randomBytes(500),
    ]);
    const res = await say({
      from: { id: 'res-file', name: '周女士' },
      attachment: { name: '漏水.png', mimeType: 'image/png', base64: bytes.toString('base64') },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ outcome: 'replied', messageIds: [expect.any(String)] });
    const { messageId } = res.json();
    expect(api.calls).toMatchObject([{ messageId, type: 'image', text: '[图片]' }]);
    expect(api.calls[0]?.attachmentProblem).toBeUndefined();
    expect(api.uploads.get(messageId)).toEqual({ name: '漏水.png', mimeType: 'image/png', bytes });
    // The page shows what was sent, both sides, after a reload.
    expect((await inboxOf('res-file')).map((item) => item.direction)).toEqual(['in', 'out']);
  });

  it('takes a text and a file together as two WeChat messages, the text first', async () => {
    api.replyFor = (body) => `收到${body.type}`;
    const pdf = Buffer.from('%PDF-1.7\n a short document');
    const res = await say({
      from: { id: 'res-both', name: '吴先生' },
      text: '楼上漏水，照片和材料如下',
      attachment: { name: '证明', mimeType: 'application/pdf', base64: pdf.toString('base64') },
    });
    expect(res.statusCode, res.body).toBe(200);
    const { messageIds, replies } = res.json();
    expect(messageIds).toHaveLength(2);
    expect(api.calls.map((c) => [c.messageId, c.type])).toEqual([
      [messageIds[0], 'text'],
      [messageIds[1], 'file'],
    ]);
    // A name without the type's extension gets it, so WeChat's side sees a PDF.
    expect(api.uploads.get(messageIds[1])).toMatchObject({ name: '证明.pdf', mimeType: 'application/pdf' });
    expect(api.uploads.get(messageIds[1])?.bytes.equals(pdf)).toBe(true);
    expect(replies.map((r: { text: string }) => r.text)).toEqual(['收到text', '收到file']);
  });

  it('passes a forbidden type on as a message without its file, so the API can answer politely', async () => {
    const res = await say({
      from: { id: 'res-zip', name: '郑先生' },
      attachment: {
        name: 'evidence.zip',
        mimeType: 'application/zip',
        base64: Buffer.from('PK\x03\x04zip').toString('base64'),
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(api.uploadCalls).toEqual([]);
    expect(api.calls).toMatchObject([{ type: 'file', attachmentProblem: 'type_not_allowed' }]);
  });

  it('refuses a body with neither text nor file, and a file that is not base64', async () => {
    const from = { id: 'res-bad', name: '钱先生' };
    expect((await say({ from })).statusCode).toBe(400);
    const bad = await say({ from, attachment: { name: 'a.png', mimeType: 'image/png', base64: '%%%' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/attachment\.base64/);
    expect(api.calls).toEqual([]);
  });

  it('offers a file picker on the page', async () => {
    const response = await app.inject({ method: 'GET', url: '/sim' });
    expect(response.body).toContain('<input type="file" id="file"');
  });
});
