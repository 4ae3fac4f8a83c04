// A message received while the API is down waits on disk and is delivered exactly once when it is back.
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDiskQueue } from '../../bot/delivery/disk-queue.js';
import { createFakeBotApi } from './support/fake-bot-api.js';
import { type MockWechat, startMockWechat, TEST_QUEUE_KEY } from './support/mock-wechat.js';

let wechat: MockWechat | undefined;
afterEach(async () => {
  await wechat?.close();
  wechat = undefined;
});

const queued = async (dir: string) => (await readdir(dir)).filter((name) => name.endsWith('.json'));

describe('inbound messages while the API is unavailable', () => {
  it('keeps the message on disk, then delivers it once and says the reply late', async () => {
    wechat = await startMockWechat();
    wechat.api.down();
    const resident = wechat.contact('resident-q1', '陈女士');

    const id = wechat.say(resident, '我想申请司法救助');
    expect(await wechat.bot.handled.wait(id, 5_000)).toMatchObject({ outcome: 'queued', replies: [] });
    expect(await queued(wechat.queueDir)).toHaveLength(1);
    expect(wechat.said).toEqual([]);

    wechat.api.up();
    await wechat.bot.delivery.drained();

    expect(wechat.api.recorded.size).toBe(1);
    expect(wechat.api.recorded.get(id)).toMatchObject({
      messageId: id,
      text: '我想申请司法救助',
    });
    expect(wechat.said).toEqual([{ to: 'resident-q1', text: '已收到：8字' }]);
    expect(await queued(wechat.queueDir)).toEqual([]);
  });

  it('retries with backoff when the API fails a few times, then delivers', async () => {
    wechat = await startMockWechat();
    wechat.api.failNext(4);
    const id = wechat.say(wechat.contact('resident-q2'), '邻居占用消防通道');
    await wechat.bot.handled.wait(id, 5_000);

    await wechat.bot.delivery.drained();

    expect(wechat.api.calls.length).toBe(5);
    expect(wechat.api.recorded.size).toBe(1);
    expect(wechat.said).toHaveLength(1);
  });

  it('does not duplicate a message replayed (same WeChat id) while it is queued', async () => {
    wechat = await startMockWechat();
    wechat.api.down();
    const id = wechat.say(wechat.contact('resident-q3'), '有人在河边倾倒垃圾');
    await wechat.bot.handled.wait(id, 5_000);
    const callsWhileDown = wechat.api.calls.length;

    // What the puppet does after a re-login: the same message id arrives again.
    const replayed = wechat.bot.handled.next(id, 5_000);
    wechat.mocker.puppet.emit('message', { messageId: id });
    expect(await replayed).toMatchObject({ messageId: id, outcome: 'queued' });
    expect(wechat.api.calls.length).toBe(callsWhileDown);
    expect(await queued(wechat.queueDir)).toHaveLength(1);

    wechat.api.up();
    await wechat.bot.delivery.drained();
    expect(wechat.api.recorded.size).toBe(1);
    expect(wechat.said).toHaveLength(1);
  });

  it('apologises and keeps nothing when the API refuses the message (4xx)', async () => {
    wechat = await startMockWechat();
    wechat.api.failNext(1, 'permanent');
    const id = wechat.say(wechat.contact('resident-q4'), '你好');

    const event = await wechat.bot.handled.wait(id, 5_000);

    expect(event?.outcome).toBe('rejected');
    expect(event?.replies[0]).toContain('抱歉');
    expect(wechat.said).toEqual([{ to: 'resident-q4', text: expect.stringContaining('抱歉') }]);
    expect(await queued(wechat.queueDir)).toEqual([]);
  });

  it('on start, retries messages left on disk by a previous run', async () => {
    const api = createFakeBotApi();
    const queueDir = await mkdtemp(join(tmpdir(), 'jianwang-leftover-'));
    await createDiskQueue({ dir: queueDir, key: TEST_QUEUE_KEY }).put({
      body: {
        messageId: 'left-over-1',
        from: { id: 'resident-q5', name: '刘先生' },
        text: '上次没发出去的消息',
        type: 'text',
        receivedAt: '2026-03-01T10:00:00.000+08:00',
      },
      replyTo: { kind: 'contact', id: 'resident-q5' },
      queuedAt: '2026-03-01T02:00:00.000Z',
    });

    wechat = await startMockWechat({ api, queueDir });
    await wechat.bot.delivery.drained();

    expect(api.recorded.get('left-over-1')).toMatchObject({ text: '上次没发出去的消息' });
    expect(await queued(queueDir)).toEqual([]);
  });
});
