// Early warning: three clues of one category from one community within 30 days propose a meeting, once.
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { earlyWarnings, outbox } from '../../db/schema/index.js';
import { GRP03 } from '../helpers/case-fixtures.js';
import { inbound, parseOf } from '../helpers/inbound-fixtures.js';
import { ADMIN, auth, createTestApp, postInbound, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ now: '2026-12-01T02:00:00Z' });
});
afterAll(async () => {
  await t?.close();
});

async function clue(category: string, daysAgo: number) {
  const at = new Date(t.clock.now().getTime() - daysAgo * 86_400_000).toISOString();
  const res = await postInbound(
    t,
    inbound(
      `三坊七巷社区 线索 ${randomUUID()}`,
      parseOf('report_clue', { category: category as 'gambling', entities: { place: '三坊七巷社区' } }),
      { from: { id: `wxid_${randomUUID().slice(0, 8)}`, name: '' }, receivedAt: at },
    ),
  );
  expect(res.statusCode).toBe(200);
  return res.json().caseNo as string;
}
const scan = () => t.database.db.transaction((tx) => t.app.services.earlyWarnings.scan(tx, t.clock.now()));
const warningMessages = async () =>
  (await t.database.db.select().from(outbox)).filter((r) => r.purpose === 'early_warning');

describe('early warning', () => {
  it('stays quiet below the threshold and for clues older than the window', async () => {
    await clue('gambling', 40);
    await clue('gambling', 2);
    await clue('drugs', 1);
    expect((await scan()).proposed).toBe(0);
    expect(await warningMessages()).toHaveLength(0);
  });

  it('proposes a meeting to the community group’s leader at the third clue, and only once', async () => {
    const third = await clue('gambling', 1);
    const fourth = await clue('gambling', 0);
    expect((await scan()).proposed).toBe(1);
    expect((await scan()).proposed).toBe(0);
    const sent = await warningMessages();
    expect(sent).toHaveLength(1);
    expect(sent[0]!.toId).toBe(GRP03.leader);
    const [warning] = await t.database.db.select().from(earlyWarnings);
    expect(warning).toMatchObject({ category: 'gambling', clueCount: 3 });
    expect(third).not.toBe(fourth);
  });

  it('lists the warning, records the meeting held on it, and refuses a meeting in the future', async () => {
    const list = (
      await t.app.inject({ method: 'GET', url: '/v1/early-warnings', headers: auth(ADMIN) })
    ).json();
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({
      community: '三坊七巷社区',
      category: 'gambling',
      meetingHeldOn: null,
    });
    const warningId = list.items[0].id as number;
    const future = await t.app.inject({
      method: 'POST',
      url: '/v1/meetings',
      headers: auth(ADMIN),
      payload: { kind: '圆桌会议', heldOn: '2026-12-20', attendees: '社区、派出所', outcome: '—', warningId },
    });
    expect(future.statusCode).toBe(400);
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/v1/meetings',
      headers: auth(ADMIN),
      payload: { kind: '圆桌会议', heldOn: '2026-11-30', attendees: '社区', outcome: '—', warningId: 99999 },
    });
    expect(unknown.statusCode).toBe(400);
    const held = await t.app.inject({
      method: 'POST',
      url: '/v1/meetings',
      headers: auth(ADMIN),
      payload: {
        kind: '圆桌会议',
        heldOn: '2026-11-30',
        attendees: '社区书记、网格员、派出所、检察官',
        outcome: '排查出租屋，建立群防群治台账',
        warningId,
      },
    });
    expect(held.statusCode).toBe(201);
    const after = (
      await t.app.inject({ method: 'GET', url: '/v1/early-warnings', headers: auth(ADMIN) })
    ).json();
    expect(after.items[0].meetingHeldOn).toBe('2026-11-30');
    const meetings = (
      await t.app.inject({ method: 'GET', url: '/v1/meetings', headers: auth(ADMIN) })
    ).json();
    expect(meetings.items).toHaveLength(1);
    expect(meetings.items[0].communityCode).toBeTruthy();
    const [w] = await t.database.db.select().from(earlyWarnings).where(eq(earlyWarnings.id, warningId));
    expect(w).toBeTruthy();
  });
});
