// The API's parser names places from the registry: Gulou's real communities by name or short form, and
// communities the office imports while the API runs (read again at most once a minute).
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../api/http/logger.js';
import { createRegistryParser, type MessageParser } from '../../api/messages/message-parser.js';
import { grids } from '../../db/schema/index.js';
import { seedRegistryIfEmpty } from '../../db/seed/seed-registry.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';

let database: TestDatabase;
let parser: MessageParser;
let nowMs = Date.parse('2026-11-27T02:00:00Z');
const now = new Date(nowMs);

beforeAll(async () => {
  database = await createTestDatabase();
  await seedRegistryIfEmpty(database.db);
  parser = await createRegistryParser(database.db, createLogger({ level: 'silent' }), () => nowMs);
}, 300_000);
afterAll(async () => {
  await database?.close();
});

const placeOf = async (text: string) => (await parser.parse(text, { now })).entities.place;

describe('the API parser with the registry’s places', () => {
  it('finds a real community by its full name, and by its short form where someone lives there', async () => {
    expect(await placeOf('军门社区楼下有人聚众赌博')).toBe('军门社区');
    expect(await placeOf('我住军门，楼上漏水泡坏了天花板')).toBe('军门社区');
    expect(await placeOf('我想咨询公益诉讼怎么提起')).toBeUndefined();
  });

  it('finds a community imported after start once a minute has passed', async () => {
    const [street] = await database.db.select().from(grids).where(eq(grids.code, 'GL-S09'));
    await database.db
      .insert(grids)
      .values({ code: 'GL-S09-C99', name: '新港社区', level: 'community', parentId: street!.id });
    expect(await placeOf('我住在新港社区，邻居半夜吵闹')).toBeUndefined();
    nowMs += 61_000;
    expect(await placeOf('我住在新港社区，邻居半夜吵闹')).toBe('新港社区');
  });
});
