// A clock whose sleep advances time at once, recording each wait, so pacing tests take no real time.
import type { BotClock } from '../../../bot/shared/bot-clock.js';

export interface FakeClock extends BotClock {
  ms(): number;
  sleeps: number[];
}

export function createFakeClock(startMs = 0): FakeClock {
  let now = startMs;
  const sleeps: number[] = [];
  return {
    sleeps,
    ms: () => now - startMs,
    now: () => new Date(now),
    async sleep(ms, signal) {
      if (signal?.aborted) return;
      sleeps.push(ms);
      now += Math.max(0, ms);
      // A macrotask turn, so a polling loop on this clock cannot starve the test that drives it.
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
}
