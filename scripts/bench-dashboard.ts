// npm run bench:dashboard — 100,000 cases on a fresh Postgres database; p50/p95 of the console's data endpoints.
import { randomBytes } from 'node:crypto';
import { buildApp } from '../api/app.js';
import { createManualClock } from '../api/clock.js';
import { loadConfig } from '../api/config/config.js';
import { createLogger } from '../api/http/logger.js';
import type { MessageParser } from '../api/messages/message-parser.js';
import { seedRegistryIfEmpty } from '../db/seed/seed-registry.js';
import { flag, machineSummary, numberFlag, percentile, printTable } from './bench/bench-stats.js';
import { explain, openCapturingDatabase, timeQuery } from './bench/capturing-database.js';
import { benchServerUrl, createScratchDatabase, serverVersion } from './bench/scratch-database.js';
import { insertCases, insertProsecutorGroups } from './bench/sweep-fixtures.js';

const argv = process.argv.slice(2);
const total = numberFlag(argv, 'cases', 100_000, 1000, 2_000_000);
const open = numberFlag(argv, 'open', Math.round(total * 0.3), 100, total);
const requests = numberFlag(argv, 'requests', 200, 10, 10_000);
const keep = flag(argv, 'keep') === 'true';
const NOW = new Date(flag(argv, 'now') ?? '2026-11-26T10:00:00+08:00');
const TARGET_P95_MS = 300;
const ADMIN_TOKEN = `bench-admin-${randomBytes(16).toString('hex')}`;

// No message is parsed here: the intents model is not trained for this bench.
const parser: MessageParser = {
  parse: async (text) => ({
    intent: 'none',
    score: 0,
    category: null,
    categoryScore: 0,
    entities: {},
    faq: null,
    normalizedText: text,
  }),
};

const ms = (t: number) => Number(t.toFixed(1));

async function main(): Promise<void> {
  const serverUrl = benchServerUrl();
  process.stdout.write(`machine: ${machineSummary()}\npostgres: ${await serverVersion(serverUrl)}\n`);
  const scratch = await createScratchDatabase(serverUrl);
  const database = await openCapturingDatabase(scratch.url);
  try {
    await seedRegistryIfEmpty(database.db);
    await insertProsecutorGroups(database.executeSql);
    const fillStarted = performance.now();
    await insertCases(database.executeSql, {
      total,
      open,
      now: NOW,
      onChunk: (done) => process.stdout.write(`\r  ${done.toLocaleString()} cases inserted`),
    });
    // What the dashboard groups by: a community grid for every case, categories on clues, survey answers.
    await database.executeSql(
      `with c as (select array_agg(id order by id) as ids from grids where level = 'community')
       update cases set
         community_id = c.ids[1 + cases.id % array_length(c.ids, 1)],
         category = case when kind = 'clue' then (array['pornography','gambling','drugs','theft_robbery','fraud',
           'illegal_fundraising','food_drug','environment','violence_gang','minors','public_interest','other'])[1 + cases.id % 12] end,
         satisfaction = case when status = 'closed' and cases.id % 3 = 0 then
           (array['satisfied','basically_satisfied','dissatisfied'])[1 + cases.id % 7 % 3] end,
         aid_requested_yuan = case when kind = 'aid_request' then 5000 + cases.id % 20000 end,
         aid_granted_yuan = case when kind = 'aid_request' and status = 'closed' then 3000 + cases.id % 10000 end
       from c`,
    );
    await database.executeSql('analyze cases');
    const [counts] = (
      await database.executeSql(
        `select count(*)::int as total, count(*) filter (where status <> 'closed')::int as open,
           count(*) filter (where received_at >= $1::timestamptz - interval '365 days')::int as in_year
         from cases`,
        [NOW.toISOString()],
      )
    ).rows;
    process.stdout.write(
      `\nfilled ${counts?.total} cases (${counts?.open} open, ${counts?.in_year} received in the last year) in ${((performance.now() - fillStarted) / 1000).toFixed(1)} s\n\n`,
    );

    const config = loadConfig({
      NODE_ENV: 'test',
      ADMIN_TOKEN,
      BOT_TOKEN: `bench-bot-${randomBytes(16).toString('hex')}`,
      RATE_LIMIT_PER_MINUTE: '0',
    });
    const clock = createManualClock(NOW.toISOString());
    const app = await buildApp({
      config,
      database,
      clock,
      logger: createLogger({ level: 'silent' }),
      parser,
    });
    const month = new Intl.DateTimeFormat('en-CA', {
      timeZone: 'Asia/Shanghai',
      year: 'numeric',
      month: '2-digit',
    })
      .format(NOW)
      .slice(0, 7);
    const endpoints = [
      { name: 'GET /v1/stats/dashboard', url: '/v1/stats/dashboard', target: TARGET_P95_MS },
      { name: 'GET /v1/cases (first page)', url: '/v1/cases?limit=50', target: TARGET_P95_MS },
      { name: `GET /v1/reports/replies (${month})`, url: `/v1/reports/replies?month=${month}`, target: null },
    ];
    const results: { name: string; p50: number; p95: number; max: number; target: number | null }[] = [];
    try {
      for (const e of endpoints) {
        const call = async () => {
          const started = performance.now();
          const res = await app.inject({
            method: 'GET',
            url: e.url,
            headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
          });
          if (res.statusCode !== 200)
            throw new Error(`${e.url} answered ${res.statusCode}: ${res.body.slice(0, 200)}`);
          return performance.now() - started;
        };
        for (let i = 0; i < 5; i++) await call(); // warm-up: plans cached, pages in memory
        const times: number[] = [];
        for (let i = 0; i < requests; i++) times.push(await call());
        times.sort((a, b) => a - b);
        results.push({
          name: e.name,
          p50: ms(percentile(times, 50)),
          p95: ms(percentile(times, 95)),
          max: ms(times[times.length - 1]!),
          target: e.target,
        });
      }
      // Where the dashboard's time goes: each of its queries alone, median of 5, slowest first.
      database.captured.length = 0;
      await app.inject({
        method: 'GET',
        url: endpoints[0]!.url,
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      });
      const queries = database.captured.filter((q) => q.sql.includes('"cases"'));
      const timed = [];
      for (const q of queries) timed.push({ q, t: await timeQuery(database.client, q, 5) });
      timed.sort((a, b) => b.t - a.t);
      process.stdout.write('dashboard queries, each alone (median of 5):\n');
      for (const { q, t } of timed)
        process.stdout.write(
          `  ${ms(t).toString().padStart(7)} ms  ${q.sql.replace(/\s+/g, ' ').slice(0, 150)}\n`,
        );
      if (flag(argv, 'explain') === 'true')
        for (const { q } of timed.slice(0, 2)) {
          process.stdout.write(`\nEXPLAIN (ANALYZE, BUFFERS) ${q.sql.replace(/\s+/g, ' ').slice(0, 100)}…\n`);
          for (const line of await explain(database.client, q)) process.stdout.write(`  ${line}\n`);
        }
      process.stdout.write('\n');
    } finally {
      await app.close();
    }

    printTable(
      ['endpoint', 'requests', 'p50 ms', 'p95 ms', 'max ms', 'target p95'],
      results.map((r) => [r.name, requests, r.p50, r.p95, r.max, r.target ? `< ${r.target}` : '-']),
    );
    const dashboard = results[0]!;
    const caseList = results[1]!;
    const met = results.every((r) => r.target === null || r.p95 < r.target);
    process.stdout.write(
      `\ntarget: dashboard p95 ${dashboard.p95} ms and case list p95 ${caseList.p95} ms ${met ? 'meet' : 'MISS'} < ${TARGET_P95_MS} ms over ${counts?.total} cases\n`,
    );
    // The last line, for machines.
    process.stdout.write(
      `${JSON.stringify({
        cases: Number(counts?.total),
        requests,
        dashboardP50Ms: dashboard.p50,
        dashboardP95Ms: dashboard.p95,
        caseListP50Ms: caseList.p50,
        caseListP95Ms: caseList.p95,
        reportP50Ms: results[2]!.p50,
        reportP95Ms: results[2]!.p95,
        targetP95Ms: TARGET_P95_MS,
        met,
      })}\n`,
    );
  } finally {
    await database.close();
    if (keep) process.stdout.write(`kept database ${scratch.url}\n`);
    else await scratch.drop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:dashboard failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
