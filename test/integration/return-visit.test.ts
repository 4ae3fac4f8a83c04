// Issue 14 item 6: a 不满意 answer opens a return visit for the group leader, with its own reminder, closed by `已回访`.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseEvents, outbox, returnVisits } from '../../db/schema/index.js';
import { caseRow, GRP01, reportCase, say } from '../helpers/case-fixtures.js';
import { withClearText } from '../helpers/stored-text.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
beforeAll(async () => {
  // Fri 2026-11-27 10:00 Shanghai.
  t = await createTestApp({ now: '2026-11-27T02:00:00Z' });
});
afterAll(async () => {
  await t?.close();
});

async function finishedCase(from: string): Promise<string> {
  const caseNo = await reportCase(t, { from });
  await say(t, GRP01.liaison, `受理 ${caseNo}`);
  await say(t, GRP01.liaison, `办结 ${caseNo} 已协调物业解决`);
  return caseNo;
}

const leaderMessages = async (caseId: number) =>
  withClearText(
    t.app.services.registry.fieldCipher,
    await t.database.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.caseId, caseId), eq(outbox.toId, GRP01.leader))),
  );

describe('return visit after 不满意', () => {
  it('opens a task for the group leader, reminds on the due day, and closes with 已回访', async () => {
    const caseNo = await finishedCase('wxid_rv1');
    const row = await caseRow(t, caseNo);
    // At 22:00 the leader is not woken: the notice waits for the end of quiet hours.
    t.clock.set('2026-11-27T22:00:00+08:00');
    expect(await say(t, 'wxid_rv1', '不满意')).toContain('感谢您的评价');
    const [visit] = await t.database.db.select().from(returnVisits).where(eq(returnVisits.caseId, row.id));
    expect(visit).toMatchObject({ state: 'open' });
    // Three working days after Fri 11-27: Wed 12-02, end of day.
    expect(visit!.dueAt.toISOString()).toBe(new Date('2026-12-02T23:59:59.999+08:00').toISOString());
    const [notice] = (await leaderMessages(row.id)).filter((m) => m.purpose === 'return_visit');
    expect(notice!.text).toContain(`【回访】案件 ${caseNo}`);
    expect(notice!.availableAt.toISOString()).toBe(new Date('2026-11-28T08:00:00+08:00').toISOString());

    // Before the due day nothing; on it at 09:00 one reminder, however often the sweep runs; next day another.
    t.clock.set('2026-12-01T10:00:00+08:00');
    expect(
      await t.database.db.transaction((tx) => t.app.services.returnVisits.remind(tx, t.clock.now())),
    ).toBe(0);
    t.clock.set('2026-12-02T09:00:00+08:00');
    const remind = () =>
      t.database.db.transaction((tx) => t.app.services.returnVisits.remind(tx, t.clock.now()));
    expect(await remind()).toBe(1);
    expect(await remind()).toBe(0);
    t.clock.set('2026-12-03T09:30:00+08:00');
    expect(await remind()).toBe(1);
    const reminders = (await leaderMessages(row.id)).filter((m) => m.purpose === 'return_visit_reminder');
    expect(reminders.map((m) => m.text.includes('已于'))).toEqual([false, true]);

    // A prosecutor of another group cannot close it; the leader can.
    expect(await say(t, 'demo-prosecutor-07', `已回访 ${caseNo}`)).toContain('没有待完成的回访');
    expect(await say(t, GRP01.leader, `已回访 ${caseNo}`)).toContain(`案件 ${caseNo} 已回访`);
    const [done] = await t.database.db.select().from(returnVisits).where(eq(returnVisits.caseId, row.id));
    expect(done!.state).toBe('done');
    t.clock.set('2026-12-04T09:30:00+08:00');
    expect(await remind()).toBe(0);
    const types = (await t.database.db.select().from(caseEvents).where(eq(caseEvents.caseId, row.id))).map(
      (e) => e.type,
    );
    expect(types).toContain('return_visit_opened');
    expect(types).toContain('return_visit_done');
  });

  it('满意 opens no return visit', async () => {
    t.clock.set('2026-11-27T10:00:00+08:00');
    const caseNo = await finishedCase('wxid_rv2');
    await say(t, 'wxid_rv2', '满意');
    const row = await caseRow(t, caseNo);
    expect(await t.database.db.select().from(returnVisits).where(eq(returnVisits.caseId, row.id))).toEqual(
      [],
    );
  });
});
