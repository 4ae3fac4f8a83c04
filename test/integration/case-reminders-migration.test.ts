// Migration case_reminders: each case keeps the instant the sweep had stored in cases.next_reminder_at, and the triggers run.
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR } from '../../db/create-db.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';

let database: TestDatabase;
let before: string;

async function migrateTo(folder: string): Promise<void> {
  // biome-ignore lint/suspicious/noExplicitAny: both migrators take the drizzle instance the driver made
  const db = database.db as any;
  if (database.kind === 'pglite') await migratePglite(db, { migrationsFolder: folder });
  else await migratePostgres(db, { migrationsFolder: folder });
}

const rows = async (text: string) => (await database.executeSql(text)).rows;

beforeAll(async () => {
  database = await createTestDatabase({ migrate: false });
  // The migrations up to, not including, case_reminders.
  before = await mkdtemp(path.join(tmpdir(), 'jw-migrations-'));
  const journal = JSON.parse(await readFile(path.join(MIGRATIONS_DIR, 'meta', '_journal.json'), 'utf8')) as {
    entries: { tag: string }[];
  };
  const cut = journal.entries.findIndex((e) => e.tag.endsWith('_case_reminders'));
  expect(cut).toBeGreaterThan(0);
  const kept = journal.entries.slice(0, cut);
  await cp(path.join(MIGRATIONS_DIR, 'meta'), path.join(before, 'meta'), { recursive: true });
  await writeFile(path.join(before, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries: kept }));
  for (const file of await readdir(MIGRATIONS_DIR))
    if (kept.some((e) => file === `${e.tag}.sql`))
      await cp(path.join(MIGRATIONS_DIR, file), path.join(before, file));
  await migrateTo(before);
});

afterAll(async () => {
  await database?.close();
  if (before) await rm(before, { recursive: true, force: true });
});

describe('migration case_reminders', () => {
  it('moves every stored next_reminder_at into case_reminders and keeps re-planning on deadline changes', async () => {
    await database.executeSql(`
      insert into cases (case_no, kind, status, intent, summary_enc, received_at, procedural_due_at,
        substantive_due_at, closed_at, next_reminder_at)
      values
        ('GL-2026-000001', 'dispute', 'accepted', 'report_dispute', 'x', '2026-11-02T02:00:00Z',
          '2026-11-11T15:59:59.999Z', '2027-02-02T15:59:59.999Z', null, '2026-11-20T01:00:00Z'),
        ('GL-2026-000002', 'dispute', 'received', 'report_dispute', 'x', '2026-11-25T02:00:00Z',
          '2026-12-04T15:59:59.999Z', '2027-02-25T15:59:59.999Z', null, 'epoch'),
        ('GL-2026-000003', 'dispute', 'closed', 'report_dispute', 'x', '2026-01-05T02:00:00Z',
          '2026-01-14T15:59:59.999Z', '2026-04-07T15:59:59.999Z', '2026-03-01T02:00:00Z', null)`);
    await migrateTo(MIGRATIONS_DIR);

    const moved = await rows(`
      select c.case_no, r.next_reminder_at from cases c left join case_reminders r on r.case_id = c.id
      order by c.case_no`);
    expect(
      moved.map((r) => [
        r.case_no,
        r.next_reminder_at === null ? null : new Date(r.next_reminder_at as string).toISOString(),
      ]),
    ).toEqual([
      ['GL-2026-000001', '2026-11-20T01:00:00.000Z'],
      ['GL-2026-000002', '1970-01-01T00:00:00.000Z'],
      ['GL-2026-000003', null],
    ]);
    expect(
      await rows(
        `select 1 from information_schema.columns where table_name = 'cases' and column_name = 'next_reminder_at'`,
      ),
    ).toEqual([]);

    // The triggers came with it: reopening the closed case asks the next sweep to plan it.
    await database.executeSql(
      `update cases set status = 'in_progress', closed_at = null where case_no = 'GL-2026-000003'`,
    );
    const [reopened] = await rows(`
      select r.next_reminder_at from cases c join case_reminders r on r.case_id = c.id where c.case_no = 'GL-2026-000003'`);
    expect(new Date(reopened!.next_reminder_at as string).getTime()).toBe(0);
  });
});
