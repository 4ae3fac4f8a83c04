// npm run bench:ingest — POST /v1/messages under load at 1, 8 and 32 connections on Postgres and PGlite, against the raw insert ceiling.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { createDb } from '../db/create-db.js';
import type { ApiProcessReady } from './bench/api-process.js';
import { flag, machineSummary, numberFlag, printTable } from './bench/bench-stats.js';
import { type CpuShare, startCpuShare } from './bench/cpu-share.js';
import { type Ceiling, hasPgbench, pgliteCeiling, postgresCeiling } from './bench/insert-ceiling.js';
import { CASE_CREATING, createMessageMix, type MessageKind } from './bench/message-mix.js';
import { EMPTY_PATH, NO_DB_PATH } from './bench/no-db-route.js';
import { benchServerUrl, createScratchDatabase, serverVersion } from './bench/scratch-database.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
const duration = numberFlag(argv, 'duration', 10, 1, 120);
const ceilingDuration = numberFlag(argv, 'ceiling-duration', Math.min(duration, 5), 1, 60);
const pool = numberFlag(argv, 'pool', 10, 1, 100);
const connectionLevels = (flag(argv, 'connections') ?? '1,8,32').split(',').map(Number);
const targets = (flag(argv, 'db') ?? 'postgres,pglite').split(',') as ('postgres' | 'pglite')[];
const logLevel = flag(argv, 'log-level') ?? 'info';
const cpuProfDir = flag(argv, 'cpu-prof');
// The same load on a route doing the message's Node work without SQL (scripts/bench/no-db-route.ts): what the
// API process alone allows on this machine, at these connection counts ("none" to skip).
const noDbLevels = (flag(argv, 'no-db-connections') ?? '8')
  .split(',')
  .filter((c) => c !== 'none')
  .map(Number);
// Warm-up connections plus every measured level: the most requests that can be cut off in flight.
const inFlightLimit = 8 + connectionLevels.reduce((a, b) => a + b, 0);
const BOT_TOKEN = `bench-bot-${randomBytes(8).toString('hex')}`;

if (connectionLevels.some((c) => !Number.isInteger(c) || c < 1 || c > 256))
  throw new Error('--connections takes a comma-separated list of 1..256');

interface RunRow {
  db: string;
  connections: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  ceiling: Ceiling | null;
  /** Cores each part used while the level ran, and the 1-minute load average at its end. */
  cpu: CpuShare;
  load1: number;
  noDb?: { rps: number; p99: number; cpu: CpuShare };
  empty?: { rps: number; p99: number; cpu: CpuShare };
}

interface Tally {
  /** Ids whose 2xx answer said duplicate:false, and ids sent at all (some are cut off in flight at the end). */
  acceptedIds: Set<string>;
  sentIds: Set<string>;
  accepted: number;
  acceptedWithCase: number;
  duplicates: number;
  byKind: Map<MessageKind, number>;
  withCaseByKind: Map<MessageKind, number>;
  /** Requests that got no 2xx answer (a client timeout, an error): the server may still have stored them. */
  unanswered: number;
}

function startApi(env: Record<string, string>): Promise<{ child: ChildProcess; ready: ApiProcessReady }> {
  const execArgv = ['--import', 'tsx'];
  if (cpuProfDir)
    execArgv.push('--cpu-prof', '--cpu-prof-dir', cpuProfDir === 'true' ? 'cpu-profiles' : cpuProfDir);
  const child = spawn(process.execPath, [...execArgv, path.join(here, 'bench', 'api-process.ts')], {
    env: {
      ...process.env,
      ...env,
      BENCH_BOT_TOKEN: BOT_TOKEN,
      BENCH_LOG_LEVEL: logLevel,
      BENCH_POOL: String(pool),
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the API process did not start within 180 s')), 180_000);
    child.once('exit', (code) => reject(new Error(`the API process exited with ${code}`)));
    child.on('message', (m: ApiProcessReady) => {
      if (m.type !== 'ready') return;
      clearTimeout(timer);
      resolve({ child, ready: m });
    });
  });
}

function stopApi(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.removeAllListeners('exit');
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.send({ type: 'stop' });
  });
}

async function drive(
  port: number,
  mix: ReturnType<typeof createMessageMix>,
  connections: number,
  seconds: number,
  tally: Tally,
  route = '/v1/messages',
) {
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections,
    duration: seconds,
    timeout: 10,
    requests: [
      {
        method: 'POST',
        path: route,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${BOT_TOKEN}` },
        setupRequest: (request, context) => {
          const { kind, body } = mix.next();
          context.kind = kind;
          context.messageId = body.messageId;
          tally.sentIds.add(body.messageId);
          return { ...request, body: JSON.stringify(body) };
        },
        onResponse: (status, body, context) => {
          if (status !== 200) return;
          if (body.includes('"duplicate":true')) {
            tally.duplicates++;
            return;
          }
          tally.accepted++;
          tally.acceptedIds.add(context.messageId as string);
          const kind = context.kind as MessageKind;
          if (body.includes('"caseNo"')) {
            tally.acceptedWithCase++;
            tally.withCaseByKind.set(kind, (tally.withCaseByKind.get(kind) ?? 0) + 1);
          }
          tally.byKind.set(kind, (tally.byKind.get(kind) ?? 0) + 1);
        },
      },
    ],
  });
  if (route === '/v1/messages') tally.unanswered += result.errors + result.timeouts + result.non2xx;
  return result;
}

/** Every accepted message stored exactly once; every case-carrying message has its case and report. */
async function verify(
  label: string,
  open: () => ReturnType<typeof createDb>,
  tally: Tally,
): Promise<string[]> {
  const database = await open();
  try {
    const q = async (sql: string) => Number((await database.executeSql(sql)).rows[0]?.n ?? -1);
    const stored = await q('select count(*)::int as n from messages');
    const storedIds = new Set(
      (await database.executeSql('select message_id from messages')).rows.map((r) => String(r.message_id)),
    );
    const lostAccepted = [...tally.acceptedIds].filter((id) => !storedIds.has(id)).length;
    const unknown = [...storedIds].filter((id) => !tally.sentIds.has(id)).length;
    const distinctIds = await q('select count(distinct message_id)::int as n from messages');
    const withCase = await q('select count(*)::int as n from messages where case_id is not null');
    const caseCount = await q('select count(*)::int as n from cases');
    const casesReferenced = await q(
      'select count(distinct case_id)::int as n from messages where case_id is not null',
    );
    const reports = await q('select count(*)::int as n from case_reports');
    const problems: string[] = [];
    const expect = (what: string, actual: number, expected: number) => {
      if (actual !== expected) problems.push(`${label}: ${what} is ${actual}, expected ${expected}`);
    };
    // Requests still in flight when a timed run ends, and those the client gave up on (10 s timeout) while the
    // API still worked on them, are stored but their answers are not counted.
    const cutOff = stored - tally.accepted;
    const unansweredLimit = inFlightLimit + tally.unanswered;
    expect('accepted messages missing from the database', lostAccepted, 0);
    expect('stored messages never sent', unknown, 0);
    expect('distinct message ids', distinctIds, stored);
    if (cutOff < 0 || cutOff > unansweredLimit)
      problems.push(
        `${label}: ${cutOff} stored messages without a counted answer (at most ${inFlightLimit} in flight and ${tally.unanswered} unanswered)`,
      );
    expect('cases', caseCount, casesReferenced);
    // A message carries a case as its report, or as a further message the sender sent within the follow-up
    // window (joined as materials: a materials_added event names it, no second report).
    const followUps = await q(
      `select count(*)::int as n from messages m where m.case_id is not null
         and not exists (select 1 from case_reports r where r.message_id = m.message_id)
         and exists (select 1 from case_events e where e.case_id = m.case_id and e.type = 'materials_added'
                       and e.data->>'messageId' = m.message_id)`,
    );
    // Or as the sender's answer to a question about an earlier message of theirs (您是想：1 …, a community, 回复 1
    // to an FAQ answer): the earlier message carries the report, and the answer carries the case it made.
    const answers = await q(
      `select count(*)::int as n from messages m where m.case_id is not null
         and not exists (select 1 from case_reports r where r.message_id = m.message_id)
         and exists (select 1 from case_reports r join messages earlier on earlier.message_id = r.message_id
                      where r.case_id = m.case_id and earlier.from_wechat_id = m.from_wechat_id
                        and earlier.received_at <= m.received_at)`,
    );
    const reportedTwice = await q(
      'select count(*)::int as n from (select message_id from case_reports group by message_id having count(*) > 1) d',
    );
    expect('messages reported into a case twice', reportedTwice, 0);
    expect('case reports plus follow-ups and answers', reports + followUps + answers, withCase);
    if (reports + followUps + answers !== withCase) {
      // What such a message is: its answer (the bench's own synthetic text) and its case's event trail.
      const odd = await database.executeSql(
        `select m.message_id, m.response->>'reply' as reply, m.parse->>'intent' as intent,
                (select string_agg(e.type || coalesce(':' || (e.data->>'messageId'), ''), ' ' order by e.id)
                   from case_events e where e.case_id = m.case_id) as events
           from messages m where m.case_id is not null
            and not exists (select 1 from case_reports r where r.message_id = m.message_id)
            and not exists (select 1 from case_events e where e.case_id = m.case_id and e.type = 'materials_added'
                              and e.data->>'messageId' = m.message_id)
            and not exists (select 1 from case_reports r join messages earlier on earlier.message_id = r.message_id
                             where r.case_id = m.case_id and earlier.from_wechat_id = m.from_wechat_id)
          limit 5`,
      );
      for (const r of odd.rows) problems.push(`${label}:   ${JSON.stringify(r).slice(0, 400)}`);
    }
    // Not an integrity check: the parser may be unsure of a report's random filler words and ask what it is
    // ("您是想：1 …") or not understand it; such a message is stored once like any other, without a case.
    const creating = [...CASE_CREATING].reduce((n, k) => n + (tally.byKind.get(k) ?? 0), 0);
    const creatingWithCase = [...CASE_CREATING].reduce((n, k) => n + (tally.withCaseByKind.get(k) ?? 0), 0);
    // A matter registered by a later answer (回复 1 to an FAQ answer, 您是想…) carries its case on the message that
    // told it, whose own answer (the FAQ reply, the question) named no case; the later answer did.
    const registeredLater = await q(
      `select count(*)::int as n from messages m where m.case_id is not null
         and m.response::text not like '%caseNo%'
         and exists (select 1 from messages later where later.case_id = m.case_id
                       and later.from_wechat_id = m.from_wechat_id and later.received_at >= m.received_at
                       and later.id <> m.id and later.response::text like '%caseNo%')`,
    );
    const answeredWithCase = withCase - registeredLater;
    if (answeredWithCase < tally.acceptedWithCase || answeredWithCase > tally.acceptedWithCase + cutOff) {
      problems.push(
        `${label}: ${withCase} messages carry a case (${registeredLater} registered by a later answer), ${tally.acceptedWithCase} answered with one`,
      );
      // Which stored messages carry a case while their stored answer names none (the bench's synthetic texts).
      const odd = await database.executeSql(
        `select m.parse->>'intent' as intent, left(m.response::text, 160) as response, count(*) over () as n
           from messages m where m.case_id is not null and m.response::text not like '%caseNo%' limit 5`,
      );
      for (const r of odd.rows) problems.push(`${label}:   ${JSON.stringify(r)}`);
    }
    process.stdout.write(
      `${label}: ${tally.accepted} accepted, all stored exactly once; ${stored} stored (${cutOff} cut off in flight ` +
        `at the end of a timed run or given up on by the client; ${tally.unanswered} requests unanswered), ${caseCount} cases, ${reports} reports, ${tally.duplicates} duplicate answers, ${followUps} follow-ups joined as materials, ${answers} answers that registered an earlier message; ` +
        `${creatingWithCase} of ${creating} reports answered with a case (the others asked what they meant or not understood)\n`,
    );
    return problems;
  } finally {
    await database.close();
  }
}

function emptyTally(): Tally {
  return {
    acceptedIds: new Set(),
    sentIds: new Set(),
    accepted: 0,
    acceptedWithCase: 0,
    duplicates: 0,
    byKind: new Map(),
    withCaseByKind: new Map(),
    unanswered: 0,
  };
}

async function benchDb(
  kind: 'postgres' | 'pglite',
  usePgbench: boolean,
): Promise<{ rows: RunRow[]; problems: string[] }> {
  const tally = emptyTally();
  const rows: RunRow[] = [];
  const scratch = kind === 'postgres' ? await createScratchDatabase(benchServerUrl()) : null;
  const dataDir = kind === 'pglite' ? await mkdtemp(path.join(tmpdir(), 'jw-bench-pglite-')) : null;
  try {
    const { child, ready } = await startApi(
      scratch ? { BENCH_DATABASE_URL: scratch.url } : { BENCH_DATA_DIR: dataDir!, BENCH_DATABASE_URL: '' },
    );
    const mix = createMessageMix(ready.fixture, { prefix: `${kind}-${randomBytes(4).toString('hex')}` });
    try {
      // Warm-up (JIT, plan caches, pool connections); stored and verified like the rest, not reported.
      await drive(ready.port, mix, 8, 2, tally);
      for (const connections of connectionLevels) {
        process.stdout.write(`${kind}: ${connections} connection(s) for ${duration} s…\n`);
        const share = startCpuShare(child.pid!, scratch?.name ?? null);
        const r = await drive(ready.port, mix, connections, duration, tally);
        rows.push({
          db: kind,
          connections,
          rps: r.requests.total / r.duration,
          p50: r.latency.p50,
          p99: r.latency.p99,
          errors: r.errors + r.timeouts + r.non2xx,
          ceiling: null,
          cpu: share(),
          load1: os.loadavg()[0]!,
        });
      }
      // Nothing is stored by this route: its answers go to a tally of their own, not into the integrity check.
      for (const row of rows.filter((r) => noDbLevels.includes(r.connections))) {
        process.stdout.write(
          `${kind}: no-database route, ${row.connections} connection(s) for ${duration} s…\n`,
        );
        const share = startCpuShare(child.pid!, scratch?.name ?? null);
        const r = await drive(ready.port, mix, row.connections, duration, emptyTally(), NO_DB_PATH);
        if (r.errors + r.timeouts + r.non2xx > 0)
          throw new Error(`the no-database route failed: ${r.non2xx} non-2xx`);
        row.noDb = { rps: r.requests.total / r.duration, p99: r.latency.p99, cpu: share() };
        process.stdout.write(`${kind}: empty route, ${row.connections} connection(s) for ${duration} s…\n`);
        const emptyShare = startCpuShare(child.pid!, scratch?.name ?? null);
        const e = await drive(ready.port, mix, row.connections, duration, emptyTally(), EMPTY_PATH);
        if (e.errors + e.timeouts + e.non2xx > 0)
          throw new Error(`the empty route failed: ${e.non2xx} non-2xx`);
        row.empty = { rps: e.requests.total / e.duration, p99: e.latency.p99, cpu: emptyShare() };
      }
    } finally {
      await stopApi(child);
    }
    // Ceilings run after the API has stopped, on the same database, so nothing else competes.
    if (scratch) {
      for (const row of rows)
        row.ceiling = await postgresCeiling(scratch.url, row.connections, ceilingDuration, usePgbench);
    } else {
      const ceiling = await pgliteCeiling(ceilingDuration);
      for (const row of rows) row.ceiling = ceiling;
    }
    const problems = await verify(
      kind,
      () =>
        scratch
          ? createDb({ databaseUrl: scratch.url, migrate: false, maxConnections: 1 })
          : createDb({ dataDir: dataDir!, migrate: false }),
      tally,
    );
    return { rows, problems };
  } finally {
    await scratch?.drop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const usePgbench = await hasPgbench();
  const serverUrl = benchServerUrl();
  process.stdout.write(
    `machine: ${machineSummary()}\npostgres: ${targets.includes('postgres') ? await serverVersion(serverUrl) : '-'}\n` +
      `ceiling: ${usePgbench ? 'pgbench' : 'postgres.js loop'} (Postgres), in-process loop (PGlite); ` +
      `${duration} s per level, pool ${pool}, log level ${logLevel}\n\n`,
  );
  const all: RunRow[] = [];
  const problems: string[] = [];
  for (const kind of targets) {
    const result = await benchDb(kind, usePgbench);
    all.push(...result.rows);
    problems.push(...result.problems);
  }
  process.stdout.write('\n');
  printTable(
    [
      'db',
      'connections',
      'requests/s',
      'p50 ms',
      'p99 ms',
      'errors',
      'ceiling inserts/s',
      'ceiling by',
      'ratio',
    ],
    all.map((r) => [
      r.db,
      r.connections,
      r.rps,
      r.p50,
      r.p99,
      r.errors,
      r.ceiling?.insertsPerSecond ?? Number.NaN,
      r.ceiling?.method ?? '-',
      r.ceiling ? `${((100 * r.rps) / r.ceiling.insertsPerSecond).toFixed(1)}%` : '-',
    ]),
  );
  process.stdout.write(
    '\nwhere the CPU went (cores in use on average; the API runs its JavaScript on one thread, so about 1.0 is its ceiling):\n',
  );
  printTable(
    [
      'db',
      'connections',
      'load avg',
      'API',
      'API ms/message',
      'Postgres',
      'load generator',
      'machine',
      'of cores',
    ],
    all.map((r) => [
      r.db,
      r.connections,
      r.load1,
      r.cpu.apiCores,
      apiMsPerMessage(r) ?? Number.NaN,
      r.cpu.postgresCores ?? Number.NaN,
      r.cpu.loadGeneratorCores,
      r.cpu.machineCores,
      r.cpu.cores,
    ]),
  );
  const noDb = all.filter((r) => r.noDb);
  if (noDb.length) {
    process.stdout.write(
      `\nthe API without the database (${NO_DB_PATH}: auth, schema, parse, encryption, sender hash, log; no SQL):\n`,
    );
    printTable(
      ROUTE_COLUMNS,
      noDb.map((r) => routeRow(r, r.noDb!)),
    );
    process.stdout.write(
      `\nHTTP alone (${EMPTY_PATH}: the same auth and schemas, a constant answer; the machine's ceiling for any API):\n`,
    );
    printTable(
      ROUTE_COLUMNS,
      noDb.filter((r) => r.empty).map((r) => routeRow(r, r.empty!)),
    );
  }
  // Issue 16's targets are set at 8 connections: load generator, API and Postgres share the cores.
  for (const r of all.filter((row) => row.db === 'postgres' && row.connections === 8)) {
    const ratio = r.ceiling ? r.rps / r.ceiling.insertsPerSecond : 0;
    process.stdout.write(
      `\ntargets (postgres, 8 connections): ratio ${(ratio * 100).toFixed(1)}% ${ratio >= 0.5 ? 'meets' : 'MISSES'} ≥ 50%; ` +
        `p99 ${r.p99} ms ${r.p99 < 100 ? 'meets' : 'MISSES'} < 100 ms; errors ${r.errors} ${r.errors === 0 ? 'meets' : 'MISSES'} 0\n`,
    );
  }
  if (problems.length) {
    process.stdout.write(`\nINTEGRITY PROBLEMS:\n${problems.map((p) => `  ${p}`).join('\n')}\n`);
    process.exitCode = 1;
  } else {
    process.stdout.write(
      'integrity: every accepted message stored exactly once, cases and reports consistent\n',
    );
  }
  process.stdout.write(`${JSON.stringify(summaryJson(all))}\n`);
}

const ROUTE_COLUMNS = [
  'db process',
  'connections',
  'requests/s',
  'p99 ms',
  'API cores',
  'machine cores',
  'of ceiling',
];

/** One line of the no-SQL or empty route's table: its load against the same level's ceiling. */
function routeRow(r: RunRow, route: { rps: number; p99: number; cpu: CpuShare }): (string | number)[] {
  const ofCeiling = r.ceiling ? `${((100 * route.rps) / r.ceiling.insertsPerSecond).toFixed(1)}%` : '-';
  return [r.db, r.connections, route.rps, route.p99, route.cpu.apiCores, route.cpu.machineCores, ofCeiling];
}

/** The last line, for machines (integrity shows in the exit code): {"postgres": {"8": {"rps", "p99Ms", "ceiling", "ratio"}, …}, "pglite": {…}}. */
/** The API process's CPU per answered message (PGlite's includes the database, which runs inside it). */
function apiMsPerMessage(r: RunRow): number | null {
  return r.rps > 0 ? Number(((r.cpu.apiCores / r.rps) * 1000).toFixed(2)) : null;
}

function summaryJson(rows: RunRow[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const r of rows) {
    const ceiling = r.ceiling?.insertsPerSecond ?? null;
    const perDb = (out[r.db] as Record<string, unknown> | undefined) ?? {};
    out[r.db] = perDb;
    perDb[String(r.connections)] = {
      rps: Number(r.rps.toFixed(1)),
      p99Ms: r.p99,
      ceiling: ceiling === null ? null : Number(ceiling.toFixed(1)),
      ratio: ceiling ? Number((r.rps / ceiling).toFixed(4)) : null,
      load1: Number(r.load1.toFixed(2)),
      apiCores: r.cpu.apiCores,
      apiMsPerMessage: apiMsPerMessage(r),
      postgresCores: r.cpu.postgresCores,
      loadGeneratorCores: r.cpu.loadGeneratorCores,
      machineCores: r.cpu.machineCores,
      ...(r.noDb
        ? {
            noDbRps: Number(r.noDb.rps.toFixed(1)),
            noDbP99Ms: r.noDb.p99,
            noDbRatio: ceiling ? Number((r.noDb.rps / ceiling).toFixed(4)) : null,
            noDbApiCores: r.noDb.cpu.apiCores,
          }
        : {}),
      ...(r.empty
        ? {
            emptyRps: Number(r.empty.rps.toFixed(1)),
            emptyP99Ms: r.empty.p99,
            emptyRatio: ceiling ? Number((r.empty.rps / ceiling).toFixed(4)) : null,
          }
        : {}),
    };
  }
  return out;
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:ingest failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
