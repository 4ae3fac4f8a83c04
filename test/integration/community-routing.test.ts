// Routing by Gulou's real communities without guessing: names and short forms, streets and shared names
// answered with numbered lists, a resident's community remembered for their next report.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { people } from '../../db/schema/index.js';
import { postMessage } from '../helpers/case-fixtures.js';
import { inbound, parseOf } from '../helpers/inbound-fixtures.js';
import { ADMIN, auth, createTestApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

let counter = 0;
/** A resident's message; `place` is what the parser found in it. Returns the reply and the case number. */
async function tell(from: string, text: string, place?: string) {
  counter += 1;
  const parse = parseOf('report_dispute', { entities: place ? { place } : {} });
  const res = await postMessage(
    t,
    inbound(`${text}（${counter}）`, parse, {
      from: { id: from, name: '居民' },
      receivedAt: t.clock.now().toISOString(),
    }),
  );
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { reply: string; caseNo?: string };
}

/** A resident's answer to the bot's question (by default the parser finds nothing in it). */
async function answer(from: string, text: string, parse = parseOf('none')): Promise<string> {
  const res = await postMessage(
    t,
    inbound(text, parse, {
      from: { id: from, name: '居民' },
      receivedAt: t.clock.now().toISOString(),
    }),
  );
  expect(res.statusCode, res.body).toBe(200);
  return res.json().reply as string;
}

async function routing(caseNo: string) {
  const c = (await t.app.inject({ method: 'GET', url: `/v1/cases/${caseNo}`, headers: auth(ADMIN) })).json();
  return { grid: c.grid?.name as string | undefined, group: c.group?.code as string | undefined };
}

async function remembered(wechatId: string): Promise<number | null> {
  const [row] = await t.database.db.select().from(people).where(eq(people.wechatId, wechatId));
  return row?.gridId ?? null;
}

/** The numbered options of a reply, in order. */
const options = (reply: string) => [...reply.matchAll(/^(\d+)\. (.+)$/gmu)].map((m) => m[2]);

describe('a resident who names a real community', () => {
  it('is routed at once, and their next report without a place goes to the same community', async () => {
    const first = await tell('wx_junmen', '我住军门社区，楼上漏水淹了我家', '军门社区');
    expect(first.reply).toContain('已登记');
    expect(await routing(first.caseNo!)).toEqual({ grid: '军门社区', group: 'GRP-02' });

    const next = await tell('wx_junmen', '小区门口有人占道经营');
    expect(next.reply).not.toContain('哪个社区');
    expect(await routing(next.caseNo!)).toEqual({ grid: '军门社区', group: 'GRP-02' });
  });

  it('is routed by the short form the parser found (军门)', async () => {
    const res = await tell('wx_junmen_short', '我住军门，邻居装修噪音', '军门');
    expect(await routing(res.caseNo!)).toEqual({ grid: '军门社区', group: 'GRP-02' });
  });

  it('naming another community later routes there, and that is remembered instead', async () => {
    const res = await tell('wx_junmen', '我现在住三坊七巷社区，楼道堆满杂物', '三坊七巷社区');
    expect(await routing(res.caseNo!)).toEqual({ grid: '三坊七巷社区', group: 'GRP-03' });
    const next = await tell('wx_junmen', '楼下饭店油烟扰民');
    expect(await routing(next.caseNo!)).toEqual({ grid: '三坊七巷社区', group: 'GRP-03' });
  });

  it('reporting anonymously neither uses nor changes the remembered community', async () => {
    const before = await remembered('wx_junmen');
    const res = await tell('wx_junmen', '匿名反映有人在军门社区聚众赌博', '军门社区');
    expect(res.reply).toContain('匿名');
    expect(await remembered('wx_junmen')).toBe(before);
  });
});

describe('a resident asked which community they live in', () => {
  it('answers with a short form (军门) and is routed, and remembered', async () => {
    const res = await tell('wx_ask_short', '邻居家的狗天天叫');
    expect(res.reply).toContain('哪个社区');
    expect(await routing(res.caseNo!)).toEqual({ grid: undefined, group: undefined });
    const reply = await answer('wx_ask_short', '军门');
    expect(reply).toContain('军门社区');
    expect(await routing(res.caseNo!)).toEqual({ grid: '军门社区', group: 'GRP-02' });
    const next = await tell('wx_ask_short', '楼上又在半夜装修');
    expect(await routing(next.caseNo!)).toEqual({ grid: '军门社区', group: 'GRP-02' });
  });

  it('answers with a street (南街) and gets the numbered communities of that street, not a guess', async () => {
    const res = await tell('wx_ask_street', '隔壁租户半夜吵闹');
    const list = await answer('wx_ask_street', '南街');
    expect(options(list)).toEqual([
      '杨桥河南社区',
      '小柳社区',
      '灵响社区',
      '驿里社区',
      '柳河社区',
      '三坊七巷社区',
    ]);
    expect(await routing(res.caseNo!)).toEqual({ grid: undefined, group: undefined });
    const routed = await answer('wx_ask_street', '6');
    expect(routed).toContain('三坊七巷社区');
    expect(await routing(res.caseNo!)).toEqual({ grid: '三坊七巷社区', group: 'GRP-03' });
  });

  it('answers with a fragment (三坊) and is asked to confirm it by number or name', async () => {
    const res = await tell('wx_ask_fragment', '楼下商铺占用消防通道');
    const list = await answer('wx_ask_fragment', '三坊');
    expect(options(list)).toEqual(['三坊七巷社区']);
    expect(await routing(res.caseNo!)).toEqual({ grid: undefined, group: undefined });
    await answer('wx_ask_fragment', '三坊七巷社区');
    expect(await routing(res.caseNo!)).toEqual({ grid: '三坊七巷社区', group: 'GRP-03' });
  });

  it('answers with the full official name and framing words, full-width digits too', async () => {
    const res = await tell('wx_ask_full', '物业乱收费');
    expect(await answer('wx_ask_full', '我住在福州市鼓楼区东街街道军门社区居委会这边')).toContain('军门社区');
    expect(await routing(res.caseNo!)).toEqual({ grid: '军门社区', group: 'GRP-02' });

    const second = await tell('wx_ask_fullwidth', '物业不修电梯');
    await answer('wx_ask_fullwidth', '东街街道');
    await answer('wx_ask_fullwidth', '１');
    expect(await routing(second.caseNo!)).toEqual({ grid: '军门社区', group: 'GRP-02' });
  });

  it('a report naming only a street starts with that street’s communities', async () => {
    const res = await tell('wx_street_report', '南街街道这边有人半夜飙车', '南街街道');
    expect(options(res.reply)).toHaveLength(6);
    expect(await routing(res.caseNo!)).toEqual({ grid: undefined, group: undefined });
    await answer('wx_street_report', '柳河社区');
    expect(await routing(res.caseNo!)).toEqual({ grid: '柳河社区', group: 'GRP-03' });
  });

  it('a number out of range is answered politely and routes nothing; three misses go to the duty group', async () => {
    const res = await tell('wx_ask_wrong', '邻居占用公共车位');
    await answer('wx_ask_wrong', '南街');
    const wrong = await answer('wx_ask_wrong', '9');
    expect(wrong).toContain('没有这个序号');
    expect(options(wrong)).toHaveLength(6);
    expect(await routing(res.caseNo!)).toEqual({ grid: undefined, group: undefined });
    const last = await answer('wx_ask_wrong', '不知道');
    expect(last).toContain('值班');
    expect((await routing(res.caseNo!)).group).toBe('GRP-DUTY');
    expect(await remembered('wx_ask_wrong')).toBeNull();
  });
});

describe('a resident asked for their community who asks something else', () => {
  it('gets the question answered; the case goes to the duty group instead of waiting', async () => {
    const res = await tell('wx_ask_other', '邻居占用公共车位');
    const reply = await answer(
      'wx_ask_other',
      '我的案子多久能有结果',
      parseOf('query_status', { score: 0.99 }),
    );
    expect(reply).not.toContain('没有找到这个社区');
    expect(reply).toContain(res.caseNo!);
    expect((await routing(res.caseNo!)).group).toBe('GRP-DUTY');
    // The question is closed: a community named now is a new message, not an answer routing the old case.
    await answer('wx_ask_other', '三坊七巷社区');
    expect((await routing(res.caseNo!)).group).toBe('GRP-DUTY');
  });

  it('a report told further in a few words still waits for the community', async () => {
    const res = await tell('wx_ask_more', '邻居占用公共车位');
    const more = await answer('wx_ask_more', '他还骂人', parseOf('report_dispute', { score: 0.99 }));
    expect(more).toContain('没有找到这个社区');
    expect(await routing(res.caseNo!)).toEqual({ grid: undefined, group: undefined });
  });
});

describe('binding a group chat in WeChat', () => {
  const bind = async (roomId: string, text: string) =>
    (
      await postMessage(
        t,
        inbound(text, parseOf('none'), {
          from: { id: 'demo-grid-member-07', name: '网格员' },
          room: { id: roomId, topic: '网格群' },
        }),
      )
    ).json().reply as string;

  it('takes a community by its short form, and refuses a street', async () => {
    expect(await bind('room-junmen', '绑定网格 军门')).toContain('军门社区');
    const rooms = (await t.app.inject({ method: 'GET', url: '/v1/rooms', headers: auth(ADMIN) })).json();
    expect(rooms.items.find((r: { roomId: string }) => r.roomId === 'room-junmen').grid).toMatchObject({
      code: 'GL-S04-C01',
    });
    expect(await bind('room-street', '绑定网格 南街街道')).toContain('社区');
    const after = (await t.app.inject({ method: 'GET', url: '/v1/rooms', headers: auth(ADMIN) })).json();
    expect(after.items.find((r: { roomId: string }) => r.roomId === 'room-street').grid).toBeNull();
  });
});

describe('communities that share a name (the office imported a second 军门社区)', () => {
  beforeAll(async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/grids/import',
      headers: { ...auth(ADMIN), 'content-type': 'text/csv' },
      payload: 'code,name,level,parent_code\nGL-S09-C99,军门社区,community,GL-S09\n',
    });
    expect(res.statusCode, res.body).toBe(200);
    await t.app.inject({
      method: 'PUT',
      url: '/v1/groups/GRP-05/grids',
      headers: auth(ADMIN),
      payload: {
        communityCodes: [
          ...(await t.app.inject({ method: 'GET', url: '/v1/groups/GRP-05', headers: auth(ADMIN) }))
            .json()
            .communities.map((c: { code: string }) => c.code),
          'GL-S09-C99',
        ],
      },
    });
  });

  it('asks which one, labelled with their streets, and routes by the number', async () => {
    const res = await tell('wx_shared', '我住军门社区，楼上漏水', '军门社区');
    expect(options(res.reply)).toEqual(['军门社区（东街街道）', '军门社区（五凤街道）']);
    expect(await routing(res.caseNo!)).toEqual({ grid: undefined, group: undefined });
    await answer('wx_shared', '2');
    expect(await routing(res.caseNo!)).toEqual({ grid: '军门社区', group: 'GRP-05' });
  });

  it('a room bound by the shared name is told to write it in full', async () => {
    const reply = (
      await postMessage(
        t,
        inbound('绑定网格 军门', parseOf('none'), {
          from: { id: 'demo-grid-member-07', name: '网格员' },
          room: { id: 'room-shared', topic: '网格群' },
        }),
      )
    ).json().reply as string;
    expect(reply).toContain('军门社区（五凤街道）');
  });

  it('an answer naming the street with the community picks that one', async () => {
    const res = await tell('wx_shared_2', '我住东街街道军门社区，楼上漏水');
    expect(res.reply).toContain('哪个社区');
    await answer('wx_shared_2', '东街街道军门社区');
    expect(await routing(res.caseNo!)).toEqual({ grid: '军门社区', group: 'GRP-02' });
  });
});
