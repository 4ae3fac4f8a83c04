// Registry admin API end to end on a fresh database: grids, groups, people, rooms, CSV imports and routing.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../../api/auth/token-hash.js';
import { apiTokens, auditLog, grids, outbox, people } from '../../db/schema/index.js';
import { inbound, parseOf, type TestInbound } from '../helpers/inbound-fixtures.js';
import { ADMIN, auth, BOT, createTestApp, postInbound, type TestApp } from '../helpers/test-app.js';

const OFFICE = 'test-office-token';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await t.database.db
    .insert(apiTokens)
    .values({ tokenHash: hashToken(OFFICE), role: 'office', label: 'office' });
});
afterAll(async () => {
  await t?.close();
});

const get = (url: string, token = ADMIN) => t.app.inject({ method: 'GET', url, headers: auth(token) });
const send = (method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: object, token = ADMIN) =>
  t.app.inject({ method, url, headers: auth(token), ...(payload ? { payload } : {}) });
const csv = (url: string, body: string, token = ADMIN) =>
  t.app.inject({
    method: 'POST',
    url,
    headers: { ...auth(token), 'content-type': 'text/csv' },
    payload: body,
  });
const message = (body: TestInbound) => postInbound(t, body);
const caseGroup = async (caseNo: string) => (await get(`/v1/cases/${caseNo}`)).json().group?.code;
const gridCount = async () => (await get('/v1/grids?limit=1')).json().total as number;
const peopleCount = async () => (await get('/v1/people?limit=1')).json().total as number;

describe('grids', () => {
  it('holds 10 streets, the 69 official communities and 534 sample grassroots grids on a fresh start', async () => {
    const totals = await Promise.all(
      ['street', 'community', 'grassroots'].map(
        async (level) => (await get(`/v1/grids?level=${level}`)).json().total,
      ),
    );
    expect(totals).toEqual([10, 69, 534]);
    expect(await gridCount()).toBe(613);
  });

  it('filters by parent code and by a name or code substring, and pages', async () => {
    const children = (await get('/v1/grids?parent=GL-S05&limit=100')).json();
    expect(children.total).toBe(6);
    expect(
      children.items.every((g: { parentCode: string; level: string }) => g.parentCode === 'GL-S05'),
    ).toBe(true);
    expect(children.items.at(-1)).toMatchObject({
      code: 'GL-S05-C08',
      name: '三坊七巷社区',
      level: 'community',
      ownerGroup: { code: 'GRP-03' },
      synthetic: false,
      divisionCode: '350102005008',
    });

    const byName = (await get(`/v1/grids?q=${encodeURIComponent('三坊七巷')}&level=grassroots`)).json();
    expect(byName.total).toBe(8);
    // A grassroots grid is served by its community's group.
    expect(byName.items[0]).toMatchObject({
      ownerGroup: { code: 'GRP-03' },
      synthetic: true,
      divisionCode: null,
    });
    const byCode = (await get('/v1/grids?q=s05-c08-g0')).json();
    expect(byCode.total).toBe(8);
    const byDivision = (await get('/v1/grids?q=350102004001')).json();
    expect(byDivision.items.map((g: { name: string }) => g.name)).toEqual(['军门社区']);
    // LIKE wildcards in q are taken literally.
    expect((await get('/v1/grids?q=%25')).json().total).toBe(0);

    const first = (await get('/v1/grids?level=community&limit=5&offset=0')).json();
    const second = (await get('/v1/grids?level=community&limit=5&offset=5')).json();
    expect(first.items).toHaveLength(5);
    expect(second.total).toBe(69);
    const codes = [...first.items, ...second.items].map((g: { code: string }) => g.code);
    expect(new Set(codes).size).toBe(10);
    expect(codes).toEqual([...codes].sort());
  });

  it('shows one grid and answers 404 for an unknown code, 400 for a bad level', async () => {
    const one = (await get('/v1/grids/GL-S05-C08')).json();
    expect(one).toMatchObject({ code: 'GL-S05-C08', parentCode: 'GL-S05', childCount: 8 });
    expect((await get('/v1/grids/GL-NOPE')).statusCode).toBe(404);
    expect((await get('/v1/grids?level=city')).statusCode).toBe(400);
  });

  it('gives the bot plain street and community names', async () => {
    const res = await get('/v1/places', BOT);
    expect(res.statusCode).toBe(200);
    const { streets, communities } = res.json();
    expect(streets).toHaveLength(10);
    expect(streets).toContain('洪山镇');
    expect(communities).toHaveLength(69);
    expect(communities).toContain('三坊七巷社区');
    expect(communities).toContain('军门社区');
    expect([...streets, ...communities].some((n: string) => n.includes('示例'))).toBe(false);
  });

  it('rejects a grid CSV with one bad line, names the line and changes nothing', async () => {
    const before = await gridCount();
    const file = [
      'code,name,level,parent_code',
      'GL-S05-C99,新社区,community,GL-S05',
      'GL-S05-C08,三坊七巷社区(改),community,GL-S05',
      'GL-S05-C99-G01,新网格,grassroots,GL-NOWHERE',
    ].join('\n');
    const res = await csv('/v1/grids/import', file);
    expect(res.statusCode).toBe(422);
    const body = res.json();
    expect(body.error.code).toBe('csv_invalid');
    expect(body.error.details).toEqual([{ line: 4, message: expect.stringContaining('GL-NOWHERE') }]);
    expect(body.error.message).toContain('4');
    expect(await gridCount()).toBe(before);
    expect((await get('/v1/grids/GL-S05-C99')).statusCode).toBe(404);
    expect((await get('/v1/grids/GL-S05-C08')).json().name).toBe('三坊七巷社区');
  });

  it('applies a valid grid CSV: new codes inserted (parents first), existing ones renamed', async () => {
    const file = [
      'code,name,level,parent_code,division_code',
      'GL-S05-C99-G01,新网格一,grassroots,GL-S05-C99,',
      'GL-S05-C99,新社区,community,GL-S05,',
      'GL-S05-C02,小柳社区（网格）,community,GL-S05,',
      'GL-S05-C05-G01,灵响社区一网格,grassroots,GL-S05-C05,',
    ].join('\r\n');
    const res = await csv('/v1/grids/import', file);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ created: 2, updated: 2 });
    expect((await get('/v1/grids/GL-S05-C99-G01')).json()).toMatchObject({
      parentCode: 'GL-S05-C99',
      synthetic: false,
    });
    // The office's names replace the seed's; an empty division_code keeps the official code.
    expect((await get('/v1/grids/GL-S05-C02')).json()).toMatchObject({
      name: '小柳社区（网格）',
      synthetic: false,
      divisionCode: '350102005002',
    });
    expect((await get('/v1/grids/GL-S05-C05-G01')).json()).toMatchObject({
      name: '灵响社区一网格',
      synthetic: false,
    });
    expect((await get('/v1/grids/GL-S05-C99')).json().divisionCode).toBeNull();
    expect((await get('/v1/grids?level=community')).json().total).toBe(70);
  });

  it('accepts only text/csv or a form upload for imports', async () => {
    const res = await send('POST', '/v1/grids/import', { csv: 'code,name,level,parent_code' });
    expect(res.statusCode).toBe(415);
    expect(res.json().error.code).toBe('unsupported_media_type');
    const empty = await csv('/v1/grids/import', '');
    expect(empty.statusCode).toBe(400);
  });
});

describe('groups', () => {
  it('lists groups with leader, liaison and counts, exactly one of them on duty', async () => {
    const res = (await get('/v1/groups')).json();
    // Five grid groups, the duty group and one demo group per department (issue 14).
    expect(res.total).toBe(11);
    expect(
      Object.fromEntries(res.items.map((g: { code: string; function: string }) => [g.code, g.function])),
    ).toMatchObject({
      'GRP-01': 'grid',
      'GRP-KS': '控申',
      'GRP-WJ': '未检',
      'GRP-GY': '公益诉讼',
      'GRP-MX': '民事行政',
      'GRP-XJ': '刑事检察',
    });
    const g1 = res.items.find((g: { code: string }) => g.code === 'GRP-01');
    expect(g1).toMatchObject({
      demo: true,
      duty: false,
      function: 'grid',
      leader: { code: 'PR-01', wechatId: 'demo-prosecutor-01' },
      liaison: { wechatId: 'demo-prosecutor-02' },
      memberCount: 3,
      communityCount: 11,
    });
    expect(res.items.filter((g: { duty: boolean }) => g.duty).map((g: { code: string }) => g.code)).toEqual([
      'GRP-DUTY',
    ]);
    const detail = (await get('/v1/groups/GRP-01')).json();
    expect(detail.members.map((m: { role: string }) => m.role).sort()).toEqual([
      'leader',
      'liaison',
      'member',
    ]);
    expect(detail.communities).toHaveLength(11);
    expect((await get('/v1/groups/GRP-XX')).statusCode).toBe(404);
  });

  it('moves a community to another group, records the move, and routes the next case there', async () => {
    const before = (
      await message(
        inbound('小区门口有人非法集资', parseOf('report_clue', { entities: { place: '三坊七巷社区' } })),
      )
    ).json();
    expect(await caseGroup(before.caseNo)).toBe('GRP-03');

    const owned = (await get('/v1/groups/GRP-01')).json().communities.map((c: { code: string }) => c.code);
    const res = await send('PUT', '/v1/groups/GRP-01/grids', { communityCodes: [...owned, 'GL-S05-C08'] });
    expect(res.statusCode).toBe(200);
    expect(res.json().moved).toEqual([{ code: 'GL-S05-C08', fromGroup: 'GRP-03' }]);
    expect(res.json().communityCount).toBe(12);
    expect((await get('/v1/grids/GL-S05-C08')).json().ownerGroup.code).toBe('GRP-01');
    const audit = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'grid.owner_moved'), eq(auditLog.subject, 'grid:GL-S05-C08')));
    expect(audit[0]?.data).toEqual({ from: 'GRP-03', to: 'GRP-01' });

    const after = (
      await message(
        inbound(
          '三坊七巷有人在巷子里打架斗殴',
          parseOf('report_dispute', { entities: { place: '三坊七巷社区' } }),
          {
            from: { id: 'wxid_resident_2', name: '李先生' },
          },
        ),
      )
    ).json();
    expect(await caseGroup(after.caseNo)).toBe('GRP-01');
  });

  it('refuses a street or unknown code as an owned community and changes nothing', async () => {
    const before = (await get('/v1/groups/GRP-02')).json().communities;
    const street = await send('PUT', '/v1/groups/GRP-02/grids', { communityCodes: ['GL-S03-C01', 'GL-S03'] });
    expect(street.statusCode).toBe(400);
    expect(street.json().error.code).toBe('not_community');
    const unknown = await send('PUT', '/v1/groups/GRP-02/grids', { communityCodes: ['GL-S99-C01'] });
    expect(unknown.statusCode).toBe(400);
    expect((await get('/v1/groups/GRP-02')).json().communities).toEqual(before);
  });

  it('keeps exactly one duty group and refuses to leave none', async () => {
    const res = await send('PATCH', '/v1/groups/GRP-02', { duty: true });
    expect(res.statusCode).toBe(200);
    const duty = (await get('/v1/groups')).json().items.filter((g: { duty: boolean }) => g.duty);
    expect(duty.map((g: { code: string }) => g.code)).toEqual(['GRP-02']);
    const none = await send('PATCH', '/v1/groups/GRP-02', { duty: false });
    expect(none.statusCode).toBe(409);
    expect((await get('/v1/groups/GRP-02')).json().duty).toBe(true);
    await send('PATCH', '/v1/groups/GRP-DUTY', { duty: true });
  });

  it('creates a group, seats a leader and liaison, sets members; the old seat holder stays a member', async () => {
    const created = await send('POST', '/v1/groups', {
      code: 'GRP-07',
      name: '第七检察官办案组',
      leaderCode: 'PR-04',
      liaisonCode: 'PR-05',
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      demo: false,
      duty: false,
      leader: { code: 'PR-04' },
      liaison: { code: 'PR-05' },
    });
    expect((await send('POST', '/v1/groups', { code: 'GRP-07', name: 'x' })).statusCode).toBe(409);

    const members = await send('PUT', '/v1/groups/GRP-07/members', { memberCodes: ['PR-06'] });
    expect(members.json().memberCount).toBe(3);
    const seated = await send('PUT', '/v1/groups/GRP-07/members', { memberCodes: ['PR-04'] });
    expect(seated.statusCode).toBe(400);
    const gridMember = await send('PATCH', '/v1/groups/GRP-07', { leaderCode: 'GM-01' });
    expect(gridMember.statusCode).toBe(400);
    expect(gridMember.json().error.code).toBe('not_prosecutor');

    const swapped = (
      await send('PATCH', '/v1/groups/GRP-07', { leaderCode: 'PR-06', name: '第七组' })
    ).json();
    expect(swapped).toMatchObject({ name: '第七组', leader: { code: 'PR-06' } });
    expect(swapped.members.find((m: { code: string }) => m.code === 'PR-04').role).toBe('member');
  });
});

describe('people', () => {
  it('lists residents too, filters by role, grid subtree and text, and pages', async () => {
    const residents = (await get('/v1/people?role=resident')).json();
    expect(residents.items.map((p: { wechatId: string }) => p.wechatId)).toContain('wxid_resident_1');
    const members = (await get('/v1/people?role=grid_member&grid=GL-S01')).json();
    expect(members.total).toBeGreaterThan(0);
    expect(members.items.every((p: { grid: { code: string } }) => p.grid.code.startsWith('GL-S01'))).toBe(
      true,
    );
    const byText = (await get('/v1/people?q=demo-prosecutor-0')).json();
    expect(byText.total).toBe(9);
    const page = (await get('/v1/people?q=demo-prosecutor-0&limit=4&offset=8')).json();
    expect(page.items).toHaveLength(1);
  });

  it('registers a prosecutor and a grid member; phones are stored encrypted and shown masked', async () => {
    const pros = await send('POST', '/v1/people', {
      name: '陈检察官',
      role: 'prosecutor',
      wechatId: 'wxid_new_prosecutor',
      phone: '138 1234 5678',
    });
    expect(pros.statusCode).toBe(201);
    expect(pros.json()).toMatchObject({
      role: 'prosecutor',
      phone: '138****5678',
      code: expect.stringMatching(/^P-/),
    });
    const [row] = await t.database.db.select().from(people).where(eq(people.wechatId, 'wxid_new_prosecutor'));
    expect(row?.phoneEnc).toBeTruthy();
    expect(row?.phoneEnc).not.toContain('5678');
    expect(t.app.services.registry.fieldCipher.decrypt(row!.phoneEnc!)).toBe('13812345678');

    const member = await send('POST', '/v1/people', {
      name: '王网格员',
      role: 'grid_member',
      gridCode: 'GL-S05-C01-G02',
    });
    expect(member.statusCode).toBe(201);
    expect(member.json().grid).toMatchObject({ code: 'GL-S05-C01-G02', level: 'grassroots' });

    const listed = (await get('/v1/people?q=wxid_new_prosecutor')).json().items[0];
    expect(listed.phone).toBe('138****5678');
    expect(JSON.stringify((await get('/v1/people?limit=500')).json())).not.toContain('13812345678');
  });

  it('refuses incomplete or conflicting people with 4xx and changes nothing', async () => {
    const before = await peopleCount();
    expect((await send('POST', '/v1/people', { name: '甲', role: 'prosecutor' })).json().error.code).toBe(
      'wechat_required',
    );
    expect((await send('POST', '/v1/people', { name: '乙', role: 'grid_member' })).json().error.code).toBe(
      'grid_required',
    );
    const badPhone = await send('POST', '/v1/people', {
      name: '丙',
      role: 'prosecutor',
      wechatId: 'wxid_c',
      phone: '12345',
    });
    expect(badPhone.statusCode).toBe(400);
    const taken = await send('POST', '/v1/people', {
      name: '丁',
      role: 'prosecutor',
      wechatId: 'demo-prosecutor-01',
    });
    expect(taken.statusCode).toBe(409);
    expect(await peopleCount()).toBe(before);
  });

  it('promotes a resident known by WeChat id and changes a person with PATCH', async () => {
    const [resident] = await t.database.db
      .select()
      .from(people)
      .where(eq(people.wechatId, 'wxid_resident_2'));
    const promoted = await send('POST', '/v1/people', {
      name: '李网格员',
      role: 'grid_member',
      wechatId: 'wxid_resident_2',
      gridCode: 'GL-S05-C01',
    });
    expect(promoted.statusCode).toBe(201);
    expect(promoted.json()).toMatchObject({ id: resident!.id, role: 'grid_member' });

    const patched = await send('PATCH', `/v1/people/${resident!.id}`, {
      phone: '0591-87654321',
      name: '李明',
    });
    expect(patched.json()).toMatchObject({ name: '李明', phone: '0591-****4321' });
    expect((await send('PATCH', `/v1/people/${resident!.id}`, { gridCode: null })).statusCode).toBe(400);
    expect((await send('PATCH', `/v1/people/${resident!.id}`, { phone: 'x' })).statusCode).toBe(400);
    expect((await get(`/v1/people/${resident!.id}`)).json()).toMatchObject({
      name: '李明',
      phone: '0591-****4321',
    });
    expect((await send('PATCH', '/v1/people/999999', { name: 'x' })).statusCode).toBe(404);
  });

  it('rejects a people CSV with one bad line, names the line and changes nothing', async () => {
    const before = await peopleCount();
    const leaderBefore = (await get('/v1/groups/GRP-02')).json().leader.code;
    const file = [
      'name,role,wechat_id,grid_code,group_code,phone',
      '赵组长,group_leader,wxid_csv_leader,,GRP-02,13900001111',
      '钱网格员,grid_member,wxid_csv_member,GL-S05-C01-G01,,',
      '孙网格员,grid_member,wxid_csv_member2,GL-NOWHERE,,',
    ].join('\n');
    const res = await csv('/v1/people/import', file);
    expect(res.statusCode).toBe(422);
    expect(res.json().error.details).toEqual([{ line: 4, message: expect.stringContaining('GL-NOWHERE') }]);
    expect(await peopleCount()).toBe(before);
    expect((await get('/v1/groups/GRP-02')).json().leader.code).toBe(leaderBefore);
  });

  it('applies a valid people CSV: group_leader takes the seat, liaison too, phones encrypted', async () => {
    const file = [
      'name,role,wechat_id,grid_code,group_code,phone',
      '赵组长,组长,wxid_csv_leader,,GRP-02,13900001111',
      '周联络员,liaison,wxid_csv_liaison,,GRP-02,',
      '钱网格员,grid_member,wxid_csv_member,GL-S05-C01-G01,,',
      '陈检察官,prosecutor,wxid_new_prosecutor,,GRP-02,',
    ].join('\n');
    const res = await csv('/v1/people/import', file);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ created: 3, updated: 1 });
    const g2 = (await get('/v1/groups/GRP-02')).json();
    expect(g2.leader.wechatId).toBe('wxid_csv_leader');
    expect(g2.liaison.wechatId).toBe('wxid_csv_liaison');
    expect(g2.members.find((m: { code: string }) => m.code === 'PR-04').role).toBe('member');
    const leader = (await get('/v1/people?q=wxid_csv_leader')).json().items[0];
    expect(leader).toMatchObject({
      role: 'prosecutor',
      phone: '139****1111',
      groups: [{ code: 'GRP-02', role: 'leader' }],
    });
    // An empty phone cell keeps the number already on record.
    expect((await get('/v1/people?q=wxid_new_prosecutor')).json().items[0].phone).toBe('138****5678');
  });
});

describe('rooms', () => {
  const room = (id: string, topic: string) => ({ id, topic });

  it('routes a clue in a bound room to the owning group and queues the liaison notice', async () => {
    const bind = await send('PUT', '/v1/rooms/r1@chatroom', { gridCode: 'GL-S01-C02-G01' });
    expect(bind.statusCode).toBe(200);
    expect(bind.json()).toMatchObject({
      roomId: 'r1@chatroom',
      grid: { code: 'GL-S01-C02-G01' },
      boundBy: 'admin:env',
    });

    const res = (
      await message(
        inbound('网格员转发：某棋牌室有人聚众赌博', parseOf('report_clue', { category: 'gambling' }), {
          from: { id: 'wxid_room_member', name: '网格员小吴' },
          room: room('r1@chatroom', '鼓东第2社区第1网格群'),
        }),
      )
    ).json();
    expect(res.caseNo).toMatch(/^GL-2026-/);
    expect(res.reply).toContain(res.caseNo);
    expect(res.reply).not.toContain('小吴');
    expect(await caseGroup(res.caseNo)).toBe('GRP-01');
    const queued = await t.database.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.toId, 'demo-prosecutor-02'), eq(outbox.purpose, 'assignment')));
    const cipher = t.app.services.registry.fieldCipher;
    expect(queued.some((o) => cipher.decrypt(o.textEnc).includes(res.caseNo))).toBe(true);
  });

  it('keeps the binding when the topic changes', async () => {
    const res = (
      await message(
        inbound('网格员转发：小区地下室有人吸毒', parseOf('report_clue', { category: 'drugs' }), {
          from: { id: 'wxid_room_member', name: '网格员小吴' },
          room: room('r1@chatroom', '改名后的群'),
        }),
      )
    ).json();
    expect(await caseGroup(res.caseNo)).toBe('GRP-01');
    const listed = (await get('/v1/rooms?bound=true')).json();
    expect(listed.items).toEqual([
      expect.objectContaining({
        roomId: 'r1@chatroom',
        topic: '改名后的群',
        grid: expect.objectContaining({ code: 'GL-S01-C02-G01' }),
      }),
    ]);
  });

  it('stays silent in an unbound room and opens no case', async () => {
    const before = (await get('/v1/cases?limit=1')).json().total;
    const res = (
      await message(
        inbound('有人在群里说看到诈骗', parseOf('report_clue', { category: 'fraud' }), {
          room: room('r2@chatroom', '闲聊群'),
        }),
      )
    ).json();
    expect(res).toMatchObject({ reply: null });
    expect(res.caseNo).toBeUndefined();
    expect((await get('/v1/cases?limit=1')).json().total).toBe(before);
    expect(
      (await get('/v1/rooms?bound=false')).json().items.map((r: { roomId: string }) => r.roomId),
    ).toContain('r2@chatroom');
  });

  it('refuses a street or unknown grid and unbinds on DELETE', async () => {
    const street = await send('PUT', '/v1/rooms/r2@chatroom', { gridCode: 'GL-S01' });
    expect(street.statusCode).toBe(400);
    expect(street.json().error.code).toBe('street_grid');
    expect((await send('PUT', '/v1/rooms/r2@chatroom', { gridCode: 'GL-NOPE' })).statusCode).toBe(400);
    expect((await get('/v1/rooms?bound=true')).json().total).toBe(1);

    const unbound = await send('DELETE', '/v1/rooms/r1@chatroom/binding');
    expect(unbound.statusCode).toBe(200);
    expect(unbound.json().grid).toBeNull();
    const silent = (
      await message(
        inbound('又有人在棋牌室赌博', parseOf('report_clue', { category: 'gambling' }), {
          room: room('r1@chatroom', '改名后的群'),
        }),
      )
    ).json();
    expect(silent.reply).toBeNull();
    expect((await send('DELETE', '/v1/rooms/nope@chatroom/binding')).statusCode).toBe(404);
  });
});

describe('access', () => {
  it('answers 401 without a valid token and 403 for the wrong role', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/v1/grids' })).statusCode).toBe(401);
    expect((await get('/v1/groups', 'not-a-token')).statusCode).toBe(401);
    expect((await get('/v1/people', BOT)).statusCode).toBe(403);
    expect((await get('/v1/groups', BOT)).statusCode).toBe(403);
    expect((await get('/v1/rooms', BOT)).statusCode).toBe(403);
    expect((await csv('/v1/grids/import', 'code,name,level,parent_code\nX,x,street,', BOT)).statusCode).toBe(
      403,
    );
    expect((await send('PUT', '/v1/rooms/r9@chatroom', { gridCode: 'GL-S01-C01' }, BOT)).statusCode).toBe(
      403,
    );
    expect((await get('/v1/places', OFFICE)).statusCode).toBe(403);
    expect((await get('/v1/grids?limit=1', BOT)).statusCode).toBe(200);
    expect((await get('/v1/groups', OFFICE)).statusCode).toBe(200);
    expect((await get('/v1/people?limit=1', OFFICE)).statusCode).toBe(200);
    const [x] = await t.database.db.select().from(grids).where(eq(grids.code, 'X'));
    expect(x).toBeUndefined();
  });

  it('documents every registry endpoint in OpenAPI, the imports as text/csv or a form upload', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/docs/json' })).json();
    for (const path of [
      '/v1/grids',
      '/v1/grids/{code}',
      '/v1/grids/import',
      '/v1/places',
      '/v1/groups',
      '/v1/groups/{code}',
      '/v1/groups/{code}/grids',
      '/v1/groups/{code}/members',
      '/v1/people',
      '/v1/people/{id}',
      '/v1/people/import',
      '/v1/rooms',
      '/v1/rooms/{roomId}',
      '/v1/rooms/{roomId}/binding',
    ])
      expect(doc.paths[path], path).toBeDefined();
    expect(Object.keys(doc.paths['/v1/grids/import'].post.requestBody.content)).toEqual([
      'text/csv',
      'multipart/form-data',
    ]);
    expect(doc.paths['/v1/grids/import'].post.responses['422']).toBeDefined();
  });
});
