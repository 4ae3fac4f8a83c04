// The one deadline definition: its SQL (filters, cases.next_due_at) agrees with its TypeScript on every kind of case, and the re-plan triggers keep case_reminders in step.
import { eq, getTableColumns, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  anyDeadlineOpenSql,
  anyDeadlineOverdueSql,
  DEADLINE_COLUMNS,
  deadlineRowsSql,
  nearestOpenDeadline,
  openDeadlinesOf,
} from '../../api/deadlines/open-deadlines.js';
import { CASE_KINDS, CASE_STATUSES, caseReminders, cases, people } from '../../db/schema/index.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';

const col = (c: (typeof DEADLINE_COLUMNS)[number]) => cases[c];
const at = (day: number) => new Date(Date.UTC(2026, 10, day, 15, 59, 59, 999));
const AS_OF = at(15);

let database: TestDatabase;

/** The case's case_reminders.next_reminder_at (undefined: no row). */
const reminderOf = async (caseId: number) =>
  (
    await database.db
      .select({ at: caseReminders.nextReminderAt })
      .from(caseReminders)
      .where(eq(caseReminders.caseId, caseId))
  )[0]?.at;

beforeAll(async () => {
  database = await createTestDatabase();
  // Every status × kind, with and without a reason for no reply, replies given or not, progress set or not.
  const rows: (typeof cases.$inferInsert)[] = [];
  let n = 0;
  for (const status of CASE_STATUSES)
    for (const kind of CASE_KINDS)
      for (const variant of [0, 1, 2, 3]) {
        n++;
        rows.push({
          caseNo: `GL-2026-${String(n).padStart(6, '0')}`,
          kind,
          status,
          intent: 'report_dispute',
          summaryEnc: 'x',
          receivedAt: at(1),
          noReplyReason: variant === 3 ? 'anonymous' : null,
          proceduralDueAt: at(5 + (n % 20)),
          proceduralRepliedAt: variant === 1 ? at(3) : null,
          substantiveDueAt: at(2 + (n % 25)),
          substantiveRepliedAt: variant === 2 ? at(4) : null,
          nextProgressDueAt: variant === 2 ? at(1 + (n % 28)) : null,
          aidNoticeDueAt: kind === 'aid_request' ? at(3 + (n % 20)) : null,
        });
      }
  await database.db.insert(cases).values(rows);
});

afterAll(async () => {
  await database?.close();
});

describe('open deadlines, one definition', () => {
  it('the generated next_due_at and next_due_kind are the TypeScript nearest open deadline, for every case', async () => {
    const rows = await database.db.select().from(cases);
    expect(rows.length).toBeGreaterThan(100);
    let withDeadline = 0;
    for (const row of rows) {
      const nearest = nearestOpenDeadline(row);
      if (nearest) withDeadline++;
      expect(row.nextDueAt?.getTime() ?? null, row.caseNo).toBe(nearest?.dueAt.getTime() ?? null);
      expect(row.nextDueKind, row.caseNo).toBe(nearest?.kind ?? null);
    }
    expect(withDeadline).toBeGreaterThan(10);
    expect(withDeadline).toBeLessThan(rows.length);
  });

  it('the SQL filters select exactly the cases the TypeScript rules call open, or overdue', async () => {
    const rows = await database.db.select().from(cases);
    const open = await database.db
      .select({ caseNo: cases.caseNo })
      .from(cases)
      .where(anyDeadlineOpenSql(col));
    expect(open.map((r) => r.caseNo).sort()).toEqual(
      rows
        .filter((r) => openDeadlinesOf(r).length > 0)
        .map((r) => r.caseNo)
        .sort(),
    );
    const overdue = await database.db
      .select({ caseNo: cases.caseNo })
      .from(cases)
      .where(anyDeadlineOverdueSql(col, AS_OF));
    const expected = rows.filter((r) => openDeadlinesOf(r).some((d) => d.dueAt < AS_OF)).map((r) => r.caseNo);
    expect(expected.length).toBeGreaterThan(0);
    expect(overdue.map((r) => r.caseNo).sort()).toEqual(expected.sort());
  });

  it('the deadline rows the sweep plans from are the TypeScript open deadlines, for every case', async () => {
    const rows = await database.db.select().from(cases);
    const result = await database.db.execute(
      sql`select ${cases.caseNo} as case_no, d.kind, (extract(epoch from d.due_at) * 1000)::float8 as due_ms
          from ${cases} cross join lateral ${deadlineRowsSql(col)} as d(kind, due_at)
          where d.due_at is not null`,
    );
    const fromSql = (
      (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as {
        case_no: string;
        kind: string;
        due_ms: number;
      }[]
    ).map((r) => `${r.case_no} ${r.kind} ${Number(r.due_ms)}`);
    const fromTs = rows.flatMap((r) =>
      openDeadlinesOf(r).map((d) => `${d.caseNo} ${d.kind} ${d.dueAt.getTime()}`),
    );
    expect(fromTs.length).toBeGreaterThan(rows.length / 2);
    expect(fromSql.sort()).toEqual(fromTs.sort());
  });

  it('the re-plan trigger fires on exactly the columns the rules read', async () => {
    const names = DEADLINE_COLUMNS.map((c) => getTableColumns(cases)[c].name).sort();
    const result = await database.db.execute(
      sql`select event_object_column as name from information_schema.triggered_update_columns
          where trigger_name = 'cases_replan_reminders' and event_object_table = 'cases'`,
    );
    const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as {
      name: string;
    }[];
    expect(rows.map((r) => r.name).sort()).toEqual(names);
  });

  it('a new case with an open deadline waits for the next sweep; one owing nothing is not in the sweep', async () => {
    const [open, closed] = await database.db
      .insert(cases)
      .values(
        (['received', 'closed'] as const).map((status, i) => ({
          caseNo: `GL-2026-9${String(i).padStart(5, '0')}`,
          kind: 'dispute' as const,
          status,
          intent: 'report_dispute',
          summaryEnc: 'x',
          receivedAt: at(1),
          proceduralDueAt: at(10),
          substantiveDueAt: at(28),
        })),
      )
      .returning({ id: cases.id });
    expect((await reminderOf(open!.id))?.getTime()).toBe(0);
    expect(await reminderOf(closed!.id)).toBeUndefined();
  });

  it('a change to a deadline marks the case for the next sweep; other changes, reassignment included, do not', async () => {
    const [row] = await database.db.select().from(cases).where(eq(cases.status, 'received')).limit(1);
    const id = row!.id;
    const planned = new Date('2026-12-01T01:00:00Z');
    const plan = () =>
      database.db.update(caseReminders).set({ nextReminderAt: planned }).where(eq(caseReminders.caseId, id));
    await plan();
    expect(await reminderOf(id)).toEqual(planned);
    await database.db.update(cases).set({ category: 'other', updatedAt: new Date() }).where(eq(cases.id, id));
    expect(await reminderOf(id)).toEqual(planned);
    // Reminders go to whoever holds the case when they fire: handing it over re-plans nothing.
    const [person] = await database.db
      .insert(people)
      .values({ code: 'P-T1', name: '甲', role: 'prosecutor' })
      .returning();
    await database.db.update(cases).set({ assigneeId: person!.id }).where(eq(cases.id, id));
    expect(await reminderOf(id)).toEqual(planned);
    // Set to the value it already has: nothing changed, nothing to re-plan.
    await database.db.update(cases).set({ status: 'received' }).where(eq(cases.id, id));
    expect(await reminderOf(id)).toEqual(planned);
    await database.db.update(cases).set({ status: 'accepted' }).where(eq(cases.id, id));
    expect((await reminderOf(id))?.getTime()).toBe(0);
    await plan();
    await database.db
      .update(cases)
      .set({ nextProgressDueAt: at(28) })
      .where(eq(cases.id, id));
    expect((await reminderOf(id))?.getTime()).toBe(0);
    // Closed: it owes nothing, and the sweep no longer looks at it; reopened: planned again.
    await plan();
    await database.db
      .update(cases)
      .set({ status: 'closed', nextProgressDueAt: null })
      .where(eq(cases.id, id));
    expect(await reminderOf(id)).toBeNull();
    await database.db.update(cases).set({ status: 'in_progress' }).where(eq(cases.id, id));
    expect((await reminderOf(id))?.getTime()).toBe(0);
  });

  // PGlite has one connection: no second transaction to wait.
  it.skipIf(!process.env.DATABASE_URL)(
    'a case planned by the sweep is held: a change made meanwhile waits, then marks it again',
    async () => {
      const [row] = await database.db.select().from(cases).where(eq(cases.status, 'accepted')).limit(1);
      const id = row!.id;
      const planned = new Date('2026-12-01T01:00:00Z');
      let change: Promise<unknown> | undefined;
      await database.db.transaction(async (tx) => {
        await tx.execute(
          sql`select 1 from ${caseReminders} where ${caseReminders.caseId} = ${id} for update`,
        );
        change = database.db.update(cases).set({ status: 'in_progress' }).where(eq(cases.id, id)).execute();
        await new Promise((resolve) => setTimeout(resolve, 200));
        await tx.update(caseReminders).set({ nextReminderAt: planned }).where(eq(caseReminders.caseId, id));
      });
      await change;
      expect((await reminderOf(id))?.getTime()).toBe(0);
    },
  );
});
