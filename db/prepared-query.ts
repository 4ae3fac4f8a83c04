// One SQL text fixed per process, run outside drizzle on either driver: the hot statements skip its query building.
import type { Db } from './create-db.js';

/** Positional parameters, all sent as text (the statement casts them), so both drivers encode them alike. */
export type PreparedQuery = (text: string, values: (string | null)[]) => Promise<Record<string, unknown>[]>;

interface PostgresJsClient {
  unsafe(text: string, values: (string | null)[], options: { prepare: boolean }): Promise<unknown>;
}
interface PgliteClient {
  query(text: string, values: (string | null)[]): Promise<{ rows: unknown[] }>;
}

/**
 * The driver drizzle was opened on (`$client`): postgres.js prepares the text by name once per connection,
 * so a repeat is one Bind/Execute round trip; PGlite runs it in process. Outside a transaction the statement
 * commits on its own, so whatever it writes is written together or not at all.
 */
export function preparedQuery(db: Db): PreparedQuery {
  const client = (db as unknown as { $client?: unknown }).$client;
  if (client && typeof (client as PostgresJsClient).unsafe === 'function') {
    const sql = client as PostgresJsClient;
    return async (text, values) =>
      (await sql.unsafe(text, values, { prepare: true })) as Record<string, unknown>[];
  }
  if (client && typeof (client as PgliteClient).query === 'function') {
    const pglite = client as PgliteClient;
    return async (text, values) => (await pglite.query(text, values)).rows as Record<string, unknown>[];
  }
  throw new Error('preparedQuery: the database was not opened by createDb (no postgres.js or PGlite client)');
}
