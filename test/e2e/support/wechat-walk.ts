// The e2e walks' shared set-up: the API on a loopback port with a manual clock, mock WeChat driving the real bot,
// named contacts whose messages from the bot are collected, and the job runner for sweeps at chosen instants.

import { expect } from 'vitest';
import type { mock } from 'wechaty-puppet-mock';
import { createLogger } from '../../../api/http/logger.js';
import { type JobRunner, startJobs } from '../../../api/jobs/job-runner.js';
import { createApiClient } from '../../../bot/api-client.js';
import { abortableSleep, type BotClock } from '../../../bot/shared/bot-clock.js';
import type { FakeBotApi } from '../../bot/support/fake-bot-api.js';
import { type MockWechat, startMockWechat } from '../../bot/support/mock-wechat.js';
import { ADMIN, auth, BOT, createTestApp, type TestApp } from '../../helpers/test-app.js';

type MessageMock = ReturnType<mock.Mocker['MessageMock']['load']>;

export interface WalkOptions {
  /** The manual clock's start (keep walks before the real date, so the bot trusts this clock). */
  now: string;
  env?: Record<string, string>;
  /** WeChat ids and display names of the people in the walk; what the bot sends them is collected. */
  contacts: readonly (readonly [id: string, name: string])[];
  /** Start the job runner (schedules off: sweepAt triggers each run). */
  jobs?: boolean;
}

export interface Walk {
  t: TestApp;
  wechat: MockWechat;
  baseUrl: string;
  /** What the bot has sent this contact so far, in order. */
  received(id: string): string[];
  until(what: string, done: () => boolean, timeoutMs?: number): Promise<void>;
  /** Sends from a contact in private chat and returns the bot's reply. */
  send(from: string, text: string): Promise<string>;
  /** An admin call to the API over HTTP. */
  api(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Response>;
  // biome-ignore lint/suspicious/noExplicitAny: the API's JSON, read by the tests' assertions
  getJson(path: string): Promise<any>;
  /** One run of the scheduled deadline sweep at `instant`, as the job runner does it; resolves when it is done. */
  sweepAt(instant: string): Promise<void>;
  close(): Promise<void>;
}

export async function startWalk(options: WalkOptions): Promise<Walk> {
  const t = await createTestApp({ now: options.now, ...(options.env ? { env: options.env } : {}) });
  const baseUrl = await t.app.listen({ host: '127.0.0.1', port: 0 });
  const clock: BotClock = { now: () => t.clock.now(), sleep: abortableSleep };
  const wechat = await startMockWechat({
    api: createApiClient({ apiUrl: baseUrl, botToken: BOT }) as unknown as FakeBotApi,
    clock,
    pacing: { minGapMs: 0, jitterMs: 0, perChatGapMs: 0, maxPerMinute: 10_000 },
    outbox: { enabled: true, pollIntervalMs: 25 },
  });
  const inbox = new Map<string, string[]>();
  const received = (id: string) => inbox.get(id) ?? [];
  for (const [id, name] of options.contacts) {
    const contact = wechat.contact(id, name);
    (contact as unknown as NodeJS.EventEmitter).on('message', (message: MessageMock) => {
      if (message.talker().id === wechat.botUser.id && message.payload.listenerId === id)
        inbox.set(id, [...received(id), message.text() ?? '']);
    });
  }
  const jobs: JobRunner | null = options.jobs
    ? await startJobs({
        database: t.database,
        services: t.app.services,
        config: t.config,
        logger: createLogger({ level: 'silent' }),
        clock: t.clock,
        pollingIntervalSeconds: 0.5,
        cron: false,
      })
    : null;

  const api = (method: 'GET' | 'POST', path: string, body?: unknown) =>
    fetch(`${baseUrl}${path}`, {
      method,
      headers: { ...auth(ADMIN), ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });

  const completedSweeps = async () =>
    Number(
      (
        await t.database.executeSql(
          "select count(*)::int as n from pgboss.job where name = 'deadline-sweep' and state = 'completed'",
        )
      ).rows[0]!.n,
    );

  return {
    t,
    wechat,
    baseUrl,
    received,
    async until(what, done, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (!done()) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await abortableSleep(20);
      }
    },
    async send(from, text) {
      const id = wechat.say(wechat.mocker.ContactMock.load(from), text);
      const handled = await wechat.bot.handled.wait(id, 15_000);
      expect(handled?.outcome, text).toBe('replied');
      return (handled?.replies ?? []).join('\n');
    },
    api,
    async getJson(path) {
      const res = await api('GET', path);
      expect(res.status, path).toBe(200);
      return res.json();
    },
    async sweepAt(instant) {
      if (!jobs) throw new Error('startWalk({ jobs: true }) runs sweeps');
      t.clock.set(instant);
      const before = await completedSweeps();
      await jobs.trigger('deadline-sweep');
      const deadline = Date.now() + 30_000;
      while ((await completedSweeps()) <= before) {
        if (Date.now() > deadline) throw new Error('the sweep did not run');
        await abortableSleep(100);
      }
    },
    async close() {
      await jobs?.stop();
      await wechat.close();
      await t.close();
    },
  };
}
