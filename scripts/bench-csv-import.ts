// npm run bench:csv-import — /health latencies while the largest allowed people CSV (20,000 rows) is imported, on on-disk PGlite (or --database-url).
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildApp } from '../api/app.js';
import { systemClock } from '../api/clock.js';
import { loadConfig } from '../api/config/config.js';
import { createLogger } from '../api/http/logger.js';
import type { MessageParser } from '../api/messages/message-parser.js';
import { MAX_CSV_ROWS } from '../api/registry/csv-import.js';
import { createDb } from '../db/create-db.js';
import { seedRegistryIfEmpty } from '../db/seed/seed-registry.js';
import { flag, machineSummary, numberFlag, percentile, printTable, sleep } from './bench/bench-stats.js';

const argv = process.argv.slice(2);
const rows = numberFlag(argv, 'rows', MAX_CSV_ROWS, 1, MAX_CSV_ROWS);
const intervalMs = numberFlag(argv, 'interval', 100, 10, 5000);
const databaseUrl = flag(argv, 'database-url');
const ADMIN_TOKEN = `bench-admin-${randomBytes(16).toString('hex')}`;

// The import never parses a message; the intents model is not trained for this bench.
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

function peopleCsv(n: number): string {
  const lines = ['name,role,wechat_id,grid_code,group_code,phone'];
  for (let i = 0; i < n; i++) {
    const phone = `139${String(i).padStart(8, '0')}`;
    lines.push(`网格员${i},grid_member,wxid_bench_${i},GL-S05-C01-G01,,${phone}`);
  }
  return `${lines.join('\r\n')}\r\n`;
}

async function main(): Promise<void> {
  const dataDir = databaseUrl ? 'memory' : await mkdtemp(path.join(tmpdir(), 'jw-bench-csv-'));
  const database = await createDb({ databaseUrl, dataDir });
  await seedRegistryIfEmpty(database.db);
  const config = loadConfig({
    NODE_ENV: 'development',
    HOST: '127.0.0.1',
    PORT: '0',
    DATA_DIR: dataDir,
    ADMIN_TOKEN,
    BOT_TOKEN: `bench-bot-${randomBytes(16).toString('hex')}`,
    RATE_LIMIT_PER_MINUTE: '0',
  });
  const app = await buildApp({
    config,
    database,
    clock: systemClock,
    logger: createLogger({ level: 'silent' }),
    parser,
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

  const body = peopleCsv(rows);
  const latencies: number[] = [];
  let failures = 0;
  let done = false;
  const started = performance.now();
  const importing = fetch(`${base}/v1/people/import`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'text/csv' },
    body,
  }).then(async (res) => {
    done = true;
    return { status: res.status, body: await res.text(), ms: performance.now() - started };
  });
  process.stdout.write(
    `importing ${rows} people (${(body.length / 1024).toFixed(0)} KB) on ${database.kind}\n`,
  );
  process.stdout.write('  t (s)  /health ms\n');
  while (!done) {
    const t0 = performance.now();
    try {
      const res = await fetch(`${base}/health`, { signal: AbortSignal.timeout(5000) });
      if (!res.ok) failures++;
      await res.arrayBuffer();
    } catch {
      failures++;
    }
    const ms = performance.now() - t0;
    if (!done) {
      latencies.push(ms);
      process.stdout.write(
        `${((t0 - started) / 1000).toFixed(1).padStart(7)}  ${ms.toFixed(0).padStart(9)}\n`,
      );
    }
    await sleep(intervalMs);
  }
  const result = await importing;
  const sorted = [...latencies].sort((a, b) => a - b);
  printTable(
    ['db', 'rows', 'import s', 'status', '/health n', 'p50 ms', 'p99 ms', 'max ms', 'failed'],
    [
      [
        database.kind,
        rows,
        (result.ms / 1000).toFixed(1),
        result.status,
        sorted.length,
        percentile(sorted, 50).toFixed(0),
        percentile(sorted, 99).toFixed(0),
        (sorted.at(-1) ?? 0).toFixed(0),
        failures,
      ],
    ],
  );
  process.stdout.write(`${machineSummary()}\n`);
  if (result.status !== 200)
    process.stdout.write(`import answered ${result.status}: ${result.body.slice(0, 300)}\n`);
  await app.close();
  await database.close();
  if (!databaseUrl) await rm(dataDir, { recursive: true, force: true });
  const slowest = sorted.at(-1) ?? 0;
  process.stdout.write(
    `${JSON.stringify({
      db: database.kind,
      rows,
      importMs: Math.round(result.ms),
      healthMaxMs: Math.round(slowest),
      healthP99Ms: Math.round(percentile(sorted, 99)),
      failures,
    })}\n`,
  );
  process.exitCode = result.status === 200 && failures === 0 && slowest < 1000 ? 0 : 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`bench-csv-import failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
