// Keeps the bot connected to WeChat: its login state for /health, and for a gateway, retries with back-off.
import type { Logger } from 'pino';
import { qrcodeValueToImageUrl, ScanStatus, type Wechaty } from 'wechaty';
import { type BackoffOptions, backoffDelay } from '../shared/backoff.js';
import type { BotClock } from '../shared/bot-clock.js';
import { GatewayProblem, probeGateway, resolveGatewayEndpoint, splitEndpoint } from './gateway-endpoint.js';

export type BotState = 'logged_in' | 'connecting' | 'logged_out' | 'off';

export interface BotStatus {
  state: BotState;
  /** When the bot entered this state. */
  since: Date;
  /** Since when the bot has been running without being logged in; null while logged in or off. */
  notLoggedInSince: Date | null;
}

/** The wechaty-puppet-service puppet as the connection needs it: told its gateway before each start. */
export interface GatewayPuppet {
  useEndpoint(endpoint: string): void;
  start(): Promise<void>;
  stop(): Promise<void>;
  state: { active(): boolean | 'pending' };
}

export interface GatewaySettings {
  token: string;
  endpoint?: string | undefined;
  authority?: string | undefined;
}

export interface BotConnectionOptions {
  wechaty: Wechaty;
  logger: Logger;
  clock: BotClock;
  /** Present for real WeChat through a gateway; absent for the mock puppet, which connects at once. */
  gateway?: { puppet: GatewayPuppet; settings: GatewaySettings } | undefined;
  backoff?: BackoffOptions;
  random?: () => number;
  /** Longest wait for the puppet to start against a reachable gateway. */
  startTimeoutMs?: number;
  /** The gateway check and token look-up, replaced in tests. */
  resolveEndpoint?: (settings: GatewaySettings) => Promise<string>;
  probe?: (endpoint: string) => Promise<void>;
}

export interface BotConnection {
  status(): BotStatus;
  /** Starts connecting; with a gateway, returns at once and keeps trying in the background. */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Called with each Wechaty error: true when it was the connection's to report (not to be logged again). */
  claimsError(error: Error): boolean;
}

const GATEWAY_BACKOFF: BackoffOptions = { baseMs: 2_000, maxMs: 5 * 60_000 };

export function createBotConnection(options: BotConnectionOptions): BotConnection {
  const { wechaty, logger, clock, gateway } = options;
  const backoff = options.backoff ?? GATEWAY_BACKOFF;
  const startTimeoutMs = options.startTimeoutMs ?? 30_000;
  const resolveEndpoint = options.resolveEndpoint ?? ((settings) => resolveGatewayEndpoint(settings));
  const probe =
    options.probe ?? ((endpoint) => (isHostPort(endpoint) ? probeGateway(endpoint) : Promise.resolve()));
  let status: BotStatus = { state: 'off', since: clock.now(), notLoggedInSince: null };
  let lifetime: AbortController | null = null;
  let loop: Promise<void> | null = null;
  let wechatyStarted = false;
  /** While the puppet starts, its errors are collected to say why it failed. */
  let startErrors: Error[] | null = null;
  let lostConnection: (() => void) | null = null;

  function enter(state: BotState) {
    if (status.state === state) return;
    const now = clock.now();
    const running = state === 'connecting' || state === 'logged_out';
    status = {
      state,
      since: now,
      notLoggedInSince: running ? (status.notLoggedInSince ?? now) : null,
    };
  }

  wechaty.on('login', () => enter('logged_in'));
  wechaty.on('logout', () => {
    if (status.state !== 'off') enter('logged_out');
  });
  wechaty.on('scan', (qrcode, scanStatus) => {
    if (status.state !== 'off') enter('logged_out');
    if (qrcode && (scanStatus === ScanStatus.Waiting || scanStatus === ScanStatus.Timeout)) {
      // The link alone in the message, so it can be copied from any log viewer.
      logger.warn(
        `WeChat login needed: open ${qrcodeValueToImageUrl(qrcode)} and scan it with the bot's WeChat`,
      );
    } else if (scanStatus === ScanStatus.Scanned) {
      logger.info('QR code scanned: confirm the login on the phone');
    }
  });

  let lastProblem: string | null = null;
  function report(problem: GatewayProblem, retryMs: number) {
    const line = `${problem.message} (retrying in ${Math.max(1, Math.round(retryMs / 1000))} s)`;
    // The same cause again is not news: one line when it starts, the repeats at debug.
    if (problem.code === lastProblem) logger.debug(line);
    else logger.error(line);
    lastProblem = problem.code;
  }

  async function startPuppet(puppet: GatewayPuppet, endpoint: string): Promise<void> {
    startErrors = [];
    try {
      const errors = startErrors;
      // Wechaty's start reports a failed puppet as an error event; the puppet's own start throws it.
      const starting = (wechatyStarted ? puppet.start() : wechaty.start()).catch((error: unknown) => {
        if (error instanceof Error) errors.push(error);
      });
      wechatyStarted = true;
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), startTimeoutMs);
      });
      const outcome = await Promise.race([starting.then(() => 'done' as const), timedOut]).finally(() =>
        clearTimeout(timer),
      );
      if (outcome === 'timeout' || puppet.state.active() !== true) {
        const cause = errors.map(grpcSummary).find(Boolean);
        await puppet.stop().catch(() => undefined);
        throw gatewayStartProblem(endpoint, outcome === 'timeout' ? 'timeout' : cause);
      }
    } finally {
      startErrors = null;
    }
  }

  async function keepConnected(puppet: GatewayPuppet, settings: GatewaySettings, signal: AbortSignal) {
    let attempt = 0;
    while (!signal.aborted) {
      enter('connecting');
      try {
        const endpoint = await resolveEndpoint(settings);
        await probe(endpoint);
        if (signal.aborted) return;
        puppet.useEndpoint(endpoint);
        await startPuppet(puppet, endpoint);
        attempt = 0;
        lastProblem = null;
        logger.info({ endpoint }, 'connected to the WeChat gateway');
        if (!wechaty.isLoggedIn) enter('logged_out');
        await new Promise<void>((resolve) => {
          lostConnection = resolve;
          signal.addEventListener('abort', () => resolve(), { once: true });
        });
        lostConnection = null;
        if (signal.aborted) return;
        logger.error(`lost the WeChat gateway ${endpoint}: reconnecting`);
        await puppet.stop().catch(() => undefined);
      } catch (error) {
        if (signal.aborted) return;
        const problem =
          error instanceof GatewayProblem
            ? error
            : new GatewayProblem(`WeChat connection failed: ${grpcSummary(error) ?? String(error)}`, 'other');
        const delay = backoffDelay(attempt++, backoff, options.random);
        report(problem, delay);
        await clock.sleep(delay, signal);
      }
    }
  }

  return {
    status: () => ({ ...status }),
    claimsError(error) {
      if (startErrors) {
        startErrors.push(error);
        return true;
      }
      if (lostConnection && isConnectionLoss(error)) {
        lostConnection();
        return true;
      }
      return false;
    },
    async start() {
      lifetime = new AbortController();
      enter('connecting');
      if (!gateway) {
        await wechaty.start();
        wechatyStarted = true;
        if (status.state === 'connecting') enter(wechaty.isLoggedIn ? 'logged_in' : 'logged_out');
        return;
      }
      // Wechaty takes its puppet now (asking it anything before would fail), and starts it once the gateway answers.
      await wechaty.init();
      loop = keepConnected(gateway.puppet, gateway.settings, lifetime.signal);
    },
    async stop() {
      lifetime?.abort();
      await loop;
      loop = null;
      if (wechatyStarted) await wechaty.stop();
      wechatyStarted = false;
      enter('off');
    },
  };
}

function isHostPort(endpoint: string): boolean {
  try {
    splitEndpoint(endpoint);
    return true;
  } catch {
    return false;
  }
}

/** gRPC's status code and details, without its stack: "14 UNAVAILABLE: No connection established". */
function grpcSummary(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const firstLine = error.message.split('\n')[0]?.trim();
  return firstLine || undefined;
}

/** The gateway's event stream ended (the gateway stopped: 1 CANCELLED) or broke, or the puppet's watchdog gave up. */
function isConnectionLoss(error: Error): boolean {
  const code = (error as { code?: unknown }).code;
  return (
    code === 14 ||
    code === 1 ||
    /\b(14 UNAVAILABLE|1 CANCELLED)\b|Connection dropped|ECONNRESET|WatchdogAgent reset/.test(error.message)
  );
}

function gatewayStartProblem(endpoint: string, cause: string | undefined): GatewayProblem {
  if (cause === 'timeout')
    return new GatewayProblem(
      `WeChat gateway ${endpoint} accepts connections but its puppet service did not start: check that it is a wechaty-puppet-service gateway and WECHATY_PUPPET_SERVICE_NO_TLS`,
      'start_timeout',
    );
  if (cause && /\b16 UNAUTHENTICATED\b|Invalid Wechaty TOKEN/i.test(cause))
    return new GatewayProblem(
      `WeChat gateway ${endpoint} refused the token: check WECHATY_PUPPET_SERVICE_TOKEN`,
      'token_refused',
    );
  if (cause && /\b14 UNAVAILABLE\b/.test(cause))
    return new GatewayProblem(
      `WeChat gateway ${endpoint} does not speak gRPC as configured (${cause}): check WECHATY_PUPPET_SERVICE_NO_TLS (true for a plain-gRPC gateway) and the endpoint`,
      'start_unavailable',
    );
  return new GatewayProblem(
    `WeChat gateway ${endpoint} did not start the bot (${cause ?? 'no reason given'}): check the gateway and WECHATY_PUPPET_SERVICE_TOKEN`,
    'start_failed',
  );
}
