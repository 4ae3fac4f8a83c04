// Retention follows the case: a case's text is kept while it is open and RETENTION_DAYS after it closes; a message
// of no case is kept RETENTION_DAYS; cases and events stay.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachments, caseEvents, cases, messages } from '../../db/schema/index.js';
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

async function close(caseId: number, at: string) {
  await t.database.db
    .update(cases)
    .set({ status: 'closed', closedAt: new Date(at), updatedAt: new Date(at) })
    .where(eq(cases.id, caseId));
}

async function addAttachment(messageId: string) {
  await t.database.db.insert(attachments).values({
    messageId,
    name: 'photo.jpg',
    mimeType: 'image/jpeg',
    size: 4,
    sha256: '0'.repeat(64),
    data: Buffer.from('blob'),
  });
}

const attachmentOf = async (messageId: string) =>
  (await t.database.db.select().from(attachments).where(eq(attachments.messageId, messageId)))[0]!;

const textOf = async (messageId: string) =>
  (await t.database.db.select().from(messages).where(eq(messages.messageId, messageId)))[0]!.text;

describe('message retention purge', () => {
  it('purges the text of a case closed longer than the retention period and keeps everything younger', async () => {
    const old = await seedCase(t.app.services, t.database.db, { receivedAt: '2026-01-05T10:00:00+08:00' });
    const young = await seedCase(t.app.services, t.database.db, { receivedAt: '2026-06-01T10:00:00+08:00' });
    await close(old.id, '2026-01-06T10:00:00+08:00');
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
    expect(oldCase!.matchHashes).toBeNull();
    expect(oldCase!.summaryEnc).toBe(old.summaryEnc);
    const [youngCase] = await t.database.db.select().from(cases).where(eq(cases.id, young.id));
    expect(youngCase!.matchHashes).toBe(young.matchHashes);
    const events = await t.database.db.select().from(caseEvents).where(eq(caseEvents.caseId, old.id));
    expect(events.length).toBeGreaterThan(0);
  });

  it('purges nothing twice', async () => {
    const again = await t.app.services.retention.purge(t.clock.now());
    expect(again).toMatchObject({ messagesPurged: 0, casesPurged: 0 });
  });

  it('keeps an open case’s text however old, and a closed case’s for the retention period after closing', async () => {
    t.clock.set('2026-01-05T10:00:00+08:00');
    const open = await seedCase(t.app.services, t.database.db, { receivedAt: '2026-01-05T10:00:00+08:00' });
    const closedLate = await seedCase(t.app.services, t.database.db, {
      receivedAt: '2026-01-05T10:00:00+08:00',
    });
    await addMessage('m-open', '2026-01-05T10:00:00+08:00', open.id);
    await addMessage('m-open-followup', '2026-01-20T10:00:00+08:00', open.id);
    await addMessage('m-closed-late', '2026-01-05T10:00:00+08:00', closedLate.id);
    await addMessage('m-no-case', '2026-01-05T10:00:00+08:00', null);
    await addAttachment('m-open-followup');
    await addAttachment('m-closed-late');
    await close(closedLate.id, '2026-06-01T10:00:00+08:00');

    // 2027-01-10: all four messages are a year old; the closed case closed 223 days ago, RETENTION_DAYS is 180.
    t.clock.set('2027-01-10T03:30:00+08:00');
    await t.app.services.retention.purge(t.clock.now());
    expect(await textOf('m-open')).toContain('楼下天天吵');
    expect(await textOf('m-open-followup')).toContain('楼下天天吵');
    expect(await textOf('m-closed-late')).toBeNull();
    expect(await textOf('m-no-case')).toBeNull();
    expect((await attachmentOf('m-open-followup')).data?.toString()).toBe('blob');
    expect(await attachmentOf('m-closed-late')).toMatchObject({ data: null, purgedAt: expect.any(Date) });
    const [openCase] = await t.database.db.select().from(cases).where(eq(cases.id, open.id));
    expect(openCase!.matchHashes).toBe(open.matchHashes);

    // Closed now: kept 180 more days, then purged.
    await close(open.id, '2027-01-10T10:00:00+08:00');
    t.clock.set('2027-07-08T10:00:00+08:00'); // 179 days after closing
    await t.app.services.retention.purge(t.clock.now());
    expect(await textOf('m-open')).toContain('楼下天天吵');
    t.clock.set('2027-07-10T10:00:00+08:00'); // 181 days after closing
    const result = await t.app.services.retention.purge(t.clock.now());
    expect(result).toMatchObject({ messagesPurged: 2, attachmentsPurged: 1, casesPurged: 1 });
    expect(await attachmentOf('m-open-followup')).toMatchObject({ data: null, sha256: '0'.repeat(64) });
    expect(await textOf('m-open')).toBeNull();
    expect(await textOf('m-open-followup')).toBeNull();
  });
});
