// Contracts that drifted: the reply deadlines' names in the case file, categories named in Chinese in notices.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outbox } from '../../db/schema/index.js';
import type { ClueCategory } from '../../intents/types.js';
import { caseRow } from '../helpers/case-fixtures.js';
import { inbound, parseOf } from '../helpers/inbound-fixtures.js';
import { withClearText } from '../helpers/stored-text.js';
import { ADMIN, auth, createTestApp, postInbound, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

async function reportClue(text: string, category: ClueCategory): Promise<string> {
  const res = await postInbound(
    t,
    inbound(text, parseOf('report_clue', { category, entities: { place: '三坊七巷社区' } }), {
      receivedAt: '2026-09-28T10:00:00+08:00',
    }),
  );
  expect(res.statusCode).toBe(200);
  return res.json().caseNo as string;
}

describe('case contract', () => {
  it('GET /v1/cases/:caseNo returns proceduralReplyDueAt and substantiveReplyDueAt, and the old names too', async () => {
    const caseNo = await reportClue('棋牌室里有人聚众赌博，每晚都有', 'gambling');
    const res = await t.app.inject({ method: 'GET', url: `/v1/cases/${caseNo}`, headers: auth(ADMIN) });
    expect(res.statusCode).toBe(200);
    const c = res.json();
    expect(c.proceduralReplyDueAt).toBe('2026-10-13T23:59:59.999+08:00');
    expect(c.substantiveReplyDueAt).toBe('2026-12-28T23:59:59.999+08:00');
    expect(c.proceduralDueAt).toBe(c.proceduralReplyDueAt);
    expect(c.substantiveDueAt).toBe(c.substantiveReplyDueAt);
    // Issue 14: every case shows its priority; an ordinary clue is normal.
    expect(c.priority).toBe('normal');
    const list = (await t.app.inject({ method: 'GET', url: '/v1/cases', headers: auth(ADMIN) })).json();
    expect(list.items[0].proceduralReplyDueAt).toBe(c.proceduralReplyDueAt);
  });

  it('names the clue category in Chinese in the liaison’s 【新案件】 notice', async () => {
    const caseNo = await reportClue('小区地下室有人吸毒贩毒', 'drugs');
    const row = await caseRow(t, caseNo);
    const [notice] = withClearText(
      t.app.services.registry.fieldCipher,
      await t.database.db.select().from(outbox).where(eq(outbox.caseId, row.id)),
    );
    expect(notice?.purpose).toBe('assignment');
    expect(notice?.text).toContain(`【新案件】${caseNo} 线索（毒品）`);
    expect(notice?.text).not.toMatch(/drugs/);
  });
});
