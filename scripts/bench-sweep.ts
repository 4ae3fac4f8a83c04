// npm run bench:sweep — 1,000,000 cases (100,000 open) on a fresh Postgres database; times the deadline sweep and the digest.
import os from 'node:os';
import { createManualClock } from '../api/clock.js';
import { loadConfig } from '../api/config/config.js';
import { createLogger } from '../api/http/logger.js';
import { runDeadlineSweepJob } from '../api/jobs/job-runner.js';
import { createServices } from '../api/services.js';
import { seedRegistryIfEmpty } from '../db/seed/seed-registry.js';
import { flag, machineSummary, numberFlag, printTable } from './bench/bench-stats.js';
import { type CapturedQuery, explain, openCapturingDatabase, timeQuery } from './bench/capturing-database.js';
import { benchServerUrl, createScratchDatabase, serverVersion } from './bench/scratch-database.js';
import { insertCases, insertProsecutorGroups } from './bench/sweep-fixtures.js';

const argv = process.argv.slice(2);
const total = numberFlag(argv, 'cases', 1_000_000, 1000, 5_000_000);
const open = numberFlag(argv, 'open', 100_000, 100, total);
const runs = numberFlag(argv, 'runs', 5, 1, 50);
const keep = flag(argv, 'keep') === 'true';
// A weekday morning outside quiet hours, after the digest time; the fixtures are laid out around it.
const NOW = new Date(flag(argv, 'now') ?? '2026-11-26T10:00:00+08:00');

const ms = (t: number) => Number(t.toFixed(1));
// The machine is shared: how busy it was says how far to trust a figure.
const loadLine = () =>
  `load average ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(', ')}`;

async function timed<T>(body: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const value = await body();
  return [value, performance.now() - started];
}

function pick(captured: CapturedQuery[], test: (sql: string) => boolean, what: string): CapturedQuery {
  const found = captured.find((q) => test(q.sql));
  if (!found) throw new Error(`could not find the ${what} query among ${captured.length} captured`);
  return found;
}

async function main(): Promise<void> {
  const serverUrl = benchServerUrl();
  process.stdout.write(`machine: ${machineSummary()}\npostgres: ${await serverVersion(serverUrl)}\n`);
  const scratch = await createScratchDatabase(serverUrl);
  const database = await openCapturingDatabase(scratch.url);
  try {
    await seedRegistryIfEmpty(database.db);
    await insertProsecutorGroups(database.executeSql);
    const [, fillMs] = await timed(() =>
      insertCases(database.executeSql, {
        total,
        open,
        now: NOW,
        onChunk: (done) => process.stdout.write(`\r  ${done.toLocaleString()} cases inserted`),
      }),
    );
    const [counts] = (
      await database.executeSql(
        `select count(*)::int as total, count(*) filter (where status <> 'closed')::int as open,
           count(*) filter (where status = 'received' and procedural_due_at < $1)::int as overdue
         from cases`,
        [NOW.toISOString()],
      )
    ).rows;
    process.stdout.write(
      `\nfilled ${counts?.total} cases (${counts?.open} open, ${counts?.overdue} past their procedural deadline) in ${(fillMs / 1000).toFixed(1)} s\n`,
    );
    // What autovacuum does to a table after a million inserts: statistics for the planner, and the visibility
    // map that lets the digest's counts be index-only. Without it the figures measure a table no live database has.
    const [, vacuumMs] = await timed(() => database.executeSql('vacuum (analyze)'));
    process.stdout.write(`vacuum (analyze) in ${(vacuumMs / 1000).toFixed(1)} s; ${loadLine()}\n\n`);

    const clock = createManualClock(NOW.toISOString());
    const config = loadConfig({ NODE_ENV: 'test', ADMIN_TOKEN: 'bench-admin', BOT_TOKEN: 'bench-bot' });
    const services = createServices({ config, database, clock, logger: createLogger({ level: 'silent' }) });

    database.captured.length = 0;
    const [first, firstMs] = await timed(() => services.sweep.sweep(NOW));
    const sweepQuery = pick(
      database.captured,
      (sql) => sql.includes('"next_reminder_at" <=') && sql.includes('order by'),
      'due cases',
    );
    const later = new Date(NOW.getTime() + 5 * 60_000);
    // steadySweepMs times the deadline-sweep job's whole run (the sweep, then the other reminders on its
    // schedule); the deadline sweep alone is timed beside it.
    const steady: number[] = [];
    const sweepOnly: number[] = [];
    let steadyResult = first;
    for (let i = 0; i < runs; i++) {
      const at = new Date(later.getTime() + i * 120_000);
      steady.push((await timed(() => runDeadlineSweepJob(database, services, at)))[1]);
      const [result, t] = await timed(() => services.sweep.sweep(new Date(at.getTime() + 60_000)));
      sweepOnly.push(t);
      steadyResult = result;
    }
    steady.sort((a, b) => a - b);
    sweepOnly.sort((a, b) => a - b);
    // What a steady sweep spends its time on: only the cases whose next reminder fell due since the last one.
    database.captured.length = 0;
    await services.sweep.sweep(new Date(later.getTime() + runs * 120_000));
    const steadyQueries = database.captured.length;
    const steadyEnqueues = database.captured.filter((c) => c.sql.startsWith('insert into "outbox"')).length;

    // The digest for one prosecutor on the morning run's own path (digestFor: who receives what, the counts and
    // the most urgent cases from their indexes, the text): a group liaison, with their own and their group's cases.
    const [liaison] = (
      await database.executeSql(
        `select p.id from people p join group_members m on m.person_id = p.id where m.role = 'liaison' and p.code like 'BP-%' order by p.id limit 1`,
      )
    ).rows;
    const personId = Number(liaison?.id);
    database.captured.length = 0;
    const [mine] = await timed(() => services.digest.digestFor(database.db, personId, NOW));
    if (!mine) throw new Error(`person ${personId} has no digest`);
    const mineCount = Number(/您有(\d+)件待办/.exec(mine)?.[1]);
    const digestQuery = pick(
      database.captured,
      (sql) => sql.includes('cross join lateral'),
      'prosecutor digest',
    );
    const oneDigest: number[] = [];
    for (let i = 0; i < runs; i++)
      oneDigest.push((await timed(() => services.digest.digestFor(database.db, personId, NOW)))[1]);
    oneDigest.sort((a, b) => a - b);

    // The morning run as the job calls it (runIfDue: claims the day, reads every digest, writes the texts, queues
    // 1,000 encrypted messages), `runs` times: the day's claim and its digests are removed between runs.
    const allDigests: number[] = [];
    let digest = await services.digest.runIfDue(NOW);
    for (let i = 0; i < runs; i++) {
      await database.executeSql(`delete from job_runs where name = 'digest'`);
      await database.executeSql(`delete from outbox where purpose = 'digest'`);
      const [result, t] = await timed(() => services.digest.runIfDue(NOW));
      if (!result.ran) throw new Error('the morning digest did not run');
      allDigests.push(t);
      digest = result;
    }
    allDigests.sort((a, b) => a - b);
    const sweepDb = await timeQuery(database.client, sweepQuery, runs);
    const sweepSeq = await timeQuery(database.client, sweepQuery, Math.min(runs, 3), true);
    const digestDb = await timeQuery(database.client, digestQuery, runs);
    const digestSeq = await timeQuery(database.client, digestQuery, Math.min(runs, 3), true);
    const median = (list: number[]) => list[Math.floor(list.length / 2)]!;
    const digestAllMs = median(allDigests);

    printTable(
      ['measure', 'ms (median)', 'seq-scan baseline ms', 'rows / items', 'target'],
      [
        ['sweep: due-cases query', ms(sweepDb), ms(sweepSeq), '-', '-'],
        ['sweep: whole call, first run', ms(firstMs), '-', `${first.queued.length} queued`, '-'],
        [
          'sweep job, steady state (runDeadlineSweepJob)',
          ms(median(steady)),
          '-',
          'sweep + suggestions, return visits, aid, mediation, warnings',
          '< 100',
        ],
        [
          'sweep: deadline sweep alone, steady state',
          ms(median(sweepOnly)),
          '-',
          `${steadyResult.queued.length} queued; ${steadyEnqueues} outbox inserts in ${steadyQueries} queries`,
          '-',
        ],
        [
          'digest: one prosecutor, most urgent cases query',
          ms(digestDb),
          ms(digestSeq),
          `${mineCount} cases`,
          '-',
        ],
        ['digest: one prosecutor (digestFor)', ms(median(oneDigest)), '-', `${mineCount} cases`, '< 20'],
        [
          `digest: whole morning run (runIfDue), all prosecutors, median of ${runs}`,
          ms(digestAllMs),
          '-',
          `${digest.queued.length} digests`,
          '< 1000',
        ],
      ],
    );
    for (const [title, query] of [
      ['sweep due-cases query', sweepQuery],
      ['one prosecutor digest query', digestQuery],
    ] as const) {
      process.stdout.write(`\nEXPLAIN (ANALYZE, BUFFERS) ${title}:\n`);
      for (const line of await explain(database.client, query)) process.stdout.write(`  ${line}\n`);
      process.stdout.write(`  -- baseline with index scans disabled:\n`);
      for (const line of (await explain(database.client, query, true)).slice(-3))
        process.stdout.write(`  ${line}\n`);
    }
    const sweepOk = median(steady) < 100;
    const digestOk = median(oneDigest) < 20;
    const allOk = digestAllMs < 1000;
    process.stdout.write(`\n${loadLine()} (at the end)\n`);
    process.stdout.write(
      `targets: steady sweep ${ms(median(steady))} ms ${sweepOk ? 'meets' : 'MISSES'} < 100 ms; ` +
        `one-prosecutor digest ${ms(median(oneDigest))} ms ${digestOk ? 'meets' : 'MISSES'} < 20 ms; ` +
        `all digests ${ms(digestAllMs)} ms ${allOk ? 'meets' : 'MISSES'} < 1000 ms\n`,
    );
    // The last line, for machines: steadySweepMs the deadline-sweep job's run (median), digestAllMs runIfDue for
    // everyone (median), digestOneMs digestFor(one liaison): the same statement and text for one person (median).
    process.stdout.write(
      `${JSON.stringify({
        cases: Number(counts?.total),
        open: Number(counts?.open),
        steadySweepMs: ms(median(steady)),
        digestAllMs: ms(digestAllMs),
        digestOneMs: ms(median(oneDigest)),
      })}\n`,
    );
  } finally {
    await database.close();
    if (keep) process.stdout.write(`kept database ${scratch.url}\n`);
    else await scratch.drop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:sweep failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
