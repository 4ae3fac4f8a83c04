// A postgres.js Database whose drizzle instance records every query, so benches can EXPLAIN what services ran.
import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { type Database, type Db, MIGRATIONS_DIR } from '../../db/create-db.js';
import * as schema from '../../db/schema/index.js';

export interface CapturedQuery {
  sql: string;
  params: unknown[];
}

export interface CapturingDatabase extends Database {
  client: postgres.Sql;
  captured: CapturedQuery[];
}

export async function openCapturingDatabase(url: string, max = 10): Promise<CapturingDatabase> {
  const client = postgres(url, { max, onnotice: () => {}, connection: { TimeZone: 'UTC' } });
  await migrate(drizzle(client), { migrationsFolder: MIGRATIONS_DIR });
  const captured: CapturedQuery[] = [];
  const db = drizzle(client, {
    schema,
    logger: { logQuery: (sql, params) => void captured.push({ sql, params }) },
  }) as unknown as Db;
  return {
    db,
    kind: 'postgres',
    client,
    captured,
    executeSql: async (text, values = []) => ({
      rows: (await client.unsafe(text, values as postgres.ParameterOrJSON<never>[])) as unknown as Record<
        string,
        unknown
      >[],
    }),
    ping: async () => {
      await client`select 1`;
    },
    close: () => client.end({ timeout: 5 }),
  };
}

/** Median wall time of running one captured query `runs` times; with `seqScanOnly` index use is switched off. */
export async function timeQuery(
  client: postgres.Sql,
  query: CapturedQuery,
  runs: number,
  seqScanOnly = false,
): Promise<number> {
  const times: number[] = [];
  await client.begin(async (tx) => {
    if (seqScanOnly)
      await tx.unsafe(
        'set local enable_indexscan = off; set local enable_bitmapscan = off; set local enable_indexonlyscan = off',
      );
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      await tx.unsafe(query.sql, query.params as postgres.ParameterOrJSON<never>[]);
      times.push(performance.now() - started);
    }
  });
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

/** EXPLAIN (ANALYZE, BUFFERS) of a captured query, condensed to its plan nodes, buffers and timing lines. */
export async function explain(
  client: postgres.Sql,
  query: CapturedQuery,
  seqScanOnly = false,
): Promise<string[]> {
  const lines: string[] = [];
  await client.begin(async (tx) => {
    if (seqScanOnly)
      await tx.unsafe(
        'set local enable_indexscan = off; set local enable_bitmapscan = off; set local enable_indexonlyscan = off',
      );
    const rows = await tx.unsafe(
      `explain (analyze, buffers) ${query.sql}`,
      query.params as postgres.ParameterOrJSON<never>[],
    );
    for (const row of rows) lines.push(String(row['QUERY PLAN']));
  });
  return lines.filter((l) =>
    /Scan|BitmapOr|Sort|Limit|Buffers|Execution Time|Planning Time|Rows Removed/.test(l),
  );
}
