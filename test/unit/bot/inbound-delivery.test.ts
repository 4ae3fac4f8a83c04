// Retrying queued inbound messages: backoff grows within its bounds, delivery happens once.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDiskQueue } from '../../../bot/delivery/disk-queue.js';
import { createInboundDelivery } from '../../../bot/delivery/inbound-delivery.js';
import { backoffDelay } from '../../../bot/shared/backoff.js';
import { createFakeBotApi } from '../../bot/support/fake-bot-api.js';
import { createFakeClock } from './fake-clock.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'jianwang-delivery-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const body = (messageId: string) => ({
  messageId,
  from: { id: 'u1', name: '张三' },
  text: '你好',
  type: 'text' as const,
  receivedAt: '2026-03-02T01:00:00.000Z',
});

describe('inbound delivery', () => {
  it('fails N times, backs off exponentially with jitter up to the max, then delivers once', async () => {
    const clock = createFakeClock();
    const api = createFakeBotApi();
    const late: string[] = [];
    const delivery = createInboundDelivery({
      api,
      queue: createDiskQueue({ dir, key: randomBytes(32) }),
      logger: pino({ level: 'silent' }),
      clock,
      backoff: { baseMs: 100, maxMs: 1_000 },
      random: () => 1,
      sayLate: async (_to, text) => {
        late.push(text);
      },
    });
    api.failNext(7);

    expect(await delivery.deliver(body('m1'), { kind: 'contact', id: 'u1' })).toEqual({ status: 'queued' });
    delivery.start();
    await delivery.drained();
    await delivery.stop();

    expect(api.calls).toHaveLength(8);
    expect(api.recorded.size).toBe(1);
    expect(clock.sleeps).toEqual([100, 200, 400, 800, 1_000, 1_000]);
    expect(late).toEqual(['已收到：2字']);
  });

  it('while retries fail, new messages go straight to disk and a replay is not queued twice', async () => {
    const clock = createFakeClock();
    const api = createFakeBotApi();
    const delivery = createInboundDelivery({
      api,
      queue: createDiskQueue({ dir, key: randomBytes(32) }),
      logger: pino({ level: 'silent' }),
      clock,
      sayLate: async () => undefined,
    });
    api.down();
    await delivery.deliver(body('m1'), { kind: 'contact', id: 'u1' });

    expect(await delivery.deliver(body('m1'), { kind: 'contact', id: 'u1' })).toEqual({
      status: 'already_queued',
    });
    expect(api.calls).toHaveLength(1);
  });

  it('jitter keeps half the delay fixed', () => {
    expect(backoffDelay(3, { baseMs: 100, maxMs: 10_000 }, () => 0)).toBe(400);
    expect(backoffDelay(3, { baseMs: 100, maxMs: 10_000 }, () => 1)).toBe(800);
    expect(backoffDelay(40, { baseMs: 100, maxMs: 10_000 }, () => 1)).toBe(10_000);
  });
});
