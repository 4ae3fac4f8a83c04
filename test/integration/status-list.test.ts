// "查询" without a number: the sender's own open cases, newest first, with their words and status; nobody else's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inbound, parseOf } from '../helpers/inbound-fixtures.js';
import { createTestApp, postInbound, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

const from = (id: string) => ({ from: { id, name: '居民' } });

describe('a status query without a number', () => {
  it('lists the sender’s open cases, newest first, and none of another sender’s', async () => {
    const report = async (who: string, text: string, at: string) =>
      (
        await postInbound(
          t,
          inbound(text, parseOf('report_dispute', { entities: { place: '三坊七巷社区' } }), {
            ...from(who),
            receivedAt: at,
          }),
        )
      ).json().caseNo as string;
    const older = await report(
      'wxid_list_a',
      '楼上邻居天天半夜吵，能不能调解一下',
      '2026-11-27T09:00:00+08:00',
    );
    const newer = await report('wxid_list_a', '公司拖欠三个月工资不发', '2026-11-27T09:30:00+08:00');
    const other = await report('wxid_list_b', '房东扣了押金不退', '2026-11-27T09:40:00+08:00');

    const list = (await postInbound(t, inbound('查询', parseOf('query_status'), from('wxid_list_a')))).json()
      .reply as string;
    expect(list).toContain(`${newer}（“公司拖欠三个月工资不发”）已收到，待受理`);
    expect(list).toContain(older);
    expect(list.indexOf(newer)).toBeLessThan(list.indexOf(older));
    expect(list).not.toContain(other);

    const nothing = (
      await postInbound(t, inbound('查询', parseOf('query_status'), from('wxid_list_c')))
    ).json().reply as string;
    expect(nothing).toBe('没有查到您名下正在办理的案件。如有案件编号，请直接发送编号。');
  });
});
