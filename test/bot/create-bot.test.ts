// The bot on the mock puppet with a fake API: what it handles, what it says, what it ignores.
import { afterEach, describe, expect, it } from 'vitest';
import { type MockWechat, startMockWechat, types } from './support/mock-wechat.js';

let wechat: MockWechat | undefined;
afterEach(async () => {
  await wechat?.close();
  wechat = undefined;
});

describe('createBot', () => {
  it("passes a resident's private message with its parse to the API and says the reply back", async () => {
    const now = new Date('2026-03-02T09:15:00+08:00');
    wechat = await startMockWechat({ clock: { now: () => now, sleep: async () => undefined } });
    const resident = wechat.contact('resident-1', '张先生');

    const id = wechat.say(resident, '楼上邻居天天半夜吵，能不能调解一下');
    const event = await wechat.bot.handled.wait(id, 5_000);

    expect(event).toMatchObject({ messageId: id, outcome: 'replied', replies: ['已收到：17字'] });
    expect(wechat.api.calls).toHaveLength(1);
    expect(wechat.api.calls[0]).toEqual({
      messageId: id,
      from: { id: 'resident-1', name: '张先生' },
      text: '楼上邻居天天半夜吵，能不能调解一下',
      type: 'text',
      receivedAt: now.toISOString(),
    });
    expect(wechat.said).toEqual([{ to: 'resident-1', text: '已收到：17字' }]);
  });

  it('ignores its own messages', async () => {
    wechat = await startMockWechat();
    const resident = wechat.contact('resident-2');

    const id = wechat.say(wechat.botUser, '您好', resident);
    const event = await wechat.bot.handled.wait(id, 5_000);

    expect(event?.outcome).toBe('ignored');
    expect(wechat.api.calls).toHaveLength(0);
  });

  it('says nothing when the API has no reply', async () => {
    wechat = await startMockWechat();
    wechat.api.replyFor = () => null;
    const id = wechat.say(wechat.contact('resident-3'), '谢谢');

    expect(await wechat.bot.handled.wait(id, 5_000)).toMatchObject({ outcome: 'silent', replies: [] });
    expect(wechat.api.calls).toHaveLength(1);
    expect(wechat.said).toEqual([]);
  });

  describe('in a room', () => {
    it('ignores messages that neither mention the bot nor start with a keyword', async () => {
      wechat = await startMockWechat();
      const member = wechat.contact('grid-1', '李网格员');
      const room = wechat.room('room-1@chatroom', '城东网格群', [member]);

      const id = wechat.say(member, '今天巡查完毕', room);

      expect(await wechat.bot.handled.wait(id, 5_000)).toMatchObject({ outcome: 'ignored', replies: [] });
      expect(wechat.api.calls).toHaveLength(0);
      expect(wechat.said).toEqual([]);
    });

    it.each(['线索：某小区有人聚众赌博', '  举报 有人卖假药', '绑定网格 城东一网格'])(
      'handles "%s" and answers in the room',
      async (text) => {
        wechat = await startMockWechat();
        const member = wechat.contact('grid-2', '王网格员');
        const room = wechat.room('room-2@chatroom', '城西网格群', [member]);

        const id = wechat.say(member, text, room);

        expect(await wechat.bot.handled.wait(id, 5_000)).toMatchObject({ outcome: 'replied' });
        expect(wechat.api.calls[0]).toMatchObject({
          messageId: id,
          from: { id: 'grid-2', name: '王网格员' },
          room: { id: 'room-2@chatroom', topic: '城西网格群' },
          text,
        });
        expect(wechat.said).toEqual([
          { to: 'room-2@chatroom', room: 'room-2@chatroom', text: expect.any(String) },
        ]);
      },
    );

    it('handles a message that @-mentions the bot', async () => {
      wechat = await startMockWechat();
      const member = wechat.contact('grid-3', '赵网格员');
      const room = wechat.room('room-3@chatroom', '城北网格群', [member]);

      const id = wechat.say(member, '@检网 这里有人摆摊卖过期食品', room, [wechat.botUser]);

      expect(await wechat.bot.handled.wait(id, 5_000)).toMatchObject({ outcome: 'replied' });
      expect(wechat.api.calls).toHaveLength(1);
    });
  });

  it('describes non-text messages by type and passes chat history text through', async () => {
    wechat = await startMockWechat();
    const resident = wechat.contact('resident-4');

    const image = wechat.sayRaw(resident, types.Message.Image);
    await wechat.bot.handled.wait(image, 5_000);
    const history = wechat.sayRaw(resident, types.Message.ChatHistory, '张三：他又来收保护费了');
    await wechat.bot.handled.wait(history, 5_000);
    const link = wechat.sayRaw(resident, types.Message.Url);
    await wechat.bot.handled.wait(link, 5_000);

    expect(wechat.api.calls.map((c) => [c.type, c.text])).toEqual([
      ['image', '[图片]'],
      ['chat_history', '张三：他又来收保护费了'],
      ['url', expect.stringContaining('https://mock.url')],
    ]);
  });
});
