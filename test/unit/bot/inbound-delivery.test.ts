// Retrying queued inbound messages: backoff grows within its bounds, delivery happens once.
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiRequestError } from '../../../bot/api-client.js';
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

  it("keeps a message's file on disk (encrypted) while the API is down, and uploads it before the message", async () => {
    const clock = createFakeClock();
    const api = createFakeBotApi();
    const delivery = createInboundDelivery({
      api,
      queue: createDiskQueue({ dir, key: randomBytes(32) }),
      logger: pino({ level: 'silent' }),
      clock,
      backoff: { baseMs: 10, maxMs: 10 },
      sayLate: async () => {},
    });
    const photo = Buffer.concat([Buffer.from('\x89PNG'), randomBytes(4000)]);
    api.down();
    const outcome = await delivery.deliver(
      { ...body('m-photo'), type: 'image', text: '[图片]' },
      { kind: 'contact', id: 'u1' },
      { name: 'a.png', mimeType: 'image/png', chunks: [photo.subarray(0, 1000), photo.subarray(1000)] },
    );
    expect(outcome).toEqual({ status: 'queued' });
    expect(api.recorded.size).toBe(0);
    // What waits on disk does not show the photo's bytes.
    for (const name of await readdir(dir))
      expect((await readFile(join(dir, name))).includes(photo.subarray(100, 200))).toBe(false);

    api.up();
    delivery.start();
    await delivery.drained();
    await delivery.stop();
    expect(api.uploads.get('m-photo')?.bytes.equals(photo)).toBe(true);
    expect(api.recorded.get('m-photo')).toMatchObject({ type: 'image' });
    expect(api.recorded.get('m-photo')?.attachmentProblem).toBeUndefined();
  });

  it('drained() returns even when the queue empties while it is still reading the list', async () => {
    const api = createFakeBotApi();
    const disk = createDiskQueue({ dir, key: randomBytes(32) });
    // drained()'s own read of the list answers late, after the loop has emptied the queue and parked.
    let holdNextList = false;
    let release: () => void = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const queue = {
      ...disk,
      async list() {
        // Which read is held is decided as it begins (drained()'s, begun before the loop starts): deciding once
        // the files were read held the loop's read instead whenever it finished first, and nothing released it.
        const hold = holdNextList;
        holdNextList = false;
        const entries = await disk.list();
        if (entries.length === 0) setImmediate(release);
        if (hold) await released;
        return entries;
      },
    };
    const delivery = createInboundDelivery({
      api,
      queue,
      logger: pino({ level: 'silent' }),
      clock: createFakeClock(),
      sayLate: async () => {},
    });
    api.down();
    await delivery.deliver(body('m-race'), { kind: 'contact', id: 'u1' });
    api.up();

    holdNextList = true;
    const drained = delivery.drained().then(() => 'drained');
    delivery.start();
    const outcome = await Promise.race([
      drained,
      new Promise((resolve) => setTimeout(() => resolve('still waiting'), 2_000)),
    ]);
    await delivery.stop();

    expect(api.recorded.has('m-race')).toBe(true);
    expect(outcome).toBe('drained');
  });

  it('drained() is not answered by a read of the queue begun before a message was queued', async () => {
    const api = createFakeBotApi();
    const disk = createDiskQueue({ dir, key: randomBytes(32) });
    // The loop's read that finds the queue empty is held until a second message has been queued.
    let holdEmpty = false;
    let loopHeld: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      loopHeld = resolve;
    });
    let release: () => void = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const queue = {
      ...disk,
      async list() {
        const entries = await disk.list();
        if (holdEmpty && entries.length === 0) {
          holdEmpty = false;
          loopHeld();
          await released;
        }
        return entries;
      },
    };
    const delivery = createInboundDelivery({
      api,
      queue,
      logger: pino({ level: 'silent' }),
      clock: createFakeClock(),
      sayLate: async () => {},
    });
    const to = { kind: 'contact' as const, id: 'u1' };
    api.down();
    await delivery.deliver(body('m-first'), to);
    api.up();
    holdEmpty = true;
    delivery.start();
    await held;

    api.down();
    expect(await delivery.deliver(body('m-second'), to)).toEqual({ status: 'queued' });
    let settled = false;
    const drained = delivery.drained().then(() => {
      settled = true;
    });
    release();
    // The loop goes on to retry m-second: by then it has acted on its stale, empty read.
    const attempts = () => api.calls.filter((call) => call.messageId === 'm-second').length;
    while (attempts() < 2) await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);

    api.up();
    await drained;
    await delivery.stop();
    expect(api.recorded.has('m-second')).toBe(true);
  });

  it('posts a message once when its replay arrives while the first delivery is still checking the disk', async () => {
    const api = createFakeBotApi();
    const delivery = createInboundDelivery({
      api,
      queue: createDiskQueue({ dir, key: randomBytes(32) }),
      logger: pino({ level: 'silent' }),
      clock: createFakeClock(),
      sayLate: async () => {},
    });
    const to = { kind: 'contact' as const, id: 'u1' };
    // Not awaited in between: the replay comes while the first is reading whether the message waits on disk.
    const [first, replay] = await Promise.all([
      delivery.deliver(body('m-twice'), to),
      delivery.deliver(body('m-twice'), to),
    ]);

    expect(api.calls.filter((call) => call.messageId === 'm-twice')).toHaveLength(1);
    expect(first).toMatchObject({ status: 'delivered', result: { duplicate: false } });
    expect(replay).toEqual({ status: 'already_queued' });
  });

  it('posts the message saying why when the API refuses the file itself', async () => {
    const api = createFakeBotApi();
    api.uploadAttachment = async () => {
      throw new ApiRequestError('HTTP 415', false, 415, 'attachment_type_not_allowed');
    };
    const delivery = createInboundDelivery({
      api,
      queue: createDiskQueue({ dir, key: randomBytes(32) }),
      logger: pino({ level: 'silent' }),
      clock: createFakeClock(),
      sayLate: async () => {},
    });
    const outcome = await delivery.deliver(
      { ...body('m-exe'), type: 'file', text: '[文件]' },
      { kind: 'contact', id: 'u1' },
      { name: 'a.pdf', mimeType: 'application/pdf', chunks: [Buffer.from('MZ')] },
    );
    expect(outcome.status).toBe('delivered');
    expect(api.recorded.get('m-exe')).toMatchObject({ attachmentProblem: 'type_not_allowed' });
  });
});
