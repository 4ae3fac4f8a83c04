// Pacing of outgoing WeChat messages, on a fake clock.
import { describe, expect, it } from 'vitest';
import { createSendPacer } from '../../../bot/outbox/send-pacer.js';
import { createFakeClock } from './fake-clock.js';

async function sendTimes(
  options: Parameters<typeof createSendPacer>[0],
  chats: string[],
  clock: ReturnType<typeof createFakeClock>,
) {
  const pacer = createSendPacer(options);
  const times: number[] = [];
  for (const chat of chats) {
    await pacer.acquire(chat);
    times.push(clock.ms());
  }
  return times;
}

const gaps = (times: number[]) => times.slice(1).map((t, i) => t - times[i]!);

describe('send pacer', () => {
  it('by default waits at least 3 s plus 0-2 s jitter between sends', async () => {
    const clock = createFakeClock();
    let r = 0;
    const randoms = [0, 0.5, 1, 0.25];
    const times = await sendTimes(
      { clock, random: () => randoms[r++ % randoms.length]! },
      ['a', 'b', 'c', 'd', 'e'],
      clock,
    );

    expect(times[0]).toBe(0);
    expect(gaps(times)).toEqual([3_000, 4_000, 5_000, 3_500]);
  });

  it('never exceeds the per-minute cap in any sliding minute', async () => {
    const clock = createFakeClock();
    const chats = Array.from({ length: 70 }, (_, i) => `chat-${i}`);
    const times = await sendTimes(
      { clock, pacing: { minGapMs: 0, jitterMs: 0, maxPerMinute: 30 } },
      chats,
      clock,
    );

    for (let i = 30; i < times.length; i++) expect(times[i]! - times[i - 30]!).toBeGreaterThanOrEqual(60_000);
    expect(times[29]).toBe(0);
    expect(times[30]).toBe(60_000);
  });

  it('keeps at least 1 s between two sends to the same chat', async () => {
    const clock = createFakeClock();
    const times = await sendTimes(
      { clock, pacing: { minGapMs: 0, jitterMs: 0 } },
      ['room:1', 'room:1', 'contact:2', 'room:1'],
      clock,
    );

    expect(times).toEqual([0, 1_000, 1_000, 2_000]);
  });

  it('counts unpaced direct replies toward the limits', async () => {
    const clock = createFakeClock();
    const pacer = createSendPacer({ clock, random: () => 0 });
    pacer.record('contact:1');
    await pacer.acquire('contact:2');

    expect(clock.ms()).toBe(3_000);
  });

  it('gives up waiting when aborted', async () => {
    const clock = createFakeClock();
    const pacer = createSendPacer({ clock, random: () => 0 });
    await pacer.acquire('a');
    const controller = new AbortController();
    controller.abort();

    expect(await pacer.acquire('b', controller.signal)).toBe(false);
  });
});
