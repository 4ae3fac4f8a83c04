// A fresh development start fills the console's dashboard from demo cases (GL-<year>-900001…); DEMO_DATA=off and test starts leave it empty; demo:clear removes them.
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../api/clock.js';
import { loadConfig } from '../../api/config/config.js';
import { createLogger } from '../../api/http/logger.js';
import { shanghaiYear } from '../../api/http/time-format.js';
import { type RunningApi, startApiServer } from '../../api/server.js';
import { DEMO_GROUP_CODES, DEMO_TOTAL } from '../../db/seed/demo-cases.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';

const ADMIN = 'demo-test-admin-token-0123456789';
const logger = createLogger({ level: 'silent' });
let running: RunningApi | undefined;
let database: TestDatabase | undefined;

/** A first start on an empty database, as npm start does it (registry seeded, then demo cases if enabled). */
async function freshStart(env: Record<string, string>): Promise<RunningApi> {
  // On Postgres a database of its own (opened here only to create it); on PGlite an in-memory one.
  if (process.env.DATABASE_URL) database = await createTestDatabase();
  const config = loadConfig({
    NODE_ENV: 'development',
    ADMIN_TOKEN: ADMIN,
    BOT_TOKEN: 'demo-test-bot-token-0123456789',
    DATA_DIR: 'memory',
    DATABASE_URL: database?.url ?? '',
    PORT: '0',
    COMPONENTS: 'api',
    ...env,
  });
  running = await startApiServer({ config, logger, clock: systemClock });
  return running;
}

async function get(api: RunningApi, url: string) {
  const response = await api.app.inject({
    method: 'GET',
    url,
    headers: { authorization: `Bearer ${ADMIN}` },
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

afterEach(async () => {
  await running?.close();
  await database?.close();
  running = undefined;
  database = undefined;
});

describe('demo data on a fresh start', () => {
  it('fills the dashboard: intake, on-time rates, categories, streets, satisfaction, aid; cases open with a timeline', async () => {
    const api = await freshStart({});
    expect(await get(api, '/v1/demo')).toEqual({ cases: DEMO_TOTAL });

    const d = await get(api, '/v1/stats/dashboard');
    const intake = d.intakeByDay.reduce((s: number, day: { total: number }) => s + day.total, 0);
    expect(intake).toBeGreaterThan(20);
    expect(d.open).toBeGreaterThan(0);
    expect(d.overdue).toBeGreaterThan(0);
    const rated = d.onTimeByMonth.filter(
      (m: { proceduralOnTimePct: number | null }) => m.proceduralOnTimePct !== null,
    );
    expect(rated.length).toBeGreaterThanOrEqual(3);
    // Mostly on time, but not all: the chart has something to show.
    for (const m of rated) expect(m.proceduralOnTimePct).toBeGreaterThan(50);
    expect(rated.some((m: { proceduralOnTimePct: number }) => m.proceduralOnTimePct < 100)).toBe(true);
    expect(
      d.onTimeByMonth.some((m: { substantiveOnTimePct: number | null }) => m.substantiveOnTimePct !== null),
    ).toBe(true);
    expect(d.byCategory.length).toBeGreaterThanOrEqual(5);
    expect(d.byCategory.every((c: { category: string | null }) => c.category !== null)).toBe(true);
    expect(d.byStreet.length).toBeGreaterThanOrEqual(6);
    expect(d.byStreet.some((s: { name: string }) => s.name === '(未定位)')).toBe(false);
    // Not in GRP-03's streets (南街、安泰), which the README's demo uses.
    expect(d.byStreet.map((s: { name: string }) => s.name)).not.toContain('南街街道');
    expect(d.byCommunity.length).toBeGreaterThan(10);
    expect(d.satisfaction.answered).toBeGreaterThan(10);
    expect(d.aid.applied).toBeGreaterThan(0);
    expect(d.aid.grantedYuan).toBeGreaterThan(0);
    // GET /v1/stats counts the same grants through the demo cases' aid applications.
    const aidStats = await get(api, '/v1/stats?from=2020-01-01&to=2029-12-31');
    expect(aidStats.aid.grantedYuan).toBe(d.aid.grantedYuan);
    expect(aidStats.aid.grantedCount).toBe(d.aid.granted);

    // 检调对接: some disputes went to mediation, most agreed, some with an amount.
    const to = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const from = new Date(Date.now() + 8 * 3_600_000 - 119 * 86_400_000).toISOString().slice(0, 10);
    const stats = await get(api, `/v1/stats?from=${from}&to=${to}`);
    expect(stats.mediation.cases).toBeGreaterThan(5);
    expect(stats.mediation.agreedCount).toBeGreaterThan(0);
    expect(stats.mediation.agreedCount).toBeLessThan(stats.mediation.cases);
    expect(stats.mediation.agreedYuan).toBeGreaterThan(0);

    const mediated = await api.database.executeSql(
      `select c.case_no from mediations m join cases c on c.id = m.case_id where m.state = 'signed_off' limit 1`,
    );
    const withMediation = await get(api, `/v1/cases/${(mediated.rows[0] as { case_no: string }).case_no}`);
    expect(withMediation.events.map((e: { type: string }) => e.type)).toEqual(
      expect.arrayContaining(['mediation_referred', 'mediation_agreed', 'mediation_signed_off']),
    );

    // The reserved range, the real counter untouched: the first real report is still GL-<year>-000001.
    const year = shanghaiYear(new Date());
    const list = await get(api, '/v1/cases?limit=200');
    expect(list.total).toBe(DEMO_TOTAL);
    for (const c of list.items) expect(c.caseNo).toMatch(/^GL-\d{4}-9\d{5}$/);
    const counter = await api.database.executeSql('select last from case_counters where year = $1', [
      Number(year),
    ]);
    expect(counter.rows).toEqual([]);
    const groups = await api.database.executeSql(
      `select distinct g.code from cases c join groups g on g.id = c.group_id order by g.code`,
    );
    expect(groups.rows.map((r) => (r as { code: string }).code)).toEqual([...DEMO_GROUP_CODES]);
    // Summaries and event words are stored encrypted, read back in clear.
    const stored = await api.database.executeSql(
      `select summary_enc from cases where summary_enc like '%社区%' or summary_enc like '%我住%' limit 1`,
    );
    expect(stored.rows).toEqual([]);
    const closed = list.items.find((c: { status: string }) => c.status === 'closed');
    const one = await get(api, `/v1/cases/${closed.caseNo}`);
    expect(one.summary).toMatch(/[\u4e00-\u9fff]{6}/);
    expect(one.events.length).toBeGreaterThanOrEqual(3);
    const clearWords = await api.database.executeSql(
      `select count(*)::int as n from case_events where data ? 'text' or data ? 'reason' or data ? 'body'`,
    );
    expect(clearWords.rows).toEqual([{ n: 0 }]);
  }, 300_000);

  it('DEMO_DATA=off starts empty', async () => {
    const api = await freshStart({ DEMO_DATA: 'off' });
    expect(await get(api, '/v1/demo')).toEqual({ cases: 0 });
    const d = await get(api, '/v1/stats/dashboard');
    expect(d.intakeByDay.every((day: { total: number }) => day.total === 0)).toBe(true);
    expect(d.byStreet).toEqual([]);
    expect(d.byCategory).toEqual([]);
  }, 300_000);

  it('a test start has none unless DEMO_DATA=on; DELETE /v1/demo/cases (admin) removes them, audited', async () => {
    const api = await freshStart({ NODE_ENV: 'test', DEMO_DATA: 'on' });
    expect((await get(api, '/v1/demo')).cases).toBe(DEMO_TOTAL);
    const removed = await api.app.inject({
      method: 'DELETE',
      url: '/v1/demo/cases',
      headers: { authorization: `Bearer ${ADMIN}` },
    });
    expect(removed.json()).toEqual({ removed: DEMO_TOTAL });
    expect(await get(api, '/v1/demo')).toEqual({ cases: 0 });
    expect((await get(api, '/v1/cases')).total).toBe(0);
    const audit = await get(api, '/v1/audit?action=demo_cases_cleared');
    expect(audit.items).toHaveLength(1);
    expect(audit.items[0]).toMatchObject({ actor: 'admin:env', data: { removed: DEMO_TOTAL } });
  }, 300_000);

  it('never in production', () => {
    expect(
      loadConfig({
        NODE_ENV: 'production',
        DEMO_DATA: 'on',
        ADMIN_TOKEN: 'p'.repeat(40),
        BOT_TOKEN: 'q'.repeat(40),
        DATA_KEY: 'a'.repeat(64),
        COMPONENTS: 'api',
      }).demoData,
    ).toBe(false);
    expect(loadConfig({ NODE_ENV: 'test' }).demoData).toBe(false);
    expect(loadConfig({ NODE_ENV: 'development' }).demoData).toBe(true);
  });
});
