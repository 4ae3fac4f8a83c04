// The API as started in production (its own parser, trained with the registry's places): a resident's message
// naming a real Gulou community files the case there, and a community imported by the office is known at once.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from '../../api/app.js';
import { createManualClock } from '../../api/clock.js';
import { loadConfig } from '../../api/config/config.js';
import { createLogger } from '../../api/http/logger.js';
import { seedRegistryIfEmpty } from '../../db/seed/seed-registry.js';
import { ADMIN, auth, BOT } from '../helpers/test-app.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';

let database: TestDatabase;
let app: App;
const clock = createManualClock('2026-11-27T02:00:00Z');

beforeAll(async () => {
  database = await createTestDatabase();
  await seedRegistryIfEmpty(database.db);
  const config = loadConfig({ NODE_ENV: 'test', ADMIN_TOKEN: ADMIN, BOT_TOKEN: BOT });
  // No parser given: the API trains its own with the registry's street and community names.
  app = await buildApp({ config, database, clock, logger: createLogger({ level: 'silent' }) });
}, 300_000);
afterAll(async () => {
  await app?.close();
  await database?.close();
});

let sender = 0;
/** Posts a private message as the bot does (text only, no parse); returns the case it filed, if any. */
async function tell(text: string): Promise<{ reply: string; caseNo?: string }> {
  sender += 1;
  const res = await app.inject({
    method: 'POST',
    url: '/v1/messages',
    headers: auth(BOT),
    payload: {
      messageId: randomUUID(),
      from: { id: `wx_place_${sender}`, name: '居民' },
      text,
      type: 'text',
      receivedAt: clock.now().toISOString(),
    },
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

async function gridOf(caseNo: string): Promise<string | undefined> {
  const res = await app.inject({ method: 'GET', url: `/v1/cases/${caseNo}`, headers: auth(ADMIN) });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().grid?.name;
}

describe('places from the registry, through POST /v1/messages', () => {
  it.each([
    ['军门社区楼下有人开设赌场聚众赌博，天天半夜吵闹', '军门社区'],
    ['我住三坊七巷社区，隔壁有人非法行医卖假药，好多老人上当', '三坊七巷社区'],
    ['家住洪山桥，村里有个恶霸强占集体土地还打人', '洪山桥社区'],
  ])('%s → the case is filed in %s', async (text, community) => {
    const { caseNo, reply } = await tell(text);
    expect(caseNo, reply).toBeDefined();
    expect(await gridOf(caseNo!)).toBe(community);
  });

  it('knows a community the office imports at once, without waiting for the minute’s re-read', async () => {
    const text = '我住在新港社区，楼下有人开设赌场聚众赌博，天天吵到半夜';
    const csv = ['code,name,level,parent_code', 'GL-S09-C98,新港社区,community,GL-S09'].join('\n');
    const imported = await app.inject({
      method: 'POST',
      url: '/v1/grids/import',
      headers: { ...auth(ADMIN), 'content-type': 'text/csv' },
      payload: csv,
    });
    expect(imported.statusCode, imported.body).toBe(200);
    expect(imported.json()).toEqual({ created: 1, updated: 0 });
    const { caseNo, reply } = await tell(text);
    expect(caseNo, reply).toBeDefined();
    expect(await gridOf(caseNo!)).toBe('新港社区');
  });
});
