// Local WeChat simulator (mock puppet only): chat with the bot over HTTP and see what it says back.
import { randomUUID } from 'node:crypto';
import type { EventEmitter } from 'node:events';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { FileBox } from 'file-box';
import { types } from 'wechaty';
import type { mock } from 'wechaty-puppet-mock';
import { z } from 'zod';
import {
  extensionFor,
  MAX_ATTACHMENT_BYTES,
  MAX_ATTACHMENT_NAME,
  mimeTypeFor,
  plainMimeType,
} from '../../api/attachments/attachment-policy.js';
import type { Bot } from '../create-bot.js';
import { createSimInbox, type SimInboxEntry } from './sim-inbox.js';
import { SIM_PAGE_HTML } from './sim-page.js';

export interface SimRoutesOptions {
  bot: Bot;
  mocker: mock.Mocker;
  /** Longest wait for the bot to finish with a message before answering 504. */
  replyTimeoutMs?: number;
  /** The longest text a person may send (the API's MAX_TEXT_CHARS); 5,000 by default. */
  maxTextChars?: number;
  /** The registered prosecutors one can chat as (the page's picker); none without an API in the process. */
  prosecutors?: () => Promise<SimProsecutor[]>;
  /** Runs before every simulator route (production: only the admin may act as any contact or read their pushes). */
  guard?: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
}

/** A prosecutor the simulator can speak as: their WeChat id, name and the groups they sit in. */
export interface SimProsecutor {
  wechatId: string;
  name: string;
  groups: string[];
}

const id = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[\w.-]+$/, 'letters, digits, _ . - only');

// A room id is kept exactly as given (a real-looking 123@chatroom too), so the office binds that same id.
const roomId = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[\w.@-]+$/, 'letters, digits, _ . - @ only');

/** A little over the API's limit still reaches the bot, so the simulator shows the refusal a resident gets. */
const MAX_SIM_FILE_BYTES = MAX_ATTACHMENT_BYTES + 1024 * 1024;
const SIM_BODY_LIMIT = Math.ceil((MAX_SIM_FILE_BYTES * 4) / 3) + 1024 * 1024;

/** A file sent as in WeChat: its own message, after the text when both are given. */
const attachment = z.object({
  name: z
    .string()
    .trim()
    .min(1)
    .max(MAX_ATTACHMENT_NAME)
    .regex(/^[^\\/]+$/, 'no path separators'),
  mimeType: z.string().trim().min(1).max(200),
  base64: z
    .string()
    .min(1)
    .max(Math.ceil((MAX_SIM_FILE_BYTES * 4) / 3) + 4)
    .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'not base64'),
});

const sayBodyOf = (maxTextChars: number) =>
  z
    .object({
      from: z.object({ id, name: z.string().trim().min(1).max(64) }),
      room: z.object({ id: roomId, topic: z.string().trim().min(1).max(64) }).optional(),
      text: z.string().min(1).max(maxTextChars).optional(),
      attachment: attachment.optional(),
      /** @-mention the bot in a room even without "@检网" in the text. */
      mention: z.boolean().optional(),
    })
    .refine((body) => body.text !== undefined || body.attachment !== undefined, {
      message: 'give a text, an attachment or both',
      path: ['text'],
    });

/** The WeChat message type a file arrives as. */
function messageTypeOf(mimeType: string): types.Message {
  if (mimeType.startsWith('image/')) return types.Message.Image;
  if (mimeType.startsWith('audio/')) return types.Message.Audio;
  if (mimeType.startsWith('video/')) return types.Message.Video;
  return types.Message.Attachment;
}

const inboxQuery = z.object({
  contactId: z.string().trim().min(1).max(80),
  since: z.coerce.number().int().min(0).optional(),
});

interface SimReply {
  seq: number;
  direction: 'in' | 'out';
  /** Who said an `in` message. */
  from?: { id: string; name: string };
  /** Whom the bot addressed (`out`). */
  to?: string;
  room?: string;
  text: string;
  at: string;
}

function badRequest(reply: FastifyReply, issues: z.ZodError) {
  const first = issues.issues[0];
  const where = first?.path.join('.') || 'body';
  return reply
    .code(400)
    .send({ error: { code: 'invalid_input', message: `${where}: ${first?.message ?? 'invalid'}` } });
}

export const simRoutes: FastifyPluginAsync<SimRoutesOptions> = async (app, options) => {
  const { bot, mocker } = options;
  const replyTimeoutMs = options.replyTimeoutMs ?? 15_000;
  const maxTextChars = options.maxTextChars ?? 5_000;
  const sayBody = sayBodyOf(maxTextChars);
  if (options.guard) app.addHook('onRequest', options.guard);
  const inbox = createSimInbox();
  let botUser: ReturnType<mock.Mocker['ContactMock']['load']> | undefined;

  const onBotMessage = (message: ReturnType<mock.Mocker['MessageMock']['load']>) => {
    if (message.talker().id !== botUser?.id) return;
    const roomId = message.payload.roomId;
    const contactId = message.payload.listenerId;
    const conversationId = roomId || contactId;
    if (!conversationId) return;
    inbox.add({
      direction: 'out',
      conversationId,
      ...(roomId ? { roomId } : { contactId }),
      text: typeof message.text() === 'string' ? message.text()! : '[非文本消息]',
    });
  };

  // Every message the bot says passes through its own mock contact, so one listener sees them all,
  // including outbox pushes long after the message that caused them.
  function attach(userId: string) {
    if (botUser) return;
    botUser = mocker.ContactMock.load(userId);
    asEmitter(botUser).on('message', onBotMessage);
  }
  // Asked of the puppet, not Wechaty: it answers without warnings before the bot has started.
  const onLogin = ({ contactId }: { contactId: string }) => attach(contactId);
  if (mocker.puppet.isLoggedIn) attach(mocker.puppet.currentUserId);
  else mocker.puppet.on('login', onLogin);
  app.addHook('onClose', async () => {
    mocker.puppet.off('login', onLogin);
    if (botUser) asEmitter(botUser).off('message', onBotMessage);
  });

  function ensureContact(contactId: string, name: string) {
    try {
      const contact = mocker.ContactMock.load(contactId);
      if (contact.payload.name !== name) {
        contact.payload.name = name;
        // A contact first met as a push target was named after its id; Wechaty must read the new name.
        mocker.puppet.dirtyPayload(types.Dirty.Contact, contactId);
      }
      return contact;
    } catch {
      return mocker.createContact({ id: contactId, name, friend: true });
    }
  }

  function ensureRoom(roomId: string, topic: string, memberId: string, userId: string) {
    try {
      const room = mocker.RoomMock.load(roomId);
      if (!room.payload.memberIdList.includes(memberId)) room.payload.memberIdList.push(memberId);
      return room;
    } catch {
      return mocker.createRoom({ id: roomId, topic, memberIdList: [userId, memberId], adminIdList: [] });
    }
  }

  app.get('/sim', async (_request, reply) => reply.type('text/html; charset=utf-8').send(SIM_PAGE_HTML));

  // What the page needs to offer: the identities to pick from and the longest text it may send.
  app.get('/sim/setup', async () => ({
    maxTextChars,
    prosecutors: options.prosecutors ? await options.prosecutors() : [],
  }));

  app.get('/sim/inbox', { config: { quietLog: true } }, async (request, reply) => {
    const query = inboxQuery.safeParse(request.query);
    if (!query.success) return badRequest(reply, query.error);
    const items = inbox.since(query.data.contactId, query.data.since ?? 0).map(toReplyView);
    return { items, lastSeq: inbox.lastSeq() };
  });

  app.post('/sim/say', { bodyLimit: SIM_BODY_LIMIT }, async (request, reply) => {
    const parsed = sayBody.safeParse(request.body);
    if (!parsed.success) return badRequest(reply, parsed.error);
    const body = parsed.data;

    const loginWait = AbortSignal.timeout(replyTimeoutMs);
    await bot.loggedIn(loginWait);
    if (!bot.wechaty.isLoggedIn || !botUser) {
      return reply
        .code(503)
        .send({ error: { code: 'bot_not_ready', message: 'the bot is not logged in yet' } });
    }
    const user = botUser;
    if (body.from.id === user.id) {
      return reply
        .code(400)
        .send({ error: { code: 'invalid_input', message: 'from.id: is the bot itself' } });
    }

    if (body.room && body.room.id === body.from.id) {
      return reply
        .code(400)
        .send({ error: { code: 'invalid_input', message: 'room.id: is the id of the sender' } });
    }
    const contact = ensureContact(body.from.id, body.from.name);
    const room = body.room ? ensureRoom(body.room.id, body.room.topic, contact.id, user.id) : undefined;
    const text = body.text;
    const mentionsBot = !!room && (body.mention === true || text?.includes(`@${user.payload.name}`) === true);
    const conversationId = room?.id ?? contact.id;

    /** Puts one message into the puppet and waits for the bot to be done with it. */
    async function sayOne(shown: string, emit: () => void) {
      const said = inbox.add({
        direction: 'in',
        conversationId,
        ...(room ? { roomId: room.id } : { contactId: contact.id }),
        from: { id: contact.id, name: body.from.name },
        text: shown,
      });
      // The puppet emits 'message' synchronously, so this catches exactly our message's id.
      let messageId: string | undefined;
      const catchId = ({ messageId: emitted }: { messageId: string }) => {
        messageId ??= emitted;
      };
      mocker.puppet.on('message', catchId);
      try {
        emit();
      } finally {
        mocker.puppet.off('message', catchId);
      }
      if (!messageId) return { error: 'sim_failed' as const };
      const handled = await bot.handled.wait(messageId, replyTimeoutMs);
      if (!handled) return { error: 'bot_timeout' as const };
      // Replies as seen on the WeChat side, matched to what the bot reports it said for this message.
      const botSaid = inbox.since(conversationId, said.seq).filter((entry) => entry.direction === 'out');
      const replies: SimReply[] = [];
      for (const replyText of handled.replies) {
        const index = botSaid.findIndex((entry) => entry.text === replyText);
        if (index < 0) continue;
        const [entry] = botSaid.splice(index, 1);
        if (entry) replies.push({ ...toReplyView(entry), to: contact.id });
      }
      return { messageId, seq: said.seq, outcome: handled.outcome, replies };
    }

    const steps: (() => ReturnType<typeof sayOne>)[] = [];
    if (text !== undefined)
      steps.push(() => sayOne(text, () => contact.say(text, mentionsBot ? [user] : []).to(room ?? user)));
    const file = body.attachment;
    if (file) {
      const mimeType = plainMimeType(file.mimeType);
      // The puppet hands files over typed by their name, so the name carries the declared type.
      const ext = extensionFor(mimeType);
      const name = ext && mimeTypeFor(file.name, undefined) !== mimeType ? `${file.name}.${ext}` : file.name;
      const type = messageTypeOf(mimeType);
      const shown = `${SHOWN[type] ?? '[文件]'} ${name}`;
      steps.push(() =>
        sayOne(shown, () => {
          const message = mocker.MessageMock.create({
            id: `sim-file-${randomUUID()}`,
            talkerId: contact.id,
            timestamp: Date.now(),
            type,
            ...(type === types.Message.Attachment ? { text: name } : {}),
            ...(room
              ? { roomId: room.id, mentionIdList: mentionsBot ? [user.id] : [] }
              : { listenerId: user.id }),
          });
          mocker.cacheFileBoxPayload.set(message.id, FileBox.fromBase64(file.base64, name).toJSON());
          mocker.puppet.emit('message', { messageId: message.id });
        }),
      );
    }

    const results: Exclude<Awaited<ReturnType<typeof sayOne>>, { error: string }>[] = [];
    for (const step of steps) {
      const result = await step();
      if ('error' in result) {
        if (result.error === 'sim_failed')
          return reply
            .code(500)
            .send({ error: { code: 'sim_failed', message: 'the message did not enter the puppet' } });
        return reply.code(504).send({
          error: { code: 'bot_timeout', message: `the bot did not finish within ${replyTimeoutMs} ms` },
        });
      }
      results.push(result);
    }
    const last = results[results.length - 1]!;
    return {
      messageId: last.messageId,
      seq: last.seq,
      outcome: last.outcome,
      replies: results.flatMap((r) => r.replies),
      // Text and file are two WeChat messages: both ids and sequence numbers, in the order sent.
      messageIds: results.map((r) => r.messageId),
      seqs: results.map((r) => r.seq),
    };
  });
};

const SHOWN: Partial<Record<types.Message, string>> = {
  [types.Message.Image]: '[图片]',
  [types.Message.Audio]: '[语音]',
  [types.Message.Video]: '[视频]',
  [types.Message.Attachment]: '[文件]',
};

function toReplyView(entry: SimInboxEntry): SimReply {
  return {
    seq: entry.seq,
    direction: entry.direction,
    ...(entry.direction === 'in' && entry.from
      ? { from: entry.from }
      : { to: entry.contactId ?? entry.conversationId }),
    ...(entry.roomId ? { room: entry.roomId } : {}),
    text: entry.text,
    at: entry.at,
  };
}

// Mock contacts are EventEmitters at run time; their typed-emitter typing does not resolve here.
function asEmitter(contact: object): EventEmitter {
  return contact as EventEmitter;
}
