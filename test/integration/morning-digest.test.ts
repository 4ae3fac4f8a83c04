// The morning digest read per person by index: a long list is cut at 30 and counted, a case taken by someone without WeChat reaches the group's liaison and leader, and digestFor gives exactly the morning run's text.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIGEST_MAX_ITEMS } from '../../api/reminders/reminder-texts.js';
import { people } from '../../db/schema/index.js';
import { assignTo, outboxRows, personId, seedCase } from '../helpers/sweep-fixtures.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

describe('morning digest per person', () => {
  let t: TestApp;
  const seeded: string[] = [];
  let silent: string;

  beforeAll(async () => {
    t = await createTestApp({ now: '2026-11-02T10:00:00+08:00' });
    const db = t.database.db;
    // 33 cases for PR-03, received a day apart: the oldest are overdue by the digest day.
    for (let i = 0; i < DIGEST_MAX_ITEMS + 3; i++) {
      const day = String(1 + (i % 28)).padStart(2, '0');
      const month = i < 28 ? '10' : '11';
      const row = await seedCase(t.app.services, db, { receivedAt: `2026-${month}-${day}T10:00:00+08:00` });
      await assignTo(db, row.id, 'PR-03');
      seeded.push(row.caseNo);
    }
    // One taken by PR-04, who has no WeChat: the group's liaison and leader see it instead.
    const row = await seedCase(t.app.services, db, { receivedAt: '2026-11-02T10:00:00+08:00' });
    await db.update(people).set({ wechatId: null }).where(eq(people.code, 'PR-04'));
    await assignTo(db, row.id, 'PR-04');
    silent = row.caseNo;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('lists the 30 most urgent, counts the rest and the overdue, and routes a silent assignee’s case to the group', async () => {
    t.clock.set('2026-11-16T08:30:00+08:00');
    const pr03 = await personId(t.database.db, 'PR-03');
    const preview = await t.app.services.digest.digestFor(t.database.db, pr03);
    const result = await t.app.services.digest.runIfDue(t.clock.now());
    expect(result.ran).toBe(true);
    const mine = result.queued.find((q) => q.personId === pr03)!;
    expect(mine.caseNos).toHaveLength(DIGEST_MAX_ITEMS);
    expect(mine.caseNos).not.toContain(silent);
    const [row] = await outboxRows(
      t.database.db,
      `digest:${pr03}:2026-11-16`,
      t.app.services.registry.fieldCipher,
    );
    expect(row!.text).toBe(preview);
    expect(row!.text).toContain(`您有${DIGEST_MAX_ITEMS + 3}件待办`);
    expect(row!.text).toContain('另有3件未列出');
    expect(row!.text).toMatch(/其中\d+件已超期/);
    const pr04 = await personId(t.database.db, 'PR-04');
    expect(result.queued.some((q) => q.personId === pr04)).toBe(false);
    const liaison = await personId(t.database.db, 'PR-02');
    const leader = await personId(t.database.db, 'PR-01');
    for (const id of [liaison, leader])
      expect(result.queued.find((q) => q.personId === id)?.caseNos).toContain(silent);
    expect(await t.app.services.digest.digestFor(t.database.db, pr04)).toBeNull();
    // digestFor is the morning run's reading for one person: the same text for every reader, group contacts too.
    expect(result.queued.length).toBeGreaterThanOrEqual(3);
    for (const q of result.queued) {
      const [queued] = await outboxRows(
        t.database.db,
        `digest:${q.personId}:2026-11-16`,
        t.app.services.registry.fieldCipher,
      );
      expect(await t.app.services.digest.digestFor(t.database.db, q.personId), String(q.personId)).toBe(
        queued!.text,
      );
    }
  });
});
