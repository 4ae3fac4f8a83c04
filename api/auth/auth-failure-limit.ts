// Failed authentications per client address: after too many in a minute the address is refused (429) until the minute is over.
import type { Clock } from '../clock.js';

const WINDOW_MS = 60_000;

export interface AuthFailureLimit {
  /** Seconds until `address` may try again; 0 when it may now. */
  blockedFor(address: string): number;
  /** Counts one refused token from `address`. */
  fail(address: string): void;
}

export function createAuthFailureLimit(deps: {
  clock: Clock;
  maxPerMinute: number;
  /** Addresses remembered at most; the oldest windows are forgotten first, so a spray of addresses cannot fill memory. */
  maxAddresses?: number;
}): AuthFailureLimit {
  const maxAddresses = deps.maxAddresses ?? 10_000;
  const windows = new Map<string, { count: number; resetAt: number }>();

  const current = (address: string, now: number) => {
    const window = windows.get(address);
    if (window && window.resetAt <= now) {
      windows.delete(address);
      return undefined;
    }
    return window;
  };

  return {
    blockedFor(address) {
      const now = deps.clock.now().getTime();
      const window = current(address, now);
      return window && window.count >= deps.maxPerMinute ? Math.ceil((window.resetAt - now) / 1000) : 0;
    },
    fail(address) {
      const now = deps.clock.now().getTime();
      const window = current(address, now);
      if (window) {
        window.count += 1;
        return;
      }
      if (windows.size >= maxAddresses) {
        for (const [key, w] of windows) if (w.resetAt <= now) windows.delete(key);
        const oldest = windows.keys().next();
        if (windows.size >= maxAddresses && !oldest.done) windows.delete(oldest.value);
      }
      windows.set(address, { count: 1, resetAt: now + WINDOW_MS });
    },
  };
}
