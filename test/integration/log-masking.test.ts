// Captures every log line of a full WeChat conversation and proves no phone, ID number or message text leaks.
import { Writable } from 'node:stream';
import { and, eq, like, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from '../../api/app.js';
import { createManualClock } from '../../api/clock.js';
import { loadConfig } from '../../api/config/config.js';
import { createLogger } from '../../api/http/logger.js';
import type { InboundMessage } from '../../api/messages/inbound-message.js';
import { groupMembers, groups, people } from '../../db/schema/index.js';
import { seedRegistryIfEmpty } from '../../db/seed/seed-registry.js';
import { ADMIN, auth, BOT } from '../helpers/test-app.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';

const PHONE = '13812345678';
const ID_NUMBER = '350102199003071234';
const PHONE_SPELLINGS = [PHONE, '138 1234 5678', '138-1234-5678', '+8613812345678', '+86 138 1234 5678'];
/** Distinctive words of the message bodies; none may reach a log line. */
const BODY_WORDS = ['噪音扰民', '聚众赌博', '鼓楼区温泉路', '已电话联系当事人', '张三丰'];

const lines: string[] = [];
let app: App;
let database: TestDatabase;
let seq = 0;

beforeAll(async () => {
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  database = await createTestDatabase();
  await seedRegistryIfEmpty(database.db);
  const config = loadConfig({ NODE_ENV: 'test', ADMIN_TOKEN: ADMIN, BOT_TOKEN: BOT });
  app = await buildApp({
    config,
    database,
    clock: createManualClock('2026-11-27T02:00:00Z'),
    logger: createLogger({ level: 'trace', destination }),
    // No parser given: the API trains the intents model with the registry's places, as in production.
  });
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

async function say(
  from: { id: string; name: string },
  text: string,
  room?: { id: string; topic: string },
): Promise<{ caseNo?: string; reply: string | null }> {
  const body: InboundMessage = {
    messageId: `log-mask-${++seq}`,
    from,
    ...(room ? { room } : {}),
    text,
    type: 'text',
    receivedAt: '2026-11-27T10:00:00+08:00',
  };
  const res = await app.inject({ method: 'POST', url: '/v1/messages', headers: auth(BOT), payload: body });
  expect(res.statusCode).toBe(200);
  return res.json();
}

async function prosecutorOf(caseNo: string): Promise<{ id: string; name: string }> {
  const details = (
    await app.inject({ method: 'GET', url: `/v1/cases/${caseNo}`, headers: auth(ADMIN) })
  ).json();
  const [member] = await database.db
    .select({ wechatId: people.wechatId, name: people.name })
    .from(groupMembers)
    .innerJoin(people, eq(people.id, groupMembers.personId))
    .innerJoin(groups, eq(groups.id, groupMembers.groupId))
    .where(and(eq(groups.code, details.group.code), like(people.wechatId, 'demo-prosecutor-%')));
  if (!member?.wechatId) throw new Error(`no prosecutor in the group of ${caseNo}`);
  return { id: member.wechatId, name: member.name };
}

describe('logs of a full conversation', () => {
  it('carry no phone, ID number or message text, and every request line carries its reqId', async () => {
    const resident = { id: 'wxid_log_resident', name: '张三丰' };
    await say(resident, '你好');
    const dispute = await say(
      resident,
      `我叫张三丰，身份证${ID_NUMBER}，电话138 1234 5678，住在鼓楼区温泉路三坊七巷社区，楼上邻居噪音扰民，想请检察官调解`,
    );
    expect(dispute.caseNo).toMatch(/^GL-2026-\d{6}$/);
    await say(resident, `补充一下，我的手机是+86${PHONE}，身份证号${ID_NUMBER}`);
    await say(resident, `我的案件${dispute.caseNo}现在怎么样了？`);

    const member = { id: 'demo-grid-member-01', name: '网格员' };
    const room = { id: 'log-room@chatroom', topic: '三坊七巷网格群' };
    await say(member, '绑定网格 三坊七巷社区', room);
    const clue = await say(member, `线索：小区地下室有人聚众赌博，知情人电话${PHONE}`, room);
    expect(clue.caseNo).toMatch(/^GL-2026-\d{6}$/);

    const prosecutor = await prosecutorOf(dispute.caseNo!);
    await say(prosecutor, '我的待办');
    await say(prosecutor, `受理 ${dispute.caseNo}`);
    await say(prosecutor, `反馈 ${dispute.caseNo} 已电话联系当事人${PHONE}，身份证${ID_NUMBER}已核实`);

    const created = await app.inject({
      method: 'POST',
      url: '/v1/people',
      headers: auth(ADMIN),
      payload: { name: '张三丰', role: 'grid_member', gridCode: 'GL-S05-C01', phone: PHONE },
    });
    expect(created.statusCode, created.body).toBe(201);
    await app.inject({
      method: 'GET',
      url: `/v1/people?phone=${PHONE}&q=${ID_NUMBER}`,
      headers: auth(ADMIN),
    });

    const badJson = await app.inject({
      method: 'POST',
      url: '/v1/messages',
      headers: { ...auth(BOT), 'content-type': 'application/json' },
      payload: `{"text": "我的电话${PHONE} 身份证${ID_NUMBER} 噪音扰民",`,
    });
    expect(badJson.statusCode).toBe(400);
    const invalid = await app.inject({
      method: 'POST',
      url: '/v1/messages',
      headers: auth(BOT),
      payload: { messageId: 'x', text: `电话${PHONE}`, from: { id: PHONE, name: ID_NUMBER } },
    });
    expect(invalid.statusCode).toBe(400);
    const missing = await app.inject({
      method: 'GET',
      url: `/v1/nowhere/${PHONE}?id=${ID_NUMBER}&p=${encodeURIComponent('138 1234 5678')}`,
    });
    expect(missing.statusCode).toBe(404);
    const missingCase = await app.inject({
      method: 'GET',
      url: `/v1/cases/${encodeURIComponent(`电话${PHONE}`)}`,
      headers: auth(ADMIN),
    });
    expect(missingCase.statusCode).toBeGreaterThanOrEqual(400);

    // A failed statement: the database error carries the parameters, here a message text.
    const failed = await database.db
      .execute(sql`select ${`噪音扰民 ${PHONE} ${ID_NUMBER}`}::text as t, ${'x'}::int as n`)
      .catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(Error);
    app.log.error({ err: failed }, 'statement failed');

    expect(lines.length).toBeGreaterThan(20);
    const leaks = lines.filter(
      (line) =>
        PHONE_SPELLINGS.some((p) => line.includes(p)) ||
        line.includes(ID_NUMBER) ||
        line.includes(ID_NUMBER.slice(6, 14)) ||
        BODY_WORDS.some((w) => line.includes(w)),
    );
    expect(leaks).toEqual([]);
    expect(lines.filter((l) => l.includes('statement failed'))).toHaveLength(1);

    const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const requestLines = parsed.filter((l) => l.req || l.res || l.msg === 'message handled');
    expect(requestLines.length).toBeGreaterThan(20);
    expect(requestLines.filter((l) => typeof l.reqId !== 'string')).toEqual([]);
  });
});
