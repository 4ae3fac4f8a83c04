// Issue 15 through mock WeChat on a manual clock: a work record in the month's review, a grid member's 我的线索,
// a 检察建议 reminded to the liaison before its reply is due and escalated to the leader after (the sweep job).
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { abortableSleep } from '../../bot/shared/bot-clock.js';
import { parseOf } from '../helpers/inbound-fixtures.js';
import type { TestApp } from '../helpers/test-app.js';
import { startWalk, type Walk } from './support/wechat-walk.js';

// Seeded demo registry: GRP-01 owns 中山社区 (GL-S01-C01: leader -01, liaison -02), GRP-03 owns 三坊七巷社区
// (leader -07 林…, liaison -08, member -09); grid member GM-01 (demo-grid-member-01) works on 中山社区.
const GRP01_LEADER = 'demo-prosecutor-01';
const GRP03_LEADER = 'demo-prosecutor-07';
const GRP03_LIAISON = 'demo-prosecutor-08';
const GRP03_MEMBER = 'demo-prosecutor-09';
const GRID_MEMBER = 'demo-grid-member-01';
const CLUES = [
  '中山社区有人在出租屋里开设赌场，晚上很多人进出',
  '中山社区菜市场旁有人收购居民身份证和银行卡',
  '中山社区一家小作坊往河里偷排污水，气味很重',
] as const;

// Monday 2 November 2026, 10:00 Shanghai; the walk stays before the real date, so the bot trusts this clock.
const START = '2026-11-02T10:00:00+08:00';

let walk: Walk;
let t: TestApp;
const received = (id: string) => walk.received(id);
const until = (what: string, done: () => boolean, timeoutMs?: number) => walk.until(what, done, timeoutMs);
const send = (from: string, text: string) => walk.send(from, text);
const api = (method: 'GET' | 'POST', path: string, body?: unknown) => walk.api(method, path, body);
const sweepAt = (instant: string) => walk.sweepAt(instant);

beforeAll(async () => {
  walk = await startWalk({
    now: START,
    contacts: [
      [GRP01_LEADER, '一组组长'],
      [GRP03_LEADER, '三组组长'],
      [GRP03_LIAISON, '三组联络员'],
      [GRP03_MEMBER, '三组检察官'],
      [GRID_MEMBER, '网格员'],
    ],
    jobs: true,
  });
  t = walk.t;
  for (const [i, text] of CLUES.entries())
    t.parser.script(
      text,
      parseOf('report_clue', {
        category: (['gambling', 'fraud', 'environment'] as const)[i]!,
        entities: { place: '中山社区' },
        normalizedText: text,
      }),
    );
}, 120_000);

afterAll(async () => {
  await walk?.close();
});

const clueNos: string[] = [];

describe('a work record made in WeChat appears in the month’s performance review', () => {
  it('记录 走访 三坊七巷社区 … is confirmed, and counted for the prosecutor in November, on screen and in the workbook', async () => {
    const reply = await send(GRP03_MEMBER, '记录 走访 三坊七巷社区 入户走访独居老人，宣传防范养老诈骗');
    expect(reply).toBe(
      '已记录：2026年11月2日 走访 三坊七巷社区。您本月已记录实地工作 1 次，计入月度工作统计。',
    );
    const res = await api('GET', '/v1/reports/performance?month=2026-11');
    expect(res.status).toBe(200);
    const review = (await res.json()) as {
      prosecutors: {
        person: { code: string };
        fieldWork: Record<string, number> & { total: number };
        groups: string[];
      }[];
    };
    const member = review.prosecutors.find((p) => p.person.code === 'PR-09');
    expect(member?.fieldWork).toEqual({ 走访: 1, 座谈: 0, 讲座: 0, 志愿服务: 0, total: 1 });
    expect(member?.groups[0]).toContain('第三检察官办案组');
    // Nobody else recorded anything.
    expect(review.prosecutors.filter((p) => p.fieldWork.total > 0)).toHaveLength(1);
    // October's review does not have it.
    const october = (await (
      await api('GET', '/v1/reports/performance?month=2026-10')
    ).json()) as typeof review;
    expect(october.prosecutors.find((p) => p.person.code === 'PR-09')?.fieldWork.total).toBe(0);

    const xlsx = await api('GET', '/v1/reports/performance.xlsx?month=2026-11');
    expect(xlsx.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await xlsx.arrayBuffer());
    const sheet = wb.getWorksheet('检察官')!;
    const head = (sheet.getRow(1).values as unknown[]).slice(1);
    let row: unknown[] | undefined;
    sheet.eachRow((r) => {
      if (r.getCell(1).value === 'PR-09') row = (r.values as unknown[]).slice(1);
    });
    expect(row?.[head.indexOf('走访')]).toBe(1);
    expect(row?.[head.indexOf('实地工作合计')]).toBe(1);
  });
});

describe('a grid member’s 我的线索 shows each clue’s status in plain words', () => {
  it('lists the three clues they sent: one concluded, one passed on, one waiting', async () => {
    expect(await send(GRID_MEMBER, '我的线索')).toContain('您还没有提交过线索');
    for (const text of CLUES) {
      const reply = await send(GRID_MEMBER, text);
      const caseNo = /GL-\d{4}-\d{6}/.exec(reply)?.[0];
      expect(caseNo, reply).toBeDefined();
      clueNos.push(caseNo!);
    }
    const [gambling, cards, sewage] = clueNos as [string, string, string];
    expect(await send(GRP01_LEADER, `受理 ${gambling}`)).toContain('已受理');
    expect(await send(GRP01_LEADER, `办结 ${gambling} 经查实，已移送公安机关依法处理`)).toContain('已办结');
    expect(await send(GRP01_LEADER, `转办 ${cards} 鼓楼公安分局`)).toContain('已转办');

    const listed = await send(GRID_MEMBER, '我的线索');
    const lineOf = (caseNo: string) => listed.split('\n').find((l) => l.startsWith(caseNo)) ?? '';
    expect(lineOf(gambling)).toBe(`${gambling} 线索·赌博（2026年11月2日）：已结案`);
    expect(lineOf(cards)).toBe(`${cards} 线索·诈骗（2026年11月2日）：已转交其他部门办理`);
    expect(lineOf(sewage)).toMatch(new RegExp(`^${sewage} 线索.*（2026年11月2日）：已收到，待受理$`));
    expect(listed).toContain('共 3 条');
  });

  it('and the grid’s row of the review counts them: two valid (concluded, transferred), one pending', async () => {
    const review = (await (await api('GET', '/v1/reports/performance?month=2026-11')).json()) as {
      grids: { grid: { code: string }; clues: number; valid: number; outcomes: Record<string, number> }[];
    };
    expect(review.grids.find((g) => g.grid.code === 'GL-S01-C01')).toMatchObject({
      clues: 3,
      valid: 2,
      outcomes: { pending: 1, inProgress: 0, concluded: 1, transferred: 1, notAccepted: 0 },
    });
  });
});

describe('a 检察建议 reminded before its reply is due and escalated after', () => {
  it('reminds GRP-03’s liaison seven days before the due date and its leader once overdue, each once', async () => {
    const serve = async (recipient: string) => {
      const res = await api('POST', '/v1/suggestions', {
        recipient,
        type: '公益诉讼诉前',
        urgent: true,
        servedAt: START,
        caseNos: [clueNos[2]],
        groupCode: 'GRP-03',
      });
      expect(res.status).toBe(201);
      return (await res.json()) as { suggestionNo: string; replyDueAt: string };
    };
    const awaiting = await serve('鼓楼区生态环境局');
    const answered = await serve('鼓楼区水利局');
    // Fifteen days for an urgent public-interest suggestion served 2 November.
    expect(awaiting.replyDueAt).toBe('2026-11-17T23:59:59.999+08:00');
    const reply = await api('POST', `/v1/suggestions/${answered.suggestionNo}/reply`, {
      outcome: 'adopted',
      text: '已责令整改，排污口已封堵',
    });
    expect(reply.status).toBe(200);

    const about = (text: string, no: string) => text.includes(no);
    const remindersTo = (id: string, no: string) =>
      received(id).filter((m) => about(m, no) && m.startsWith('【检察建议待回复】'));
    const escalationsTo = (id: string, no: string) =>
      received(id).filter((m) => about(m, no) && m.startsWith('【检察建议逾期未回复】'));

    // Eight days before: nothing yet.
    await sweepAt('2026-11-09T10:00:00+08:00');
    await abortableSleep(300);
    expect(remindersTo(GRP03_LIAISON, awaiting.suggestionNo)).toEqual([]);

    // Six days before: the liaison is reminded, once, however often the sweep runs.
    await sweepAt('2026-11-11T10:00:00+08:00');
    await until('the liaison’s reminder', () => remindersTo(GRP03_LIAISON, awaiting.suggestionNo).length > 0);
    await sweepAt('2026-11-12T10:00:00+08:00');
    await abortableSleep(300);
    expect(remindersTo(GRP03_LIAISON, awaiting.suggestionNo)).toEqual([
      `【检察建议待回复】${awaiting.suggestionNo}（公益诉讼诉前）已于2026年11月2日送达鼓楼区生态环境局，回复期限2026年11月17日，尚未收到回复。请及时跟进督促。`,
    ]);
    expect(escalationsTo(GRP03_LEADER, awaiting.suggestionNo)).toEqual([]);

    // The day after the due date: the leader is told, once.
    await sweepAt('2026-11-18T10:00:00+08:00');
    await until(
      'the leader’s escalation',
      () => escalationsTo(GRP03_LEADER, awaiting.suggestionNo).length > 0,
    );
    await sweepAt('2026-11-19T10:00:00+08:00');
    await abortableSleep(300);
    expect(escalationsTo(GRP03_LEADER, awaiting.suggestionNo)).toHaveLength(1);
    expect(escalationsTo(GRP03_LEADER, awaiting.suggestionNo)[0]).toContain(
      '回复期限2026年11月17日已过，仍未回复',
    );
    expect(escalationsTo(GRP03_LIAISON, awaiting.suggestionNo)).toEqual([]);

    // The suggestion answered in time is neither reminded nor escalated.
    const all = [...received(GRP03_LIAISON), ...received(GRP03_LEADER)];
    expect(all.filter((m) => m.includes(answered.suggestionNo))).toEqual([]);

    // The statistics show the register's reply and adoption rates for November.
    const stats = (await (await api('GET', '/v1/stats?from=2026-11-01&to=2026-11-30')).json()) as {
      suggestions: Record<string, unknown>;
    };
    expect(stats.suggestions).toMatchObject({
      served: 2,
      replied: 1,
      replyRate: 0.5,
      adopted: 1,
      adoptionRate: 1,
    });
  });
});
