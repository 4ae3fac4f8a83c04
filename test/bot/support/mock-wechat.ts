// Test harness: a bot on wechaty-puppet-mock with a fake API, plus helpers to talk to it as WeChat users.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileBox } from 'file-box';
import pino from 'pino';
import { types } from 'wechaty';
import type { mock } from 'wechaty-puppet-mock';
import { type Bot, type CreateBotOptions, createBot } from '../../../bot/create-bot.js';
import { createPuppet } from '../../../bot/puppet-factory.js';
import { createFakeBotApi, type FakeBotApi } from './fake-bot-api.js';

type ContactMock = ReturnType<mock.Mocker['ContactMock']['load']>;
type RoomMock = ReturnType<mock.Mocker['RoomMock']['load']>;

export interface Said {
  to: string;
  room?: string;
  text: string;
}

export interface MockWechat {
  bot: Bot;
  api: FakeBotApi;
  mocker: mock.Mocker;
  botUser: ContactMock;
  queueDir: string;
  /** Everything the bot said, as seen on the WeChat side. */
  said: Said[];
  contact(id: string, name?: string): ContactMock;
  room(id: string, topic: string, members: ContactMock[]): RoomMock;
  /** Makes `from` send `text`; returns the WeChat message id. */
  say(from: ContactMock, text: string, to?: RoomMock | ContactMock, mentions?: ContactMock[]): string;
  /** Injects a non-text message payload (image, url, chat history...). */
  sayRaw(from: ContactMock, type: types.Message, text?: string): string;
  /** Makes `from` send a file (a photo, a document...) as a message of `type`, in private chat or in `room`. */
  sayFile(
    from: ContactMock,
    file: { name: string; bytes: Buffer },
    type: types.Message,
    room?: RoomMock,
  ): string;
  close(): Promise<void>;
}

/** The disk queue's key in bot tests (a test that reads the queue's files needs it). */
export const TEST_QUEUE_KEY = Buffer.alloc(32, 7);

export async function startMockWechat(
  overrides: Partial<CreateBotOptions> & { api?: FakeBotApi; queueDir?: string } = {},
): Promise<MockWechat> {
  const created = createPuppet({});
  if (created.kind !== 'mock') throw new Error('expected the mock puppet');
  const { mocker } = created;
  const api = overrides.api ?? createFakeBotApi();
  const queueDir = overrides.queueDir ?? (await mkdtemp(join(tmpdir(), 'jianwang-bot-')));
  const bot = createBot({
    puppet: created.puppet,
    api,
    logger: pino({ level: 'silent' }),
    queueDir,
    queueKey: TEST_QUEUE_KEY,
    retry: { baseMs: 5, maxMs: 20 },
    outbox: { enabled: false },
    ...overrides,
  });
  await bot.start();
  await bot.loggedIn(AbortSignal.timeout(5_000));
  const botUser = mocker.ContactMock.load(created.botUserId);
  const said: Said[] = [];
  (botUser as unknown as NodeJS.EventEmitter).on(
    'message',
    (message: ReturnType<mock.Mocker['MessageMock']['load']>) => {
      if (message.talker().id !== botUser.id) return;
      const { roomId, listenerId } = message.payload;
      said.push({
        to: roomId ?? listenerId ?? '',
        ...(roomId ? { room: roomId } : {}),
        text: message.text() ?? '',
      });
    },
  );

  function captureId(send: () => void): string {
    let id: string | undefined;
    const onMessage = ({ messageId }: { messageId: string }) => {
      id ??= messageId;
    };
    mocker.puppet.on('message', onMessage);
    try {
      send();
    } finally {
      mocker.puppet.off('message', onMessage);
    }
    if (!id) throw new Error('no message emitted');
    return id;
  }

  return {
    bot,
    api,
    mocker,
    botUser,
    queueDir,
    said,
    contact: (id, name = id) => mocker.createContact({ id, name }),
    room: (id, topic, members) =>
      mocker.createRoom({
        id,
        topic,
        memberIdList: [botUser.id, ...members.map((m) => m.id)],
        adminIdList: [],
      }),
    say: (from, text, to, mentions = []) => captureId(() => from.say(text, mentions).to(to ?? botUser)),
    sayRaw: (from, type, text) =>
      captureId(() => {
        const message = mocker.MessageMock.create({
          id: `raw-${Math.random().toString(36).slice(2)}`,
          talkerId: from.id,
          listenerId: botUser.id,
          timestamp: Date.now(),
          type,
          ...(text ? { text } : {}),
        });
        mocker.puppet.emit('message', { messageId: message.id });
      }),
    sayFile: (from, file, type, room) =>
      captureId(() => {
        const message = mocker.MessageMock.create({
          id: `file-${Math.random().toString(36).slice(2)}`,
          talkerId: from.id,
          ...(room ? { roomId: room.id, mentionIdList: [] } : { listenerId: botUser.id }),
          timestamp: Date.now(),
          type,
          ...(type === types.Message.Attachment ? { text: file.name } : {}),
        });
        mocker.cacheFileBoxPayload.set(
          message.id,
          FileBox.fromBase64(file.bytes.toString('base64'), file.name).toJSON(),
        );
        mocker.puppet.emit('message', { messageId: message.id });
      }),
    async close() {
      await bot.stop();
      if (!overrides.queueDir) await rm(queueDir, { recursive: true, force: true });
    },
  };
}

export { types };
