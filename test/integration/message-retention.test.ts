// Retention: raw message text and duplicate-detection text are purged after RETENTION_DAYS; cases and events stay.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseEvents, cases, messages } from '../../db/schema/index.js';
import { seedCase } from '../helpers/sweep-fixtures.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ now: '2026-01-05T10:00:00+08:00', env: { RETENTION_DAYS: '180' } });
}, 120_000);
afterAll(async () => {
  await t?.close();
});

async function addMessage(messageId: string, receivedAt: string, caseId: number | null) {
  await t.database.db.insert(messages).values({
    messageId,
    fromWechatId: 'wx-resident-1',
    type: 'text',
    text: '我的电话是13800138000，楼下天天吵',
    receivedAt: new Date(receivedAt),
    parse: {
      intent: 'report_dispute',
      normalizedText: '我的电话是13800138000',
      entities: { phone: '13800138000' },
    },
    response: { reply: '已收到' },
    caseId,
  });
}

describe('message retention purge', () => {
  it('purges text older than the retention period and keeps everything younger', async () => {
    const old = await seedCase(t.app.services, t.database.db, { receivedAt: '2026-01-05T10:00:00+08:00' });
    const young = await seedCase(t.app.services, t.database.db, { receivedAt: '2026-06-01T10:00:00+08:00' });
    await addMessage('m-old', '2026-01-05T10:00:00+08:00', old.id);
    await addMessage('m-young', '2026-06-01T10:00:00+08:00', young.id);

    t.clock.set('2026-07-10T03:30:00+08:00'); // 186 days after the old message, 39 after the young one
    const result = await t.app.services.retention.purge(t.clock.now());
    expect(result).toMatchObject({ messagesPurged: 1, casesPurged: 1 });

    const [purged] = await t.database.db.select().from(messages).where(eq(messages.messageId, 'm-old'));
    expect(purged!.text).toBeNull();
    expect(purged!.textPurgedAt?.toISOString()).toBe('2026-07-09T19:30:00.000Z');
    expect(purged!.parse).toEqual({ intent: 'report_dispute' });
    expect(purged!.caseId).toBe(old.id);
    const [kept] = await t.database.db.select().from(messages).where(eq(messages.messageId, 'm-young'));
    expect(kept!.text).toContain('楼下天天吵');
    expect(kept!.parse).toMatchObject({ normalizedText: expect.any(String) });

    const [oldCase] = await t.database.db.select().from(cases).where(eq(cases.id, old.id));
    expect(oldCase!.matchText).toBeNull();
    expect(oldCase!.summary).toBe(old.summary);
    const [youngCase] = await t.database.db.select().from(cases).where(eq(cases.id, young.id));
    expect(youngCase!.matchText).toBe(young.matchText);
    const events = await t.database.db.select().from(caseEvents).where(eq(caseEvents.caseId, old.id));
    expect(events.length).toBeGreaterThan(0);
  });

  it('purges nothing twice', async () => {
    const again = await t.app.services.retention.purge(t.clock.now());
    expect(again).toMatchObject({ messagesPurged: 0, casesPurged: 0 });
  });
});
