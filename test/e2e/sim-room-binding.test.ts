// The simulator's room id is the id the office binds: PUT /v1/rooms/grid-junmen, then /sim/say in room
import { randomBytes } from 'node:crypto';
// grid-junmen is heard and routed to 军门社区's group (it used to be renamed grid-junmen@chatroom and ignored).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient } from '../../bot/api-client.js';
import { type Bot, createBot } from '../../bot/create-bot.js';
import { createPuppet } from '../../bot/puppet-factory.js';
import { simRoutes } from '../../bot/simulator/sim-routes.js';
import { parseOf } from '../helpers/inbound-fixtures.js';
import { ADMIN, auth, BOT, createTestApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
let bot: Bot;
let sim: FastifyInstance;
let queueDir: string;

beforeAll(async () => {
  // The bot stamps messages with the real time, and the API refuses times far from its clock.
  t = await createTestApp({ now: new Date().toISOString() });
  const apiUrl = await t.app.listen({ host: '127.0.0.1', port: 0 });
  const created = createPuppet({});
  if (created.kind !== 'mock') throw new Error('expected the mock puppet');
  queueDir = await mkdtemp(join(tmpdir(), 'jianwang-sim-room-'));
  bot = createBot({
    puppet: created.puppet,
    api: createApiClient({ apiUrl, botToken: BOT }),
    logger: pino({ level: 'silent' }),
    queueDir,
    queueKey: randomBytes(32),
    pacing: { minGapMs: 0, jitterMs: 0, perChatGapMs: 0 },
    outbox: { enabled: false },
  });
  sim = Fastify();
  await sim.register(simRoutes, { bot, mocker: created.mocker, replyTimeoutMs: 15_000 });
  await bot.start();
}, 120_000);

afterAll(async () => {
  await sim?.close();
  await bot?.stop();
  await t?.close();
  if (queueDir) await rm(queueDir, { recursive: true, force: true });
});

const CLUE = '线索 巷子里有人聚众赌博';

const simSay = (room: string) =>
  sim.inject({
    method: 'POST',
    url: '/sim/say',
    payload: {
      from: { id: 'demo-grid-member-07', name: '网格员' },
      room: { id: room, topic: '军门社区网格群' },
      text: CLUE,
    },
  });

describe('a room bound by the id given to /sim/say', () => {
  it('is silent before binding and routes a clue to the bound community after it', async () => {
    // The intent model stands aside: the API reads this text as a gambling clue.
    t.parser.script(CLUE, parseOf('report_clue', { category: 'gambling', normalizedText: CLUE }));
    const before = await simSay('grid-junmen');
    expect(before.json()).toMatchObject({ outcome: 'silent', replies: [] });

    const bind = await t.app.inject({
      method: 'PUT',
      url: '/v1/rooms/grid-junmen',
      headers: auth(ADMIN),
      payload: { gridCode: 'GL-S04-C01' },
    });
    expect(bind.statusCode, bind.body).toBe(200);

    const after = (await simSay('grid-junmen')).json();
    expect(after.outcome).toBe('replied');
    expect(after.replies).toEqual([
      expect.objectContaining({ room: 'grid-junmen', text: expect.stringMatching(/GL-\d{4}-\d{6}/) }),
    ]);
    const caseNo = /GL-\d{4}-\d{6}/.exec(after.replies[0].text)![0];
    const c = (
      await t.app.inject({ method: 'GET', url: `/v1/cases/${caseNo}`, headers: auth(ADMIN) })
    ).json();
    expect(c.grid).toMatchObject({ code: 'GL-S04-C01', name: '军门社区' });
    expect(c.group.code).toBe('GRP-02');
  });
});
