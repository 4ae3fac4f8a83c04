// Fault: the API restarts while the bot is pumping the outbox; every queued message reaches WeChat exactly once.
import { randomBytes } from 'node:crypto';
import { eq, ne } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outbox } from '../../db/schema/index.js';
import type { MockWechat } from '../bot/support/mock-wechat.js';
import type { TestDatabase } from '../helpers/test-database.js';
import { eventually, freshDatabase, type LiveApi, startApi, startLiveBot } from './support/live-stack.js';

const CONTACTS = ['wxid_restart_a', 'wxid_restart_b', 'wxid_restart_c'];
const TOTAL = 30;
// A short lease, so a message sent but never acknowledged would come round again within the test; one data key
// for both API processes, as a deployment has (queued texts are encrypted; a test API otherwise draws its own key).
const LEASE = { OUTBOX_LEASE_SECONDS: '5', DATA_KEY: randomBytes(32).toString('base64') };

let database: TestDatabase;
let api: LiveApi | undefined;
let wechat: MockWechat;

// Setting up a PGlite database (WASM start and migrations) took 65–130 s with the 2 cores' load average at 26.
beforeAll(async () => {
  database = await freshDatabase();
  api = await startApi(database, 0, LEASE);
  const first = api;
  for (let i = 0; i < TOTAL; i++) {
    await first.app.services.outbox.enqueue(database.db, {
      dedupeKey: `fault-restart-${i}`,
      to: { kind: 'contact', id: CONTACTS[i % CONTACTS.length]! },
      text: `提醒 ${String(i).padStart(2, '0')}：案件即将到期`,
      purpose: 'reminder',
    });
  }
}, 300_000);
afterAll(async () => {
  await wechat?.close();
  await api?.close();
  await database?.close();
});

describe('API restart while the outbox is being sent', () => {
  it('delivers every queued message exactly once', async () => {
    const port = api!.port;
    // Paced sends (batches of 3, 150 ms apart), so the rest of a batch goes out while the API is down.
    wechat = await startLiveBot(api!.url, { minGapMs: 150 });
    for (const id of CONTACTS) wechat.contact(id);
    wechat.bot.outbox.start();
    const received = () => wechat.said.filter((s) => s.text.startsWith('提醒'));

    expect(await eventually(() => received().length >= 4, 60_000)).toBe(true);
    await api!.close();
    api = undefined;
    // Down long enough for the bot's retries of lease and mark to fail and back off.
    await new Promise((r) => setTimeout(r, 1_500));
    api = await startApi(database, port, LEASE);

    const allSent = async () =>
      (await database.db.select({ id: outbox.id }).from(outbox).where(ne(outbox.state, 'sent'))).length === 0;
    expect(await eventually(allSent, 120_000)).toBe(true);
    // A message sent but not acknowledged comes back once its lease ends; give it the chance.
    await new Promise((r) => setTimeout(r, 5_500));

    const texts = received().map((s) => s.text);
    expect(texts).toHaveLength(TOTAL);
    expect(new Set(texts).size).toBe(TOTAL);
    for (const id of CONTACTS) {
      expect(received().filter((s) => s.to === id)).toHaveLength(TOTAL / CONTACTS.length);
    }
    const dead = await database.db.select().from(outbox).where(eq(outbox.state, 'dead'));
    expect(dead).toEqual([]);
    // Bounds, not waits: on the loaded machine the restarted API and each round trip are many times slower.
  }, 300_000);
});
