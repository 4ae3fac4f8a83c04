// GET /v1/cases for the console: every filter, case-number and text search, sorting, paging and role scoping.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cases, grids, groupMembers, groups, people } from '../../db/schema/index.js';
import { tokenFor } from '../helpers/case-fixtures.js';
import { ADMIN, auth, createTestApp, type TestApp } from '../helpers/test-app.js';

// Thursday 2026-12-10 10:00 Shanghai.
const NOW = '2026-12-10T10:00:00+08:00';
const at = (local: string) => new Date(`${local}+08:00`);
const endOf = (day: string) => at(`${day}T23:59:59.999`);
const no = (n: number) => `GL-2026-${String(n).padStart(6, '0')}`;

let t: TestApp;
type CaseInsert = typeof cases.$inferInsert;

beforeAll(async () => {
  t = await createTestApp({ seed: false, now: NOW });
  const db = t.database.db;
  const seal = (text: string) => t.app.services.registry.fieldCipher.encrypt(text);
  const [A, B] = await db
    .insert(groups)
    .values([
      { code: 'LA', name: '甲组' },
      { code: 'LB', name: '乙组' },
    ])
    .returning();
  const [S1, S2] = await db
    .insert(grids)
    .values([
      { code: 'S1', name: '一街道', level: 'street' },
      { code: 'S2', name: '二街道', level: 'street' },
    ])
    .returning();
  const [C1, C2, C3] = await db
    .insert(grids)
    .values([
      { code: 'C1', name: '一社区', level: 'community', parentId: S1!.id, ownerGroupId: A!.id },
      { code: 'C2', name: '二社区', level: 'community', parentId: S1!.id, ownerGroupId: B!.id },
      { code: 'C3', name: '三社区', level: 'community', parentId: S2!.id, ownerGroupId: A!.id },
    ])
    .returning();
  const [leaderB] = await db
    .insert(people)
    .values({ code: 'LP1', name: '乙组长', role: 'prosecutor', wechatId: 'wxid_list_leader_b' })
    .returning();
  await db.insert(groupMembers).values({ groupId: B!.id, personId: leaderB!.id, role: 'leader' });
  const kase = (n: number, c: Partial<CaseInsert> & Pick<CaseInsert, 'receivedAt'>): CaseInsert => ({
    caseNo: no(n),
    kind: 'dispute',
    intent: 'report_dispute',
    summaryEnc: seal(`案件 ${n}`),
    proceduralDueAt: endOf('2026-12-30'),
    substantiveDueAt: endOf('2027-03-31'),
    ...c,
  });
  await db.insert(cases).values([
    kase(1, {
      groupId: A!.id,
      communityId: C1!.id,
      summaryEnc: seal('楼上漏水 邻里纠纷'),
      receivedAt: at('2026-12-09T09:00:00'),
    }),
    kase(2, {
      groupId: A!.id,
      communityId: C3!.id,
      kind: 'clue',
      category: 'fraud',
      status: 'accepted',
      summaryEnc: seal('有人冒充客服 诈骗老人'),
      receivedAt: at('2026-12-01T10:00:00'),
    }),
    // Overdue: procedural due 11-29, never replied.
    kase(3, {
      groupId: B!.id,
      communityId: C2!.id,
      kind: 'clue',
      category: 'drugs',
      summaryEnc: seal('ＫＴＶ 疑似吸毒'),
      receivedAt: at('2026-11-20T10:00:00'),
      proceduralDueAt: endOf('2026-11-29'),
    }),
    kase(4, {
      groupId: A!.id,
      communityId: C1!.id,
      kind: 'aid_request',
      status: 'closed',
      summaryEnc: seal('申请司法救助 漏水'),
      receivedAt: at('2026-11-05T10:00:00'),
      proceduralRepliedAt: at('2026-11-06T10:00:00'),
      closedAt: at('2026-11-30T10:00:00'),
    }),
    kase(5, { summaryEnc: seal('咨询离婚'), kind: 'legal_question', receivedAt: at('2026-10-15T10:00:00') }),
    kase(123, { groupId: B!.id, communityId: C2!.id, receivedAt: at('2026-12-10T08:00:00') }),
  ]);
});

afterAll(async () => {
  await t?.close();
});

const list = async (query: string, headers: Record<string, string> = auth(ADMIN)) => {
  const res = await t.app.inject({ method: 'GET', url: `/v1/cases${query}`, headers });
  expect(res.statusCode, res.body).toBe(200);
  const body = res.json() as { items: { caseNo: string }[]; total: number; textSearchLimited?: boolean };
  return { ...body, nos: body.items.map((i) => i.caseNo) };
};

describe('GET /v1/cases filters', () => {
  it('keeps the single kind and status filters and lists newest first by default', async () => {
    expect((await list('')).nos).toEqual([no(123), no(1), no(2), no(3), no(4), no(5)]);
    expect((await list('?kind=clue')).nos).toEqual([no(2), no(3)]);
    expect((await list('?status=closed')).nos).toEqual([no(4)]);
  });

  it('filters by several statuses, category, group, street, community, overdue and date range', async () => {
    expect((await list('?status=accepted,closed')).nos).toEqual([no(2), no(4)]);
    expect((await list('?category=drugs,fraud')).nos).toEqual([no(2), no(3)]);
    expect((await list('?group=LB')).nos).toEqual([no(123), no(3)]);
    expect((await list('?street=S1')).nos).toEqual([no(123), no(1), no(3), no(4)]);
    expect((await list('?community=C3')).nos).toEqual([no(2)]);
    expect((await list('?overdue=true')).nos).toEqual([no(3)]);
    expect((await list('?overdue=false')).total).toBe(5);
    expect((await list('?from=2026-11-20&to=2026-12-09')).nos).toEqual([no(1), no(2), no(3)]);
    expect((await list('?kind=clue&group=LA')).nos).toEqual([no(2)]);
  });

  it('gives each item its group, community, street and whether it is overdue', async () => {
    const { items } = await list('?caseNo=GL-2026-000003');
    expect(items[0]).toMatchObject({
      caseNo: no(3),
      group: { code: 'LB', name: '乙组' },
      community: { code: 'C2', name: '二社区' },
      street: { code: 'S1', name: '一街道' },
      overdue: true,
    });
    expect((await list('?caseNo=GL-2026-000005')).items[0]).toMatchObject({
      group: null,
      community: null,
      street: null,
      overdue: false,
    });
  });

  it('finds a case by its number in any spelling, or by digits of it', async () => {
    expect((await list('?caseNo=gl2026000123')).nos).toEqual([no(123)]);
    expect((await list('?caseNo=123')).nos).toEqual([no(123)]);
    expect((await list('?caseNo=GL-2026-999999')).nos).toEqual([]);
  });

  it('searches the summary text: every word, full-width folded, with the other filters', async () => {
    expect((await list('?text=漏水')).nos).toEqual([no(1), no(4)]);
    expect((await list('?text=漏水 救助')).nos).toEqual([no(4)]);
    expect((await list('?text=ktv')).nos).toEqual([no(3)]);
    expect((await list('?text=漏水&kind=dispute')).nos).toEqual([no(1)]);
    const paged = await list('?text=漏水&limit=1&offset=1');
    expect(paged).toMatchObject({ total: 2, nos: [no(4)] });
    expect(paged.textSearchLimited).toBeUndefined();
  });

  it('sorts by case number or due date, and pages', async () => {
    expect((await list('?sort=caseNo')).nos).toEqual([no(1), no(2), no(3), no(4), no(5), no(123)]);
    expect((await list('?sort=proceduralDueAt&limit=1')).nos).toEqual([no(3)]);
    const page = await list('?sort=-caseNo&limit=2&offset=2');
    expect(page).toMatchObject({ total: 6, nos: [no(4), no(3)] });
  });

  it('shows a group leader only their group’s cases, whatever the filters or search', async () => {
    const leader = auth(await tokenFor(t, 'group_leader', 'wxid_list_leader_b'));
    expect((await list('', leader)).nos).toEqual([no(123), no(3)]);
    expect((await list('?group=LA', leader)).nos).toEqual([]);
    expect((await list('?text=漏水', leader)).nos).toEqual([]);
    expect((await list('?caseNo=1', leader)).nos).toEqual([no(123)]);
  });

  it('refuses an unknown status, sort or date with 400', async () => {
    for (const q of [
      '?status=open',
      '?status=closed,nope',
      '?sort=summary',
      '?from=2026-02-30',
      '?overdue=yes',
    ])
      expect(
        (await t.app.inject({ method: 'GET', url: `/v1/cases${q}`, headers: auth(ADMIN) })).statusCode,
      ).toBe(400);
    const res = await t.app.inject({
      method: 'GET',
      url: '/v1/cases?from=2026-12-10&to=2026-12-01',
      headers: auth(ADMIN),
    });
    expect(res.statusCode).toBe(400);
  });
});

describe('GET /v1/cases/filter-options', () => {
  it('offers the office every group and place, and a group leader only their own', async () => {
    const all = await t.app.inject({ method: 'GET', url: '/v1/cases/filter-options', headers: auth(ADMIN) });
    expect(all.json()).toEqual({
      groups: [
        { code: 'LA', name: '甲组' },
        { code: 'LB', name: '乙组' },
      ],
      streets: [
        { code: 'S1', name: '一街道' },
        { code: 'S2', name: '二街道' },
      ],
      communities: [
        { code: 'C1', name: '一社区', streetCode: 'S1' },
        { code: 'C2', name: '二社区', streetCode: 'S1' },
        { code: 'C3', name: '三社区', streetCode: 'S2' },
      ],
      transferGroups: [
        { code: 'LA', name: '甲组' },
        { code: 'LB', name: '乙组' },
      ],
    });
    const leader = auth(await tokenFor(t, 'group_leader', 'wxid_list_leader_b'));
    const own = await t.app.inject({ method: 'GET', url: '/v1/cases/filter-options', headers: leader });
    expect(own.json()).toEqual({
      groups: [{ code: 'LB', name: '乙组' }],
      streets: [{ code: 'S1', name: '一街道' }],
      communities: [{ code: 'C2', name: '二社区', streetCode: 'S1' }],
      transferGroups: [
        { code: 'LA', name: '甲组' },
        { code: 'LB', name: '乙组' },
      ],
    });
  });
});

describe('POST /v1/cases/:caseNo/actions refusals', () => {
  it('refuses an action the status does not allow in the words WeChat uses', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/v1/cases/${no(4)}/actions`,
      headers: auth(ADMIN),
      payload: { action: 'accept' },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toEqual({
      code: 'illegal_transition',
      message: `案件 ${no(4)} 当前状态为“已结案”，不能受理。`,
    });
  });
});
