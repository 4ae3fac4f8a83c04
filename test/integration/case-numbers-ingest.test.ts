// Case numbers under concurrent ingest: distinct and rising within a year, per year, and a replay makes nothing new.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inbound, parseOf, type TestInbound } from '../helpers/inbound-fixtures.js';
import { createTestApp, postInbound, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

// Unlike one another, so duplicate detection links none of them.
const MATTERS = [
  '楼上邻居天天半夜吵，能不能调解一下',
  '房东扣了押金不退，说墙面弄脏了',
  '物业费涨价没有开业主大会',
  '隔壁装修把我家墙震裂了要求赔偿',
  '公司拖欠三个月工资不发',
  '小区停车位被人长期占用吵了好几次',
  '邻居家的狗咬伤了我孩子不肯赔医药费',
  '买的二手车里程表被调过，卖家不认账',
];

function dispute(text: string, i: number, receivedAt = '2026-11-27T10:00:00+08:00'): TestInbound {
  return inbound(text, parseOf('report_dispute', { entities: { place: '三坊七巷社区' } }), {
    from: { id: `wxid_numbers_${i}_${receivedAt.slice(0, 4)}`, name: `居民${i}` },
    receivedAt,
  });
}

async function count(table: string): Promise<number> {
  const result = await t.database.executeSql(`select count(*)::int as n from ${table}`);
  return (result.rows[0] as { n: number }).n;
}

const serialOf = (caseNo: string) => Number(caseNo.slice('GL-2026-'.length));

describe('case numbers at ingest', () => {
  it('gives concurrent case-creating messages distinct numbers that rise batch after batch, and a replay creates nothing', async () => {
    const first = MATTERS.slice(0, 4).map((text, i) => dispute(text, i));
    const second = MATTERS.slice(4).map((text, i) => dispute(text, i + 4));
    const firstAnswers = (await Promise.all(first.map((m) => postInbound(t, m)))).map((r) => r.json());
    const secondAnswers = (await Promise.all(second.map((m) => postInbound(t, m)))).map((r) => r.json());
    const numbers = [...firstAnswers, ...secondAnswers].map((a) => a.caseNo as string);
    expect(numbers.every((n) => /^GL-2026-\d{6}$/.test(n))).toBe(true);
    expect(new Set(numbers).size).toBe(8);
    // Every number of the later batch is above every number of the earlier one.
    expect(Math.min(...secondAnswers.map((a) => serialOf(a.caseNo)))).toBeGreaterThan(
      Math.max(...firstAnswers.map((a) => serialOf(a.caseNo))),
    );

    const before = {
      cases: await count('cases'),
      reports: await count('case_reports'),
      events: await count('case_events'),
      outbox: await count('outbox'),
      messages: await count('messages'),
    };
    expect(before.cases).toBe(8);
    expect(before.reports).toBe(8);
    // Each routed case queued its group's notice in the same statement as the case.
    expect(before.outbox).toBeGreaterThanOrEqual(8);
    // Every message again, twice, all at once: each answered as first, nothing stored again.
    const replays = await Promise.all(
      [...first, ...second, ...first, ...second].map((m) => postInbound(t, m)),
    );
    const expected = [...firstAnswers, ...secondAnswers];
    replays.forEach((r, i) => {
      expect(r.statusCode).toBe(200);
      expect(r.json()).toEqual({ ...expected[i % 8], duplicate: true });
    });
    expect({
      cases: await count('cases'),
      reports: await count('case_reports'),
      events: await count('case_events'),
      outbox: await count('outbox'),
      messages: await count('messages'),
    }).toEqual(before);
  });

  it('numbers each year from its own sequence', async () => {
    t.clock.set('2027-01-02T01:00:00Z');
    const nextYear = (await postInbound(t, dispute(MATTERS[0]!, 0, '2027-01-02T09:00:00+08:00'))).json();
    expect(nextYear.caseNo).toBe('GL-2027-000001');
    const thisYear = (await postInbound(t, dispute(MATTERS[1]!, 1, '2026-12-30T09:00:00+08:00'))).json();
    expect(serialOf(thisYear.caseNo)).toBeGreaterThan(8);
  });
});
