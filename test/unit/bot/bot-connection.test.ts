// The bot's WeChat connection: login states for /health, one readable line per problem, retries with back-off.
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { Wechaty } from 'wechaty';
import { ScanStatus } from 'wechaty';
import { createBotConnection, type GatewayPuppet } from '../../../bot/connection/bot-connection.js';
import { GatewayProblem } from '../../../bot/connection/gateway-endpoint.js';
import type { BotClock } from '../../../bot/shared/bot-clock.js';
import { captureLogs } from '../../helpers/log-capture.js';

/** A Wechaty stand-in: events, start/stop, and a puppet whose start succeeds or fails as scripted. */
function fakes() {
  const wechaty = Object.assign(new EventEmitter(), {
    isLoggedIn: false,
    starts: 0,
    stops: 0,
    async init() {},
    async start() {
      wechaty.starts++;
      await puppet.start().catch((error: Error) => wechaty.emit('error', error));
    },
    async stop() {
      wechaty.stops++;
      await puppet.stop();
    },
  });
  let active = false;
  const puppet: GatewayPuppet & { endpoints: string[]; failWith: Error | null; stops: number } = {
    endpoints: [],
    failWith: null,
    stops: 0,
    useEndpoint(endpoint) {
      puppet.endpoints.push(endpoint);
    },
    async start() {
      if (puppet.failWith) {
        wechaty.emit('error', puppet.failWith);
        throw puppet.failWith;
      }
      active = true;
    },
    async stop() {
      puppet.stops++;
      active = false;
    },
    state: { active: () => active },
  };
  let now = new Date('2026-11-30T01:00:00Z');
  const sleeps: number[] = [];
  const clock: BotClock = {
    now: () => now,
    async sleep(ms, signal) {
      sleeps.push(ms);
      now = new Date(now.getTime() + ms);
      // Let the test look between attempts.
      await new Promise((resolve) => setTimeout(resolve, 5));
      if (signal?.aborted) return;
    },
  };
  return { wechaty, puppet, clock, sleeps, advance: (ms: number) => (now = new Date(now.getTime() + ms)) };
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 400 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(check()).toBe(true);
};

describe('bot connection through a gateway', () => {
  it('retries an unreachable gateway with growing delays, says so in one line, and connects once it answers', async () => {
    const f = fakes();
    const logs = captureLogs();
    let refusals = 4;
    const connection = createBotConnection({
      wechaty: f.wechaty as unknown as Wechaty,
      logger: logs.logger,
      clock: f.clock,
      random: () => 0.5,
      gateway: { puppet: f.puppet, settings: { token: 'puppet_abc_secret', endpoint: '127.0.0.1:9' } },
      probe: async (endpoint) => {
        if (refusals-- > 0)
          throw new GatewayProblem(`WeChat gateway ${endpoint} refused the connection: check it`, 'refused');
      },
    });
    f.wechaty.on('error', (error: Error) => connection.claimsError(error));
    expect(connection.status().state).toBe('off');
    await connection.start();
    expect(connection.status()).toMatchObject({ state: 'connecting', notLoggedInSince: expect.any(Date) });
    const since = connection.status().notLoggedInSince;

    await until(() => f.wechaty.starts === 1);
    expect(f.sleeps).toHaveLength(4);
    expect(f.sleeps[1]).toBeGreaterThan(f.sleeps[0] ?? 0);
    expect(f.sleeps[3]).toBeGreaterThan(f.sleeps[2] ?? 0);
    // One error line for the cause; the repeats only at debug.
    const errors = logs.atLeast(50);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.msg).toMatch(
      /^WeChat gateway 127\.0\.0\.1:9 refused the connection: check it \(retrying in \d+ s\)$/,
    );
    expect(logs.lines.filter((l) => /refused/.test(l.msg ?? ''))).toHaveLength(4);
    expect(f.puppet.endpoints).toEqual(['127.0.0.1:9']);

    expect(connection.status()).toMatchObject({ state: 'logged_out', notLoggedInSince: since });
    f.wechaty.emit('scan', 'https://login.weixin.qq.com/l/abc', ScanStatus.Waiting);
    const scanLine = logs.lines.find((l) => /scan it/.test(l.msg ?? ''));
    expect(scanLine?.msg).toMatch(/^WeChat login needed: open https:\/\/\S+ and scan it/);
    f.wechaty.isLoggedIn = true;
    f.wechaty.emit('login', { id: 'bot' });
    expect(connection.status()).toMatchObject({ state: 'logged_in', notLoggedInSince: null });

    f.wechaty.emit('logout', { id: 'bot' });
    expect(connection.status()).toMatchObject({ state: 'logged_out', notLoggedInSince: expect.any(Date) });
    await connection.stop();
    expect(connection.status().state).toBe('off');
    expect(f.wechaty.stops).toBe(1);
  });

  it('explains a failed puppet start (plain gRPC vs TLS, refused token) and retries it without a second Wechaty start', async () => {
    const f = fakes();
    const logs = captureLogs();
    f.puppet.failWith = Object.assign(
      new Error('14 UNAVAILABLE: Connection dropped\n    at grpc internals'),
      {
        code: 14,
      },
    );
    const connection = createBotConnection({
      wechaty: f.wechaty as unknown as Wechaty,
      logger: logs.logger,
      clock: f.clock,
      gateway: { puppet: f.puppet, settings: { token: 'insecure_x', endpoint: 'gw.example:8788' } },
      probe: async () => undefined,
    });
    f.wechaty.on('error', (error: Error) => connection.claimsError(error));
    await connection.start();
    await until(() => f.sleeps.length >= 1);
    const line = logs.atLeast(50)[0]?.msg ?? '';
    expect(line).toContain('WeChat gateway gw.example:8788 does not speak gRPC as configured');
    expect(line).toContain('WECHATY_PUPPET_SERVICE_NO_TLS');
    expect(line).not.toContain('grpc internals');

    f.puppet.failWith = new Error('16 UNAUTHENTICATED: Invalid Wechaty TOKEN "insecure_x"');
    await until(() => logs.atLeast(50).length === 2);
    expect(logs.atLeast(50)[1]?.msg).toMatch(/refused the token: check WECHATY_PUPPET_SERVICE_TOKEN/);

    f.puppet.failWith = null;
    await until(() => connection.status().state === 'logged_out');
    expect(f.wechaty.starts).toBe(1);

    // A dropped link after connecting is noticed and reconnected.
    expect(
      connection.claimsError(Object.assign(new Error('14 UNAVAILABLE: read ECONNRESET'), { code: 14 })),
    ).toBe(true);
    await until(() => logs.lines.some((l) => /lost the WeChat gateway gw\.example:8788/.test(l.msg ?? '')));
    await until(() => f.puppet.stops >= 1 && f.puppet.state.active() === true);
    expect(connection.claimsError(new Error('something else'))).toBe(false);
    await connection.stop();
  });
});

describe('bot connection on the mock puppet', () => {
  it('starts Wechaty at once and follows its login', async () => {
    const f = fakes();
    const connection = createBotConnection({
      wechaty: f.wechaty as unknown as Wechaty,
      logger: captureLogs().logger,
      clock: f.clock,
    });
    await connection.start();
    expect(f.wechaty.starts).toBe(1);
    expect(connection.status().state).toBe('logged_out');
    f.wechaty.isLoggedIn = true;
    f.wechaty.emit('login', { id: 'bot' });
    expect(connection.status().state).toBe('logged_in');
    await connection.stop();
    expect(connection.status()).toMatchObject({ state: 'off', notLoggedInSince: null });
  });
});
