// The outbox pump: leases, sends at pace, marks sent or failed, polls when empty, stops cleanly.
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { OutboxItem } from '../../../bot/api-client.js';
import { createOutboxPump } from '../../../bot/outbox/outbox-pump.js';
import { createSendPacer } from '../../../bot/outbox/send-pacer.js';
import type { ChatTarget } from '../../../bot/outbox/wechat-sender.js';
import { createFakeBotApi } from '../../bot/support/fake-bot-api.js';
import { createFakeClock } from './fake-clock.js';

const item = (id: string, kind: 'contact' | 'room', to: string, text = `提醒 ${id}`): OutboxItem => ({
  id,
  to: { kind, id: to },
  text,
  attempts: 0,
});

function setup(sendImpl?: (to: ChatTarget, text: string) => Promise<void>) {
  const clock = createFakeClock();
  const api = createFakeBotApi();
  const sent: { to: ChatTarget; text: string; at: number }[] = [];
  const pump = createOutboxPump({
    api,
    clock,
    logger: pino({ level: 'silent' }),
    pacer: createSendPacer({ clock, random: () => 0 }),
    send: async (to, text) => {
      if (sendImpl) await sendImpl(to, text);
      sent.push({ to, text, at: clock.ms() });
    },
    pollIntervalMs: 1_000,
    batchSize: 3,
  });
  return { clock, api, sent, pump };
}

describe('outbox pump', () => {
  it('sends leased items at the pace and marks each sent', async () => {
    const { api, sent, pump } = setup();
    api.outbox.push(
      item('o1', 'contact', 'p1'),
      item('o2', 'room', 'r1@chatroom'),
      item('o3', 'contact', 'p2'),
    );

    expect(await pump.runOnce()).toBe(3);

    expect(sent.map((s) => [s.to.id, s.at])).toEqual([
      ['p1', 0],
      ['r1@chatroom', 3_000],
      ['p2', 6_000],
    ]);
    expect(api.sent).toEqual(['o1', 'o2', 'o3']);
    expect(api.leases).toEqual([3]);
  });

  it('marks an item failed when sending throws, and goes on with the rest', async () => {
    const { api, pump } = setup(async (to) => {
      if (to.id === 'gone') throw new Error('contact gone not found');
    });
    api.outbox.push(item('o1', 'contact', 'gone'), item('o2', 'contact', 'p2'));

    await pump.runOnce();

    expect(api.failed).toEqual([{ id: 'o1', error: 'contact gone not found' }]);
    expect(api.sent).toEqual(['o2']);
  });

  it('polls at the interval while the outbox is empty and stops cleanly', async () => {
    const { api, clock, sent, pump } = setup();
    pump.start();
    while (api.leases.length < 3) await new Promise((resolve) => setImmediate(resolve));
    api.outbox.push(item('late', 'contact', 'p9'));
    while (sent.length < 1) await new Promise((resolve) => setImmediate(resolve));
    await pump.stop();

    expect(clock.sleeps.slice(0, 2)).toEqual([1_000, 1_000]);
    expect(api.sent).toEqual(['late']);
  });

  it('leaves items unsent (still leased, they return) when stopped while pacing', async () => {
    const clock = createFakeClock();
    const api = createFakeBotApi();
    const controller = new AbortController();
    const sent: string[] = [];
    const pump = createOutboxPump({
      api,
      clock,
      logger: pino({ level: 'silent' }),
      pacer: createSendPacer({ clock, random: () => 0 }),
      send: async (_to, text) => {
        sent.push(text);
        controller.abort();
      },
    });
    api.outbox.push(item('o1', 'contact', 'p1'), item('o2', 'contact', 'p2'));

    await pump.runOnce(controller.signal);

    expect(sent).toHaveLength(1);
    expect(api.sent).toEqual(['o1']);
  });
});
