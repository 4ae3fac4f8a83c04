// Issue 14: urgent matters first (priority, 110/120 advice, leader and liaison told at once, 24-hour first deadline),
// each matter to its department by the routing table (every row checked), anonymous clues on a clock.
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MessageParse } from '../../api/messages/message-parser.js';
import { DEPARTMENT_ROUTES } from '../../api/routing/department-routes.js';
import { cases, groups, outbox } from '../../db/schema/index.js';
import { caseRow } from '../helpers/case-fixtures.js';
import { inbound, parseOf } from '../helpers/inbound-fixtures.js';
import { withClearText } from '../helpers/stored-text.js';
import { ADMIN, auth, createTestApp, postInbound, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ now: '2026-11-27T02:00:00Z' });
});
afterAll(async () => {
  await t?.close();
});

/** 三坊七巷社区 is owned by the grid group GRP-03 (liaison demo-prosecutor-08). */
const PLACE = '三坊七巷社区';

async function report(text: string, parse: MessageParse, receivedAt = '2026-11-27T10:00:00+08:00') {
  t.clock.set(receivedAt);
  const res = await postInbound(
    t,
    inbound(text, parse, {
      from: { id: `wxid_${randomUUID().slice(0, 8)}`, name: '李先生' },
      receivedAt,
    }),
  );
  expect(res.statusCode).toBe(200);
  const body = res.json() as { caseNo: string; reply: string };
  return { ...body, row: await caseRow(t, body.caseNo) };
}

async function groupOf(row: { groupId: number | null }) {
  const [g] = await t.database.db.select().from(groups).where(eq(groups.id, row.groupId!));
  return g!;
}

const outboxOf = async (caseId: number) =>
  withClearText(
    t.app.services.registry.fieldCipher,
    await t.database.db.select().from(outbox).where(eq(outbox.caseId, caseId)),
  );

/** One example per row of the routing table, in the table's order. */
const ROW_EXAMPLES: { text: string; parse: MessageParse }[] = [
  {
    text: '网吧里很多未成年人通宵上网，老板不管',
    parse: parseOf('report_clue', { category: 'minors', entities: { place: PLACE } }),
  },
  {
    text: '我对法院的判决不服，想向检察院申诉',
    parse: parseOf('petition', { category: null, entities: { place: PLACE } }),
  },
  {
    text: '河边的工厂晚上偷偷往河里排污水，河水都黑了',
    parse: parseOf('report_clue', { category: 'environment', entities: { place: PLACE } }),
  },
  {
    text: '菜市场有人卖过期的熟食，吃坏了好几个人',
    parse: parseOf('report_clue', { category: 'food_drug', entities: { place: PLACE } }),
  },
  {
    text: '小区旁边的烈士纪念设施被人占用堆放杂物',
    parse: parseOf('report_clue', { category: 'public_interest', entities: { place: PLACE } }),
  },
  {
    text: '楼上邻居装修噪音太大，协商不了，想请人调解',
    parse: parseOf('report_dispute', { category: null, entities: { place: PLACE } }),
  },
];

describe('the routing table, row by row', () => {
  it('has one example per row', () => {
    expect(ROW_EXAMPLES).toHaveLength(DEPARTMENT_ROUTES.length);
  });

  it.each(DEPARTMENT_ROUTES.map((route, i) => [i, route.to, route] as const))(
    'row %i → %s',
    async (i, to, route) => {
      const example = ROW_EXAMPLES[i]!;
      const { row } = await report(`${example.text} ${randomUUID()}`, example.parse);
      const group = await groupOf(row);
      expect(group.function).toBe(to);
      if (to === 'grid') expect(group.code).toBe('GRP-03');
      const sent = await outboxOf(row.id);
      const informed = sent.filter((m) => m.purpose === 'department_informed');
      if (route.informGridGroup) {
        // The grid's own group (GRP-03, liaison demo-prosecutor-08) hears of it, with the case number.
        expect(informed).toHaveLength(1);
        expect(informed[0]!.toId).toBe('demo-prosecutor-08');
        expect(informed[0]!.text).toContain(row.caseNo);
      } else expect(informed).toHaveLength(0);
      // The department's liaison gets the ordinary 【新案件】 notice.
      expect(sent.some((m) => m.purpose === 'assignment')).toBe(true);
    },
  );

  it('a petition reaches 控申 even when the resident names no community', async () => {
    const { row, reply } = await report(
      `我要控告派出所民警办案不公 ${randomUUID()}`,
      parseOf('petition', { category: null }),
    );
    expect((await groupOf(row)).code).toBe('GRP-KS');
    expect(reply).toContain(row.caseNo);
    expect(reply).not.toContain('哪个社区');
  });

  it('transfer stays possible: a 控申 case moves to 民事行政', async () => {
    const { row } = await report(
      `请检察院对这个民事判决进行监督 ${randomUUID()}`,
      parseOf('petition', { category: null, entities: { place: PLACE } }),
    );
    const res = await t.app.inject({
      method: 'POST',
      url: `/v1/cases/${row.caseNo}/actions`,
      headers: auth(ADMIN),
      payload: { action: 'transfer', groupCode: 'GRP-MX', reason: '民事裁判结果监督' },
    });
    expect(res.statusCode).toBe(200);
    expect((await groupOf(await caseRow(t, row.caseNo))).code).toBe('GRP-MX');
  });
});

describe('urgent matters', () => {
  it('a child being beaten, reported at 23:00: urgent, 未检, 110/120 at once, leader and liaison told at once, due in 24 hours', async () => {
    const receivedAt = '2026-11-27T23:00:00+08:00';
    const { row, reply, caseNo } = await report(
      '隔壁8岁的小女孩天天被她爸打，身上都是伤痕，刚才又在哭喊',
      parseOf('report_dispute', { category: null, entities: { place: PLACE } }),
      receivedAt,
    );
    expect(row.priority).toBe('urgent');
    expect((await groupOf(row)).function).toBe('未检');
    expect(reply).toContain('110');
    expect(reply).toContain('120');
    expect(reply).toContain(caseNo);
    expect(row.proceduralDueAt.toISOString()).toBe(new Date('2026-11-28T23:00:00+08:00').toISOString());
    const alerts = (await outboxOf(row.id)).filter((m) => m.purpose === 'urgent_alert');
    // GRP-WJ: leader demo-prosecutor-20, liaison demo-prosecutor-21; quiet hours do not hold them back.
    expect(alerts.map((m) => m.toId).sort()).toEqual(['demo-prosecutor-20', 'demo-prosecutor-21']);
    for (const m of alerts) expect(m.availableAt.getTime()).toBeLessThanOrEqual(t.clock.now().getTime());
    expect(alerts[0]!.text).toContain('强制报告');
    const leased = await t.app.services.outbox.lease(50);
    expect(leased.filter((m) => m.text.startsWith('【紧急案件】')).length).toBeGreaterThanOrEqual(2);
    const view = await t.app.inject({ method: 'GET', url: `/v1/cases/${caseNo}`, headers: auth(ADMIN) });
    expect(view.json().priority).toBe('urgent');
  });

  it('violence now with no community named goes to the duty group at once, without the community question', async () => {
    const { row, reply } = await report(
      `楼下现在有人持刀打人 ${randomUUID()}`,
      parseOf('report_clue', { category: 'violence_gang' }),
    );
    expect(row.priority).toBe('urgent');
    expect((await groupOf(row)).duty).toBe(true);
    expect(reply).toContain('110');
    expect(reply).not.toContain('120');
    expect(reply).not.toContain('哪个社区');
  });

  it('an ordinary dispute stays normal, on the 7-working-day clock', async () => {
    const { row, reply } = await report(
      `楼上邻居半夜吵闹 ${randomUUID()}`,
      parseOf('report_dispute', { category: null, entities: { place: PLACE } }),
    );
    expect(row.priority).toBe('normal');
    expect(reply).not.toContain('110');
    expect(row.proceduralDueAt.getTime() - row.receivedAt.getTime()).toBeGreaterThan(5 * 86_400_000);
  });
});

describe('anonymous clues', () => {
  it('run on the group’s clock: deadlines set, reminders queued to the group, nothing to the reporter', async () => {
    const receivedAt = '2026-11-27T10:00:00+08:00';
    const { row } = await report(
      `匿名举报：小区棋牌室聚众赌博 ${randomUUID()}`,
      parseOf('report_clue', { category: 'gambling', entities: { place: PLACE } }),
      receivedAt,
    );
    expect(row.anonymous).toBe(true);
    expect(row.reporterId).toBeNull();
    expect(row.noReplyReason).toBeNull();
    // Sweep on the procedural due day at 09:00: the reminder goes to the grid group's liaison.
    t.clock.set(new Date(row.proceduralDueAt.getTime() - 14 * 3_600_000));
    await t.app.services.sweep.sweep(t.clock.now());
    const reminders = await t.database.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.caseId, row.id), eq(outbox.purpose, 'reminder_due_today')));
    expect(reminders.map((m) => m.toId)).toEqual(['demo-prosecutor-08']);
    const [stored] = await t.database.db.select().from(cases).where(eq(cases.id, row.id));
    expect(stored!.proceduralRepliedAt).toBeNull();
  });
});

describe('GET /v1/stats', () => {
  it('counts this file’s cases by priority and by the function of their group', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/v1/stats?from=2026-11-01&to=2026-11-30',
      headers: auth(ADMIN),
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    // Urgent: the beaten child and the knife attack; the ten others are normal.
    expect(body.byPriority).toEqual({ normal: 10, urgent: 2 });
    // grid: the dispute row, the knife attack (duty group), the ordinary dispute, the anonymous clue.
    expect(body.byFunction).toEqual({
      grid: 4,
      控申: 2,
      未检: 2,
      公益诉讼: 3,
      民事行政: 1,
      刑事检察: 0,
      unassigned: 0,
    });
  });
});
