// The 检察建议 register: due dates by rule, reply and follow-up, reminders before the due date and escalation after.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { suggestionTexts } from '../../api/suggestions/suggestion-texts.js';
import { outbox, suggestions } from '../../db/schema/index.js';
import { GRP01, GRP03, reportCase, tokenFor } from '../helpers/case-fixtures.js';
import { ADMIN, auth, createTestApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
let caseNo: string;
let leaderToken: string;
let otherGroupToken: string;
beforeAll(async () => {
  t = await createTestApp({ now: '2026-12-01T02:00:00Z' });
  caseNo = await reportCase(t);
  leaderToken = await tokenFor(t, 'group_leader', GRP01.leader);
  otherGroupToken = await tokenFor(t, 'group_leader', GRP03.leader);
});
afterAll(async () => {
  await t?.close();
});

const serve = (body: Record<string, unknown>, token = ADMIN) =>
  t.app.inject({ method: 'POST', url: '/v1/suggestions', headers: auth(token), payload: body });
/** What was queued for one suggestion, by the internal id its outbox keys carry (texts may be encrypted). */
async function queuedFor(suggestionNo: string) {
  const [row] = await t.database.db
    .select()
    .from(suggestions)
    .where(eq(suggestions.suggestionNo, suggestionNo));
  const all = await t.database.db.select().from(outbox);
  return all.filter((r) => r.dedupeKey.startsWith(`suggestion:${row!.id}:`));
}

describe('serving a suggestion', () => {
  it('returns it numbered with a reply due two months after service, and the rule it came from', async () => {
    const res = await serve({
      recipient: '鼓楼区市场监督管理局',
      type: '社会治理',
      servedAt: '2026-12-01T10:00:00+08:00',
      caseNos: [caseNo],
    });
    expect(res.statusCode).toBe(201);
    const s = res.json();
    expect(s.suggestionNo).toMatch(/^JY-2026-\d{4}$/);
    expect(s.replyDueAt).toBe('2027-02-01T23:59:59.999+08:00');
    expect(s.replyRule.source).toContain('两个月');
    expect(s.caseNos).toEqual([caseNo]);
    expect(s.groupCode).toBe('GRP-01');
    expect(s.status).toBe('awaiting');
  });

  it('gives an urgent public-interest pre-litigation suggestion fifteen days; month ends clamp', async () => {
    const urgent = (
      await serve({
        recipient: '鼓楼区生态环境局',
        type: '公益诉讼诉前',
        urgent: true,
        servedAt: '2026-12-01T10:00:00+08:00',
        caseNos: [caseNo],
      })
    ).json();
    expect(urgent.replyDueAt).toBe('2026-12-16T23:59:59.999+08:00');
    const monthEnd = (
      await serve({
        recipient: '某街道办',
        type: '诉讼监督',
        servedAt: '2026-12-31T09:00:00+08:00',
        caseNos: [caseNo],
      })
    ).json();
    expect(monthEnd.replyDueAt).toBe('2027-02-28T23:59:59.999+08:00');
  });

  it('refuses unknown or another group’s case numbers, and a bad body, changing nothing', async () => {
    const before = (
      await t.app.inject({ method: 'GET', url: '/v1/suggestions', headers: auth(ADMIN) })
    ).json().total;
    expect(
      (
        await serve({
          recipient: 'X',
          type: '社会治理',
          servedAt: '2026-12-01T10:00:00+08:00',
          caseNos: ['GL-2026-999999'],
        })
      ).statusCode,
    ).toBe(400);
    const foreign = await serve(
      { recipient: 'X', type: '社会治理', servedAt: '2026-12-01T10:00:00+08:00', caseNos: [caseNo] },
      otherGroupToken,
    );
    expect(foreign.statusCode).toBe(400);
    expect(foreign.body).not.toContain('GRP-01');
    expect(
      (await serve({ recipient: '', type: '社会治理', servedAt: 'yesterday', caseNos: [] })).statusCode,
    ).toBe(400);
    expect(
      (await serve({ recipient: 'X', type: '表扬', servedAt: '2026-12-01T10:00:00+08:00', caseNos: [] }))
        .statusCode,
    ).toBe(400);
    const after = (await t.app.inject({ method: 'GET', url: '/v1/suggestions', headers: auth(ADMIN) })).json()
      .total;
    expect(after).toBe(before);
  });
});

describe('reply, follow-up and figures', () => {
  it('records the reply once and the follow-up with a rating; the figures count reply and adoption', async () => {
    const s = (
      await serve(
        {
          recipient: '鼓楼区住建局',
          type: '社会治理',
          servedAt: '2026-12-01T11:00:00+08:00',
          caseNos: [caseNo],
        },
        leaderToken,
      )
    ).json();
    const url = `/v1/suggestions/${s.suggestionNo}`;
    const replied = await t.app.inject({
      method: 'POST',
      url: `${url}/reply`,
      headers: auth(leaderToken),
      payload: { outcome: 'adopted', text: '已整改消防通道占用问题', repliedAt: '2026-12-20T10:00:00+08:00' },
    });
    expect(replied.statusCode).toBe(200);
    expect(replied.json().status).toBe('replied');
    const again = await t.app.inject({
      method: 'POST',
      url: `${url}/reply`,
      headers: auth(leaderToken),
      payload: { outcome: 'not_adopted', text: '改口' },
    });
    expect(again.statusCode).toBe(409);
    const checked = await t.app.inject({
      method: 'POST',
      url: `${url}/follow-up`,
      headers: auth(leaderToken),
      payload: { note: '回访核实通道已清理', rating: 'excellent' },
    });
    expect(checked.json()).toMatchObject({
      outcome: 'adopted',
      rating: 'excellent',
      followUpNote: '回访核实通道已清理',
    });
    // Another group cannot see it at all.
    expect((await t.app.inject({ method: 'GET', url, headers: auth(otherGroupToken) })).statusCode).toBe(404);

    const figures = (
      await t.app.inject({ method: 'GET', url: '/v1/suggestions/figures', headers: auth(ADMIN) })
    ).json();
    expect(figures.served).toBe(4);
    expect(figures.replied).toBe(1);
    expect(figures.replyRate).toBe(0.25);
    expect(figures.adoptionRate).toBe(1);
    expect(figures.ratedExcellent).toBe(1);
  });
});

describe('reminders', () => {
  it('reminds the liaison seven days before the due date and tells the leader once it is overdue, each once', async () => {
    const s = (
      await serve({
        recipient: '鼓楼区水利局',
        type: '公益诉讼诉前',
        urgent: true,
        servedAt: '2026-12-01T09:00:00+08:00',
        caseNos: [caseNo],
      })
    ).json();
    const remind = () =>
      t.database.db.transaction((tx) => t.app.services.suggestions.remind(tx, t.clock.now()));
    t.clock.set('2026-12-02T02:00:00Z');
    await remind();
    expect(await queuedFor(s.suggestionNo)).toHaveLength(0);

    t.clock.set('2026-12-10T02:00:00Z');
    await remind();
    await remind();
    const reminders = await queuedFor(s.suggestionNo);
    expect(reminders).toHaveLength(1);
    expect(reminders[0]).toMatchObject({ purpose: 'suggestion_reminder', toId: GRP01.liaison });

    t.clock.set('2026-12-17T02:00:00Z');
    await remind();
    await remind();
    const escalations = (await queuedFor(s.suggestionNo)).filter(
      (r) => r.purpose === 'suggestion_escalation',
    );
    expect(escalations).toHaveLength(1);
    expect(escalations[0]!.toId).toBe(GRP01.leader);
    const listed = (
      await t.app.inject({ method: 'GET', url: '/v1/suggestions?status=overdue', headers: auth(ADMIN) })
    ).json();
    expect(listed.items.map((i: { suggestionNo: string }) => i.suggestionNo)).toContain(s.suggestionNo);
  });
});

describe('the words prosecutors get', () => {
  it('name the suggestion, the unit and the due date', () => {
    const row = {
      suggestionNo: 'JY-2026-0007',
      recipient: '鼓楼区水利局',
      type: '公益诉讼诉前' as const,
      servedAt: new Date('2026-12-01T01:00:00Z'),
      replyDueAt: new Date('2026-12-16T15:59:59.999Z'),
    };
    expect(suggestionTexts.reminder(row)).toMatch(
      /^【检察建议待回复】JY-2026-0007.*鼓楼区水利局.*2026年12月16日/u,
    );
    expect(suggestionTexts.escalation(row)).toContain('已过');
  });
});
