// Fault: the database goes away; /health says 503, the bot keeps WeChat messages on disk, all arrive once after recovery.
import { readdir } from 'node:fs/promises';
import { count, eq } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { createDb, type Database } from '../../db/create-db.js';
import { cases, messages } from '../../db/schema/index.js';
import { seedRegistryIfEmpty } from '../../db/seed/seed-registry.js';
import type { MockWechat } from '../bot/support/mock-wechat.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';
import { type LiveApi, startApi, startLiveBot, tempDir } from './support/live-stack.js';

const RESIDENT = 'wxid_outage_resident';
const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
});

/** A database that can be taken away and brought back, on whichever kind the suite runs. */
interface Outage {
  database: Database;
  takeAway(): Promise<void>;
  /** Brings the database back; returns the database the API must use from now on. */
  restore(): Promise<Database>;
}

async function outageOnPostgres(): Promise<Outage> {
  const database: TestDatabase = await createTestDatabase();
  cleanups.push(() => database.close());
  await seedRegistryIfEmpty(database.db);
  const name = new URL(database.url!).pathname.slice(1);
  const admin = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
  cleanups.push(() => admin.end());
  return {
    database,
    async takeAway() {
      await admin.unsafe(`alter database ${name} allow_connections false`);
      await admin`select pg_terminate_backend(pid) from pg_stat_activity where datname = ${name}`;
    },
    async restore() {
      await admin.unsafe(`alter database ${name} allow_connections true`);
      return database;
    },
  };
}

async function outageOnPglite(): Promise<Outage> {
  const dir = await tempDir('jw-outage-db-');
  cleanups.push(() => dir.remove());
  const database = await createDb({ dataDir: dir.path });
  await seedRegistryIfEmpty(database.db);
  return {
    database,
    takeAway: () => database.close(),
    async restore() {
      const reopened = await createDb({ dataDir: dir.path });
      cleanups.push(() => reopened.close());
      return reopened;
    },
  };
}

async function health(api: LiveApi): Promise<number> {
  return (await fetch(`${api.url}/health`)).status;
}

async function healthWithin(api: LiveApi, ms: number): Promise<number> {
  const deadline = Date.now() + ms;
  let status = await health(api);
  while (status !== 200 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    status = await health(api);
  }
  return status;
}

describe('the database goes away and comes back', () => {
  it('answers /health with 503 meanwhile, and records every message once afterwards', async () => {
    const outage = process.env.DATABASE_URL ? await outageOnPostgres() : await outageOnPglite();
    let api = await startApi(outage.database);
    cleanups.push(() => api.close());
    const queueDir = await tempDir('jw-outage-queue-');
    cleanups.push(() => queueDir.remove());
    const wechat: MockWechat = await startLiveBot(api.url, { queueDir: queueDir.path });
    cleanups.push(() => wechat.close());
    const resident = wechat.contact(RESIDENT, '黄先生');

    expect(await health(api)).toBe(200);
    await outage.takeAway();
    expect(await health(api)).toBe(503);

    const texts = ['楼道里堆满杂物，物业不管', '隔壁饭店油烟直排我家', '房东不退押金'];
    for (const text of texts) {
      const id = wechat.say(resident, text);
      expect((await wechat.bot.handled.wait(id, 60_000))?.outcome).toBe('queued');
    }
    const onDisk = (await readdir(queueDir.path)).filter((f) => f.endsWith('.json'));
    expect(onDisk).toHaveLength(texts.length);
    expect(wechat.said.filter((s) => s.to === RESIDENT)).toEqual([]);

    const restored = await outage.restore();
    if (restored !== outage.database) {
      // PGlite lives inside the API process: the API restarts on the reopened files, at the same address.
      const port = api.port;
      await api.close();
      api = await startApi(restored, port);
    }
    // Reconnecting is not instant on a busy server: healthy again within a bound, not on the first probe.
    expect(await healthWithin(api, 60_000)).toBe(200);
    await wechat.bot.delivery.drained();

    const db = restored.db;
    const [recorded] = await db
      .select({ n: count() })
      .from(messages)
      .where(eq(messages.fromWechatId, RESIDENT));
    expect(recorded?.n).toBe(texts.length);
    const [opened] = await db.select({ n: count() }).from(cases);
    expect(opened?.n).toBe(texts.length);
    const replies = wechat.said.filter((s) => s.to === RESIDENT);
    expect(replies).toHaveLength(texts.length);
    expect(replies.every((r) => /GL-\d{4}-\d{6}/.test(r.text))).toBe(true);
    expect((await readdir(queueDir.path)).filter((f) => f.endsWith('.json'))).toEqual([]);
    // It opens its database twice and starts the API twice (on PGlite): 65–130 s each opening at load average 26.
  }, 600_000);
});
