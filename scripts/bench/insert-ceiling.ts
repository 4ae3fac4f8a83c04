// The ceiling for ingest: the same database's raw single-row insert rate, by pgbench or a postgres.js loop.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';

function run(file: string, args: string[], timeout = 0): Promise<{ stdout: string }> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { encoding: 'utf8', timeout }, (error, stdout) =>
      error ? reject(error) : resolve({ stdout }),
    );
  });
}

export interface Ceiling {
  insertsPerSecond: number;
  method: 'pgbench' | 'postgres.js' | 'pglite';
}

// One row shaped like a stored message: a unique text key, a small JSON document and a timestamp.
const TABLE = `create table if not exists bench_ceiling (
  id bigint generated always as identity primary key,
  message_id text not null unique,
  payload jsonb not null,
  created_at timestamptz not null default now())`;
const INSERT = `insert into bench_ceiling (message_id, payload) values (gen_random_uuid()::text, '{"intent":"greeting","reply":"您好"}')`;

export async function hasPgbench(): Promise<boolean> {
  try {
    await run('pgbench', ['--version']);
    return true;
  } catch {
    return false;
  }
}

async function withTable<T>(url: string, body: () => Promise<T>): Promise<T> {
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(TABLE);
    return await body();
  } finally {
    await admin.unsafe('drop table if exists bench_ceiling');
    await admin.end();
  }
}

export async function postgresCeiling(
  url: string,
  connections: number,
  seconds: number,
  usePgbench: boolean,
): Promise<Ceiling> {
  return withTable(url, async () => {
    if (usePgbench) return { insertsPerSecond: await pgbench(url, connections, seconds), method: 'pgbench' };
    return { insertsPerSecond: await clientLoop(url, connections, seconds), method: 'postgres.js' };
  });
}

async function pgbench(url: string, connections: number, seconds: number): Promise<number> {
  const dir = await mkdtemp(path.join(tmpdir(), 'jw-pgbench-'));
  try {
    const script = path.join(dir, 'insert.sql');
    await writeFile(script, `${INSERT};\n`);
    const { stdout } = await run(
      'pgbench',
      ['-n', '-M', 'prepared', '-c', String(connections), '-j', String(Math.min(connections, 4))].concat([
        '-T',
        String(seconds),
        '-f',
        script,
        url,
      ]),
      (seconds + 30) * 1000,
    );
    const match =
      /tps = ([\d.]+) \((?:without initial connection time|excluding connections establishing)\)/.exec(
        stdout,
      );
    if (!match) throw new Error(`could not read pgbench output:\n${stdout}`);
    return Number(match[1]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function clientLoop(url: string, connections: number, seconds: number): Promise<number> {
  const client = postgres(url, { max: connections, onnotice: () => {} });
  try {
    await client`select 1`;
    const until = Date.now() + seconds * 1000;
    let inserted = 0;
    const started = Date.now();
    await Promise.all(
      Array.from({ length: connections }, async () => {
        while (Date.now() < until) {
          await client.unsafe(INSERT, [], { prepare: true });
          inserted++;
        }
      }),
    );
    return inserted / ((Date.now() - started) / 1000);
  } finally {
    await client.end();
  }
}

/** PGlite is one in-process connection: a loop of single-row inserts on a fresh on-disk database. */
export async function pgliteCeiling(seconds: number): Promise<Ceiling> {
  const dir = await mkdtemp(path.join(tmpdir(), 'jw-pglite-ceiling-'));
  const db = await PGlite.create(dir);
  try {
    await db.exec(TABLE);
    const until = Date.now() + seconds * 1000;
    const started = Date.now();
    let inserted = 0;
    while (Date.now() < until) {
      await db.query(INSERT);
      inserted++;
    }
    return { insertsPerSecond: inserted / ((Date.now() - started) / 1000), method: 'pglite' };
  } finally {
    await db.close();
    await rm(dir, { recursive: true, force: true });
  }
}
