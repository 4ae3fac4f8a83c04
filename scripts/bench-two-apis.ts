// npm run bench:two-apis [-- --apis N] — N API processes (default 2) and one bot on one Postgres under load: no duplicate case, reminder or reply.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { EventEmitter } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import type { mock } from 'wechaty-puppet-mock';
import type { InboundMessage, InboundResult } from '../api/messages/inbound-message.js';
import { createApiClient } from '../bot/api-client.js';
import { createBot } from '../bot/create-bot.js';
import { botQueueKey } from '../bot/delivery/queue-key.js';
import { createPuppet } from '../bot/puppet-factory.js';
import { createDb } from '../db/create-db.js';
import { prepareBenchRegistry } from './bench/bench-fixtures.js';
import { machineSummary, numberFlag, percentile, printTable, sleep } from './bench/bench-stats.js';
import { createMessageMix } from './bench/message-mix.js';
import { benchServerUrl, createScratchDatabase } from './bench/scratch-database.js';

const argv = process.argv.slice(2);
const total = numberFlag(argv, 'messages', 1000, 10, 20_000);
const concurrency = numberFlag(argv, 'concurrency', 16, 1, 128);
const botMessages = numberFlag(argv, 'bot-messages', 50, 0, 1000);
// Each message goes to two of the N processes at once (to the one process twice when N is 1).
const apis = numberFlag(argv, 'apis', 2, 1, 16);
const ADMIN_TOKEN = `bench-admin-${randomBytes(8).toString('hex')}`;
const BOT_TOKEN = `bench-bot-${randomBytes(8).toString('hex')}`;
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

type MessageMock = ReturnType<mock.Mocker['MessageMock']['load']>;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function tsx(script: string, args: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', path.join(root, 'scripts', script), ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
}

// Several processes starting at once on a loaded 2-vCPU machine can take minutes (bench:ingest allows 180 s).
async function waitHealthy(port: number): Promise<void> {
  const until = Date.now() + 240_000;
  while (Date.now() < until) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/health`);
      if (res.ok) return;
    } catch {
      // Not listening yet.
    }
    await sleep(200);
  }
  throw new Error(`API on port ${port} did not become healthy within 240 s`);
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}

async function post(
  port: number,
  body: InboundMessage,
): Promise<{ status: number; result?: InboundResult; ms: number }> {
  const started = performance.now();
  const res = await fetch(`http://127.0.0.1:${port}/v1/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${BOT_TOKEN}` },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return {
    status: res.status,
    ...(res.ok ? { result: JSON.parse(text) as InboundResult } : {}),
    ms: performance.now() - started,
  };
}

async function main(): Promise<void> {
  process.stdout.write(`machine: ${machineSummary()}\n`);
  const scratch = await createScratchDatabase(benchServerUrl());
  const dataDir = await mkdtemp(path.join(tmpdir(), 'jw-bench-two-'));
  const children: ChildProcess[] = [];
  try {
    const setup = await createDb({ databaseUrl: scratch.url, maxConnections: 2 });
    const fixture = await prepareBenchRegistry(setup.db);
    await setup.close();

    const ports: number[] = [];
    for (let i = 0; i < apis; i++) ports.push(await freePort());
    for (const port of ports) {
      const child = tsx('start.ts', [], {
        COMPONENTS: 'api,jobs',
        HOST: '127.0.0.1',
        PORT: String(port),
        DATABASE_URL: scratch.url,
        DATA_DIR: dataDir,
        ADMIN_TOKEN,
        BOT_TOKEN,
        LOG_LEVEL: 'warn',
        NODE_ENV: 'development',
      });
      child.stdout?.resume();
      children.push(child);
    }
    await Promise.all(ports.map(waitHealthy));
    process.stdout.write(
      `${apis} API process(es) on ports ${ports.join(', ')}, one database ${scratch.name}\n`,
    );

    // One bot on the mock puppet, talking to the first API (each API reads messages with the real parser).
    const created = createPuppet({});
    if (created.kind !== 'mock') throw new Error('expected the mock puppet');
    const bot = createBot({
      puppet: created.puppet,
      api: createApiClient({ apiUrl: `http://127.0.0.1:${ports[0]}`, botToken: BOT_TOKEN }),
      logger: pino({ level: 'silent' }),
      queueDir: path.join(dataDir, 'bot-queue'),
      queueKey: botQueueKey({ botToken: BOT_TOKEN }),
      pacing: { minGapMs: 0, jitterMs: 0, maxPerMinute: 1_000_000, perChatGapMs: 0 },
      outbox: { enabled: false },
    });
    await bot.start();
    await bot.loggedIn(AbortSignal.timeout(10_000));
    const botUser = created.mocker.ContactMock.load(created.botUserId);
    const botReplies = new Map<string, number>();
    (botUser as unknown as EventEmitter).on('message', (m: MessageMock) => {
      if (m.talker().id !== botUser.id) return;
      const to = m.payload.listenerId ?? '';
      botReplies.set(to, (botReplies.get(to) ?? 0) + 1);
    });

    // Every message goes to two APIs at once (a replay racing the original), some a third time later.
    const mix = createMessageMix(fixture, { prefix: `two-${randomBytes(4).toString('hex')}` });
    const bodies = Array.from({ length: total }, () => mix.next().body);
    const answers = new Map<string, { status: number; result?: InboundResult }[]>();
    const latencies: number[] = [];
    let next = 0;
    const started = performance.now();
    const botRun = (async () => {
      const contacts = Array.from({ length: 10 }, (_, i) =>
        created.mocker.createContact({ id: `wxid_two_${i}`, name: `居民${i}` }),
      );
      for (let i = 0; i < botMessages; i++) {
        const contact = contacts[i % contacts.length]!;
        contact.say(i % 3 === 0 ? '你好' : '被拖欠工资怎么办？').to(botUser);
        await sleep(20);
      }
    })();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < bodies.length) {
          const k = next++;
          const body = bodies[k]!;
          const targets = [ports[k % apis]!, ports[(k + 1) % apis]!];
          const pair = await Promise.all(targets.map((port) => post(port, body)));
          if (next % 5 === 0) pair.push(await post(ports[next % apis]!, body));
          for (const a of pair) latencies.push(a.ms);
          answers.set(body.messageId, pair);
        }
      }),
    );
    const elapsed = (performance.now() - started) / 1000;
    await botRun;

    // Both processes sweep at the same fixed instant, twice each: 10:00 on the day the procedural deadlines fall
    // due, when every due-day reminder is in its push window.
    const probe = await createDb({ databaseUrl: scratch.url, migrate: false, maxConnections: 1 });
    const [due] = (
      await probe.executeSql(
        `select to_char(max(procedural_due_at) at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as day from cases`,
      )
    ).rows;
    await probe.close();
    const sweepAt = `${String(due?.day)}T10:00:00+08:00`;
    const sweepEnv = {
      DATABASE_URL: scratch.url,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      NODE_ENV: 'development',
    };
    const sweeps = [0, 1, 2, 3].map(() => tsx('sweep.ts', ['--now', sweepAt], sweepEnv));
    const sweepCodes = await Promise.all(sweeps.map(exited));

    // Give the bot time to answer its last messages.
    const until = Date.now() + 30_000;
    while (Date.now() < until && [...botReplies.values()].reduce((a, b) => a + b, 0) < botMessages)
      await sleep(100);
    await sleep(500);
    await bot.stop();

    const check = await createDb({ databaseUrl: scratch.url, migrate: false, maxConnections: 1 });
    const q = async (sql: string) => Number((await check.executeSql(sql)).rows[0]?.n ?? -1);
    const stored = await q('select count(*)::int as n from messages');
    const distinct = await q('select count(distinct message_id)::int as n from messages');
    const caseRows = await q('select count(*)::int as n from cases');
    const caseNos = await q('select count(distinct case_no)::int as n from cases');
    const casesReferenced = await q(
      'select count(distinct case_id)::int as n from messages where case_id is not null',
    );
    const reports = await q('select count(*)::int as n from case_reports');
    const reportDupes = await q(
      'select count(*)::int as n from (select message_id from case_reports group by message_id having count(*) > 1) d',
    );
    const reminders = await q(`select count(*)::int as n from outbox where purpose like 'reminder%'`);
    const reminderDupes = await q(
      `select count(*)::int as n from (select case_id, purpose, to_id from outbox where purpose like 'reminder%'
         group by case_id, purpose, to_id having count(*) > 1) d`,
    );
    const assignmentDupes = await q(
      `select count(*)::int as n from (select case_id from outbox where purpose = 'assignment' group by case_id having count(*) > 1) d`,
    );
    await check.close();

    const problems: string[] = [];
    let firsts = 0;
    let mismatched = 0;
    let errors = 0;
    for (const list of answers.values()) {
      errors += list.filter((a) => a.status !== 200).length;
      const fresh = list.filter((a) => a.result && !a.result.duplicate).length;
      firsts += fresh;
      if (fresh !== 1) problems.push(`a message was accepted as new ${fresh} times`);
      const replies = new Set(list.map((a) => `${a.result?.caseNo ?? ''}|${a.result?.reply ?? ''}`));
      if (replies.size !== 1) mismatched++;
    }
    const botAnswered = [...botReplies.values()].reduce((a, b) => a + b, 0);
    if (errors) problems.push(`${errors} requests failed`);
    if (mismatched) problems.push(`${mismatched} messages got different answers from two APIs`);
    if (stored !== total + botMessages)
      problems.push(`${stored} messages stored for ${total + botMessages} sent`);
    if (distinct !== stored) problems.push(`${stored - distinct} message ids stored twice`);
    if (caseNos !== caseRows || caseRows !== casesReferenced)
      problems.push(`${caseRows} cases, ${caseNos} case numbers, ${casesReferenced} referenced`);
    if (reportDupes) problems.push(`${reportDupes} messages reported into a case twice`);
    if (reminderDupes) problems.push(`${reminderDupes} reminders queued twice`);
    if (assignmentDupes) problems.push(`${assignmentDupes} assignment notices queued twice`);
    if (botAnswered !== botMessages)
      problems.push(`the bot sent ${botAnswered} replies for ${botMessages} messages`);
    if (sweepCodes.some((c) => c !== 0)) problems.push(`sweep exit codes ${sweepCodes.join(',')}`);
    if (reminders === 0 && caseRows > 0)
      problems.push('the sweeps queued no reminder, so nothing was checked');

    latencies.sort((a, b) => a - b);
    const rps = latencies.length / elapsed;
    printTable(
      [
        'requests',
        'requests/s',
        'p50 ms',
        'p99 ms',
        'errors',
        'accepted',
        'cases',
        'reports',
        'reminders',
        'bot replies',
      ],
      [
        [
          latencies.length,
          rps,
          percentile(latencies, 50),
          percentile(latencies, 99),
          errors,
          firsts,
          caseRows,
          reports,
          reminders,
          `${botAnswered}/${botMessages}`,
        ],
      ],
    );
    if (problems.length) {
      process.stdout.write(`\nPROBLEMS:\n${[...new Set(problems)].map((p) => `  ${p}`).join('\n')}\n`);
      process.exitCode = 1;
    } else {
      process.stdout.write(
        `\nno duplicates: each of ${total} messages accepted once across ${apis} API process(es) with identical answers; ` +
          `${caseRows} cases, one report per message; ${reminders} reminders from 4 concurrent sweeps at ${sweepAt}, each once; ` +
          `one bot reply per bot message\n`,
      );
    }
    // The last line, for machines (integrity shows in the exit code and in "duplicates").
    process.stdout.write(
      `${JSON.stringify({
        apis,
        requests: latencies.length,
        rps: Number(rps.toFixed(1)),
        p50Ms: Number(percentile(latencies, 50).toFixed(1)),
        p99Ms: Number(percentile(latencies, 99).toFixed(1)),
        errors,
        problems: problems.length,
        load: os.loadavg().map((l) => Number(l.toFixed(2))),
      })}\n`,
    );
  } finally {
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(children.map(exited));
    await scratch.drop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

main()
  .then(() => process.exit(process.exitCode ?? 0))
  .catch((error: unknown) => {
    process.stderr.write(`bench:two-apis failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
