// Everything a database holds, as text: the real pg_dump on Postgres, every table's rows as JSON on PGlite.
import { execFile } from 'node:child_process';
import type { TestDatabase } from './test-database.js';

const PG_DUMP = process.env.PG_DUMP ?? '/usr/bin/pg_dump';

/** What an attacker holding a dump (or a disk copy) of the database would read. */
export async function databaseText(database: TestDatabase): Promise<string> {
  if (database.url) {
    const url = database.url;
    return new Promise((resolve, reject) => {
      execFile(
        PG_DUMP,
        ['--no-owner', url],
        { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 },
        (error, stdout, stderr) => (error ? reject(new Error(`pg_dump failed: ${stderr}`)) : resolve(stdout)),
      );
    });
  }
  const { rows: tables } = await database.executeSql(
    `select table_schema as s, table_name as t from information_schema.tables
      where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')
      order by 1, 2`,
  );
  const parts: string[] = [];
  for (const { s, t } of tables as { s: string; t: string }[]) {
    const name = `"${s.replaceAll('"', '""')}"."${t.replaceAll('"', '""')}"`;
    const { rows } = await database.executeSql(`select row_to_json(r)::text as j from ${name} r`);
    parts.push(`-- ${name}`, ...rows.map((r) => String(r.j)));
  }
  return parts.join('\n');
}

/** Every run of `length` characters (code points) of a text, spaces and all. */
export function runsOf(text: string, length = 6): string[] {
  const chars = Array.from(text);
  const runs = new Set<string>();
  for (let i = 0; i + length <= chars.length; i++) runs.add(chars.slice(i, i + length).join(''));
  return [...runs];
}
