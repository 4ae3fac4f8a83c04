// A phone or ID number written with spaces, dots, dashes or full-width digits is masked where it is kept and pushed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseEvents, cases, messages, outbox } from '../../db/schema/index.js';
import { inbound, parseOf } from '../helpers/inbound-fixtures.js';
import { ADMIN, auth, BOT, createTestApp, postInbound, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

/** Only digits and stars: how a number reads once its separators are dropped. */
const digitsOf = (text: string) => text.replace(/[^\d*]/g, '');

// Each with its own numbers and matter, so none is linked to another as the same report.
const WRITTEN: [string, string[]][] = [
  [
    '身份证 350102 19800101 1234，电话139.1234.5678，三坊七巷社区有人聚众赌博',
    ['19800101', '13912345678', '12345678'],
  ],
  [
    '身份证3501 0219 7512 3156 78，手机 +86 138-0013-8000，三坊七巷社区地下室有人吸毒',
    ['19751231', '13800138000', '00138000'],
  ],
  [
    '身份证３５０１０２．２００１０２２８．４３２１，电话１３７　５５５５　６６６６，三坊七巷社区一家公司非法吸收存款',
    ['20010228', '13755556666', '55556666'],
  ],
];

describe('grouped phone and ID numbers', () => {
  it.each(WRITTEN)(
    'are masked in the case, its push to the prosecutors and the stored parse: %s',
    async (text, clearDigits) => {
      const res = await postInbound(
        t,
        inbound(text, parseOf('report_clue', { category: 'other', entities: { place: '三坊七巷社区' } }), {
          from: { id: `wxid_grouped_${clearDigits[0]}`, name: '林先生' },
        }),
      );
      expect(res.statusCode).toBe(200);
      const { caseNo } = res.json();
      expect(caseNo).toMatch(/^GL-2026-/);
      expect(res.json().reply).not.toContain('已合并');

      const view = (
        await t.app.inject({ method: 'GET', url: `/v1/cases/${caseNo}`, headers: auth(ADMIN) })
      ).json();
      const pushed = (
        await t.app.inject({ method: 'GET', url: '/v1/outbox?limit=100', headers: auth(BOT) })
      ).json().items as { text: string }[];
      const notice = pushed.find((p) => p.text.includes(caseNo));
      expect(notice?.text).toContain('三坊七巷社区');

      const stored = JSON.stringify([
        await t.database.db.select({ parse: messages.parse, response: messages.response }).from(messages),
        await t.database.db.select().from(cases),
        await t.database.db.select().from(caseEvents),
        await t.database.db.select().from(outbox),
      ]);
      for (const seen of [JSON.stringify(view), notice!.text, stored]) {
        for (const clear of clearDigits) expect(digitsOf(seen)).not.toContain(clear);
      }
    },
  );
});
