// Throwaway benchmark databases: a fresh jw_bench_<random> database on a local Postgres server, dropped afterwards.
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';

export const DEFAULT_SERVER_URL = 'postgres://postgres@127.0.0.1:5432/test';
const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

export interface ScratchDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** The server to benchmark: DATABASE_URL or the local default; benches only ever target this machine. */
export function benchServerUrl(env: NodeJS.ProcessEnv = process.env): string {
  const url = env.DATABASE_URL?.trim() || DEFAULT_SERVER_URL;
  const host = new URL(url).hostname;
  if (!LOCAL_HOSTS.has(host)) throw new Error(`benchmarks only run against 127.0.0.1, not ${host}`);
  return url;
}

export async function createScratchDatabase(serverUrl: string): Promise<ScratchDatabase> {
  const name = `jw_bench_${randomBytes(5).toString('hex')}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    async drop() {
      const dropper = postgres(serverUrl, { max: 1, onnotice: () => {} });
      try {
        await dropper.unsafe(`drop database if exists ${name} with (force)`);
      } finally {
        await dropper.end();
      }
    },
  };
}

/** Server version string, for the report. */
export async function serverVersion(url: string): Promise<string> {
  const client = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const [row] = await client`show server_version`;
    return String(row?.server_version ?? 'unknown');
  } finally {
    await client.end();
  }
}
