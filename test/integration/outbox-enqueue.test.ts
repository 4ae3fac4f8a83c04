// Queuing many outbox messages at once: each dedupe key once, across chunks, repeats and earlier inserts.
import { count, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutboundMessage } from '../../api/outbox/outbox-service.js';
import { outbox } from '../../db/schema/index.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ seed: false });
});
afterAll(async () => {
  await t?.close();
});

const message = (key: string, text = `text of ${key}`): OutboundMessage => ({
  dedupeKey: key,
  to: { kind: 'contact', id: 'wxid_many' },
  text,
  purpose: 'reminder_overdue',
});

async function rowsLike(prefix: string) {
  const [row] = await t.database.db
    .select({ n: count() })
    .from(outbox)
    .where(like(outbox.dedupeKey, `${prefix}%`));
  return Number(row?.n);
}

describe('outbox enqueueMany', () => {
  it('inserts more than one chunk, skipping keys already queued and repeats within the list', async () => {
    const { outbox: service } = t.app.services;
    expect(await service.enqueue(t.database.db, message('many:0007', 'queued earlier'))).toBe(true);
    const list = Array.from({ length: 1203 }, (_, i) => message(`many:${String(i).padStart(4, '0')}`));
    list.push(message('many:0042', 'a repeat later in the list'));

    const inserted = await service.enqueueMany(t.database.db, list);

    expect(inserted.size).toBe(1202);
    expect(inserted.has('many:0007')).toBe(false);
    expect(inserted.has('many:1202')).toBe(true);
    expect(await rowsLike('many:')).toBe(1203);
    const [earlier] = await t.database.db.select().from(outbox).where(eq(outbox.dedupeKey, 'many:0007'));
    const cipher = t.app.services.registry.fieldCipher;
    expect(cipher.decrypt(earlier!.textEnc)).toBe('queued earlier');
    const [repeat] = await t.database.db.select().from(outbox).where(eq(outbox.dedupeKey, 'many:0042'));
    expect(cipher.decrypt(repeat!.textEnc)).toBe('text of many:0042');
    expect(repeat).toMatchObject({ state: 'pending', toKind: 'contact', toId: 'wxid_many', caseId: null });
    expect(repeat!.availableAt).toEqual(t.clock.now());
  });

  it('stores keys, recipients and purposes exactly, whatever characters they hold (they travel as array literals)', async () => {
    const odd = 'odd:"quoted" \\back\\slash, {braces} NULL';
    const inserted = await t.app.services.outbox.enqueueMany(t.database.db, [
      { ...message(odd), to: { kind: 'room', id: 'NULL' }, purpose: 'a,"b"}' },
      { ...message('odd:plain'), to: { kind: 'contact', id: '' } },
    ]);
    expect([...inserted].sort()).toEqual(['odd:"quoted" \\back\\slash, {braces} NULL', 'odd:plain']);
    const [row] = await t.database.db.select().from(outbox).where(eq(outbox.dedupeKey, odd));
    expect(row).toMatchObject({ toKind: 'room', toId: 'NULL', purpose: 'a,"b"}' });
    const [plain] = await t.database.db.select().from(outbox).where(eq(outbox.dedupeKey, 'odd:plain'));
    expect(plain).toMatchObject({ toId: '' });
  });

  it('queues nothing the second time, and accepts an empty list', async () => {
    const { outbox: service } = t.app.services;
    const list = [message('again:1'), message('again:2')];
    expect([...(await service.enqueueMany(t.database.db, list))].sort()).toEqual(['again:1', 'again:2']);
    expect((await service.enqueueMany(t.database.db, list)).size).toBe(0);
    expect((await service.enqueueMany(t.database.db, [])).size).toBe(0);
    expect(await rowsLike('again:')).toBe(2);
  });
});
