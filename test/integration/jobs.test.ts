// The job runner on pg-boss: installs on the test database, schedules the work, runs the sweep, drains on stop.
import { like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../api/http/logger.js';
import { everyMinutesCron, type JobServices, startJobs } from '../../api/jobs/job-runner.js';
import { outbox } from '../../db/schema/index.js';
import { captureLogs } from '../helpers/log-capture.js';
import { seedCase } from '../helpers/sweep-fixtures.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
let caseNo: string;
const logger = createLogger({ level: 'silent' });

beforeAll(async () => {
  t = await createTestApp({ now: '2026-11-02T10:00:00+08:00', env: { SWEEP_INTERVAL_MINUTES: '10' } });
  caseNo = (await seedCase(t.app.services, t.database.db, { receivedAt: '2026-11-02T10:00:00+08:00' }))
    .caseNo;
  t.clock.set('2026-11-12T09:00:00+08:00');
}, 120_000);
afterAll(async () => {
  await t?.close();
});

async function until<T>(probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('job runner', () => {
  it('installs pg-boss, schedules sweep, digest and purge, and runs a triggered sweep', async () => {
    const logs = captureLogs('debug');
    const jobs = await startJobs({
      ...common(),
      logger: logs.logger,
      services: t.app.services,
      pollingIntervalSeconds: 0.5,
    });
    try {
      const schedules = await t.database.executeSql(
        'select name, cron, timezone from pgboss.schedule order by name',
      );
      expect(schedules.rows).toEqual([
        { name: 'deadline-sweep', cron: '*/10 * * * *', timezone: 'UTC' },
        { name: 'message-retention', cron: '30 3 * * *', timezone: 'Asia/Shanghai' },
        { name: 'morning-digest', cron: '*/5 * * * *', timezone: 'UTC' },
      ]);
      expect(await jobs.trigger('deadline-sweep')).toEqual(expect.any(String));
      const rows = await until(async () => {
        const found = await t.database.db
          .select()
          .from(outbox)
          .where(like(outbox.dedupeKey, `reminder:${caseNo}:%`));
        return found.length > 0 ? found : undefined;
      });
      expect(rows.map((r) => r.purpose)).toEqual(['reminder_overdue']);
      // A run that queued something is news (info); the next one, with nothing left to do, is routine (debug).
      const done = () => logs.lines.filter((l) => l.msg === 'job done' && l.job === 'deadline-sweep');
      await until(async () => (done().length === 1 ? true : undefined));
      expect(done()[0]).toMatchObject({ level: 30, queued: 1 });
      await jobs.trigger('deadline-sweep');
      await until(async () => (done().length === 2 ? true : undefined));
      expect(done()[1]).toMatchObject({ level: 20, queued: 0 });
    } finally {
      await jobs.stop();
    }
  }, 90_000);

  it('lets a running job finish before stop() resolves', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const events: string[] = [];
    const services: JobServices = {
      ...t.app.services,
      sweep: {
        sweep: async (now) => {
          events.push('sweep started');
          await gate;
          const result = await t.app.services.sweep.sweep(now);
          events.push('sweep finished');
          return result;
        },
      },
    };
    const jobs = await startJobs({ ...common(), services, pollingIntervalSeconds: 0.5 });
    await jobs.trigger('deadline-sweep');
    await until(async () => (events.includes('sweep started') ? true : undefined));
    const stopped = jobs.stop().then(() => events.push('stopped'));
    await new Promise((r) => setTimeout(r, 1500));
    expect(events).toEqual(['sweep started']);
    release();
    await stopped;
    expect(events).toEqual(['sweep started', 'sweep finished', 'stopped']);
    const failed = await t.database.executeSql(
      "select count(*)::int as n from pgboss.job where name = 'deadline-sweep' and state = 'failed'",
    );
    expect(failed.rows[0]).toEqual({ n: 0 });
  }, 90_000);

  it('refuses a sweep interval a cron expression cannot express', () => {
    expect(everyMinutesCron(5)).toBe('*/5 * * * *');
    expect(everyMinutesCron(60)).toBe('0 * * * *');
    expect(() => everyMinutesCron(0)).toThrow(RangeError);
    expect(() => everyMinutesCron(90)).toThrow(RangeError);
  });
});

function common() {
  // The runs here are triggered: a schedule firing by the wall clock (a sweep every :X0) would add its own.
  return { database: t.database, config: t.config, logger, clock: t.clock, cron: false };
}
