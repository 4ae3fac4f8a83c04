// Opens the database: embedded PGlite under DATA_DIR by default, postgres.js when DATABASE_URL is set.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { acquireDataDirLock, type DataDirLock, DataDirLockedError } from './data-dir-lock.js';
import { DatabaseOpenError, explainPgliteError, explainPostgresError } from './database-errors.js';
import * as schema from './schema/index.js';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type DbKind = 'pglite' | 'postgres';

/** Runs one raw SQL statement with positional parameters; used by pg-boss and benchmarks. */
export type ExecuteSql = (text: string, values?: unknown[]) => Promise<{ rows: Record<string, unknown>[] }>;

export interface Database {
  db: Db;
  kind: DbKind;
  executeSql: ExecuteSql;
  ping(): Promise<void>;
  close(): Promise<void>;
  /** PGlite under a directory: the lock that makes this process its only user. */
  dataDirLock?: DataDirLock;
}

export interface CreateDbOptions {
  /** postgres:// URL; when absent PGlite is used. */
  databaseUrl?: string | undefined;
  /** Directory for PGlite files; `memory` keeps it in memory (tests). */
  dataDir?: string;
  /** Apply committed migrations before returning (default true). */
  migrate?: boolean;
  maxConnections?: number;
  /** Names this process in the PGlite directory's lock (e.g. `npm start`), for whoever finds it taken. */
  owner?: string;
}

export const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/**
 * Opens (and by default migrates) the database. A server that cannot be reached, a missing database, a
 * refused login or an unreadable data directory throws a DatabaseOpenError whose message is one line
 * naming host and database (never the password) and what to check.
 */
export async function createDb(options: CreateDbOptions = {}): Promise<Database> {
  const url = options.databaseUrl;
  const explain = (error: unknown) =>
    url
      ? explainPostgresError(error, url)
      : explainPgliteError(error, path.resolve(options.dataDir ?? './data'));
  let database: Database & { migrate(): Promise<void> };
  try {
    database = url
      ? openPostgres(url, options.maxConnections ?? 10)
      : await openPglite(options.dataDir ?? './data', options.owner ?? processLabel());
  } catch (error) {
    if (error instanceof DataDirLockedError) throw error;
    throw new DatabaseOpenError(explain(error), { cause: error });
  }
  try {
    // Connecting first makes an unreachable server or a refused login fail as such, not as a failed migration.
    await database.ping();
    if (options.migrate ?? true) await database.migrate();
  } catch (error) {
    await database.close().catch(() => undefined);
    throw new DatabaseOpenError(explain(error), { cause: error });
  }
  const { migrate: _migrate, ...rest } = database;
  return rest;
}

function openPostgres(url: string, max: number): Database & { migrate(): Promise<void> } {
  const client = postgres(url, { max, onnotice: () => {}, connection: { TimeZone: 'UTC' } });
  const db = drizzlePostgres(preparingStatements(client), { schema }) as unknown as Db;
  return {
    db,
    kind: 'postgres',
    executeSql: async (text, values = []) => {
      // Behave like node-postgres, which pg-boss expects: undefined is null, dates ISO text, objects JSON text.
      const params = values.map((v) => {
        if (v === undefined) return null;
        if (v instanceof Date) return v.toISOString();
        if (v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype)
          return JSON.stringify(v);
        return v;
      }) as postgres.ParameterOrJSON<never>[];
      // postgres.js refuses BEGIN on a pooled connection; a script with its own transaction gets one reserved.
      if (/^\s*begin\b/i.test(text)) {
        const reserved = await client.reserve();
        try {
          return { rows: (await reserved.unsafe(text, params)) as unknown as Record<string, unknown>[] };
        } finally {
          reserved.release();
        }
      }
      return { rows: (await client.unsafe(text, params)) as unknown as Record<string, unknown>[] };
    },
    ping: async () => {
      await client`select 1`;
    },
    close: () => client.end({ timeout: 5 }),
    migrate: () => migratePostgres(drizzlePostgres(client), { migrationsFolder: MIGRATIONS_DIR }),
  };
}

/**
 * drizzle sends every statement unnamed (`prepare: false`), which costs postgres.js a Parse/Describe round trip
 * before each Bind/Execute. Naming them lets postgres.js cache each statement per connection, so a repeated
 * statement is one round trip. The statement texts are drizzle's fixed shapes (values are always parameters).
 */
export function preparingStatements(sql: postgres.Sql): postgres.Sql {
  type Scoped = (inner: postgres.Sql) => unknown;
  const scoped =
    (run: (...args: unknown[]) => unknown) =>
    (...args: unknown[]) => {
      const fn = args.pop() as Scoped;
      return run(...args, (inner: postgres.Sql) => fn(preparingStatements(inner)));
    };
  return new Proxy(sql, {
    get(target, key, receiver) {
      if (key === 'unsafe')
        return (text: string, params?: postgres.ParameterOrJSON<never>[], options?: object) =>
          target.unsafe(text, params, { ...options, prepare: true });
      if (key === 'begin' || key === 'savepoint')
        return scoped(Reflect.get(target, key, receiver).bind(target));
      return Reflect.get(target, key, receiver);
    },
  });
}

function processLabel(): string {
  const script = process.argv[1] ? path.basename(process.argv[1]) : 'node';
  return script === 'start.ts' ? 'npm start' : script;
}

async function openPglite(dataDir: string, owner: string): Promise<Database & { migrate(): Promise<void> }> {
  let dir: string | undefined;
  let lock: DataDirLock | undefined;
  if (dataDir !== 'memory') {
    // Before PGlite touches the files: a second process on one directory would corrupt it.
    lock = acquireDataDirLock(dataDir, owner);
    dir = path.resolve(dataDir, 'pglite');
    mkdirSync(dir, { recursive: true });
  }
  let client: PGlite;
  try {
    client = await PGlite.create(dir);
  } catch (error) {
    lock?.release();
    throw error;
  }
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  let closed = false;
  return {
    db,
    kind: 'pglite',
    executeSql: async (text, values = []) => {
      // Without parameters use the simple protocol, as pg and postgres.js do: pg-boss migrations are multi-statement.
      if (values.length === 0) {
        const results = await client.exec(text);
        return { rows: (results.at(-1)?.rows ?? []) as Record<string, unknown>[] };
      }
      const result = await client.query<Record<string, unknown>>(text, values);
      return { rows: result.rows };
    },
    ping: async () => {
      if (closed || client.closed) throw new Error('database is closed');
      await client.query('select 1');
    },
    close: async () => {
      if (closed) return;
      closed = true;
      try {
        await client.close();
      } finally {
        lock?.release();
      }
    },
    ...(lock ? { dataDirLock: lock } : {}),
    migrate: () => migratePglite(drizzlePglite(client), { migrationsFolder: MIGRATIONS_DIR }),
  };
}
