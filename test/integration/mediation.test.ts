// Issue 14 item 5 (检调对接): 调解 GL-… refers a case to its community's grid member, who reports 调解结果; an
// agreed matter closes with the prosecutor's 确认调解; a failed one goes back; the API, refusals, stats and audit.
import { and, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, caseEvents, mediations, outbox } from '../../db/schema/index.js';
import { caseRow, GRP01, GRP03, reportCase, say, tokenFor } from '../helpers/case-fixtures.js';
import { withClearText } from '../helpers/stored-text.js';
import { ADMIN, auth, createTestApp, type TestApp } from '../helpers/test-app.js';

// Seeded grid members: GM-01 in 中山社区 (GRP-01's), GM-02 in 庆城社区 (also GRP-01's), GM-07 in 军门社区 (GRP-03's).
const GM_ZHONGSHAN = 'demo-grid-member-01';
const GM_QINGCHENG = 'demo-grid-member-02';
const GM_JUNMEN = 'demo-grid-member-07';

let t: TestApp;
beforeAll(async () => {
  // Mon 2026-11-30 10:00 Shanghai.
  t = await createTestApp({ now: '2026-11-30T02:00:00Z' });
});
afterAll(async () => {
  await t?.close();
});

async function acceptedCase(from: string): Promise<string> {
  // reportCase's default words are unique, so no report joins another's case as a duplicate.
  const caseNo = await reportCase(t, { from });
  await say(t, GRP01.liaison, `受理 ${caseNo}`);
  return caseNo;
}

async function messagesTo(caseNo: string, wechatId: string) {
  const row = await caseRow(t, caseNo);
  const rows = await t.database.db
    .select()
    .from(outbox)
    .where(and(eq(outbox.caseId, row.id), eq(outbox.toId, wechatId)));
  return (await withClearText(t.app.services.registry.fieldCipher, rows)).map((r) => r.text);
}

const getCase = async (caseNo: string) =>
  (await t.app.inject({ method: 'GET', url: `/v1/cases/${caseNo}`, headers: auth(ADMIN) })).json();

const postMediation = (caseNo: string, payload: object, token = ADMIN, path = '') =>
  t.app.inject({
    method: 'POST',
    url: `/v1/cases/${caseNo}/mediation${path}`,
    headers: auth(token),
    payload,
  });

describe('mediation through WeChat', () => {
  it('an agreed small matter closes at grid level with the prosecutor’s sign-off', async () => {
    const caseNo = await acceptedCase('wxid_med_1');
    const referred = await say(t, GRP01.liaison, `调解 ${caseNo} 请社区调委会协助`);
    expect(referred).toContain(`已将 ${caseNo} 转交中山社区调解`);
    const toMediator = await messagesTo(caseNo, GM_ZHONGSHAN);
    expect(toMediator[0]).toContain(`【调解】`);
    expect(toMediator[0]).toContain(`调解结果 ${caseNo} 达成`);
    expect((await messagesTo(caseNo, 'wxid_med_1')).some((m) => m.includes('人民调解委员会'))).toBe(true);
    expect((await caseRow(t, caseNo)).status).toBe('in_progress');

    // A grid member of another community, even of the same group, is a stranger to this case.
    expect(await say(t, GM_QINGCHENG, `调解结果 ${caseNo} 达成 5000`)).toContain('没有找到您可办理的案件');
    expect(await say(t, GM_JUNMEN, `调解结果 ${caseNo} 达成 5000`)).toContain('没有找到您可办理的案件');

    const recorded = await say(
      t,
      GM_ZHONGSHAN,
      `调解结果 ${caseNo} 达成 5000元 双方签订协议，楼上赔偿修缮费`,
    );
    expect(recorded).toBe(`已记录 ${caseNo} 调解结果：达成协议（5,000 元）。已请承办检察官确认结案。`);
    const asked = await messagesTo(caseNo, GRP01.liaison);
    expect(asked.find((m) => m.startsWith('【调解结果】'))).toContain(`确认调解 ${caseNo}`);
    // Reported twice: refused, nothing changes.
    expect(await say(t, GM_ZHONGSHAN, `调解结果 ${caseNo} 达成 6000`)).toContain('待检察官确认结案');

    const view = await getCase(caseNo);
    expect(view.status).toBe('in_progress');
    expect(view.mediation).toMatchObject({
      state: 'agreed',
      attempts: 1,
      community: { name: '中山社区' },
      outcome: 'agreed',
      amountYuan: 5000,
      note: '双方签订协议，楼上赔偿修缮费',
      signedOffAt: null,
    });

    // A prosecutor of another group cannot sign it off; the owning group's can.
    expect(await say(t, GRP03.liaison, `确认调解 ${caseNo}`)).toContain('没有找到您可办理的案件');
    expect(await say(t, GRP01.liaison, `确认调解 ${caseNo}`)).toBe(
      `已确认调解并结案 ${caseNo}。已将结果告知反映人，并将请其评价满意度。`,
    );
    const closed = await getCase(caseNo);
    expect(closed.status).toBe('closed');
    expect(closed.mediation).toMatchObject({ state: 'signed_off', amountYuan: 5000 });
    expect(closed.mediation.signedOffAt).not.toBeNull();
    const toResident = await messagesTo(caseNo, 'wxid_med_1');
    expect(toResident.some((m) => m.includes('已达成调解协议（涉及金额 5,000 元）'))).toBe(true);
    expect(toResident.some((m) => m.includes('满意 / 基本满意 / 不满意'))).toBe(true);
    const types = closed.events.map((e: { type: string }) => e.type);
    expect(types).toEqual(
      expect.arrayContaining([
        'mediation_referred',
        'mediation_agreed',
        'resolved',
        'closed',
        'mediation_signed_off',
      ]),
    );
    const audited = await t.database.db.select().from(auditLog).where(eq(auditLog.subject, caseNo));
    expect(audited.map((a) => a.action).sort()).toEqual([
      'mediation_outcome',
      'mediation_refer',
      'mediation_sign_off',
    ]);
    // The grid member's note is kept only encrypted.
    const [outcomeEvent] = await t.database.db
      .select()
      .from(caseEvents)
      .where(
        and(eq(caseEvents.caseId, (await caseRow(t, caseNo)).id), eq(caseEvents.type, 'mediation_agreed')),
      );
    expect(JSON.stringify(outcomeEvent!.data)).not.toContain('签订协议');
    expect(outcomeEvent!.wordsEnc).not.toBeNull();
  });

  it('a failed mediation goes back to the prosecutor, who may refer it again', async () => {
    const caseNo = await acceptedCase('wxid_med_2');
    await say(t, GRP01.leader, `调解 ${caseNo}`);
    expect(await say(t, GM_ZHONGSHAN, `调解结果 ${caseNo} 未达成`)).toContain('请写明未达成的原因');
    expect(await say(t, GM_ZHONGSHAN, `调解结果 ${caseNo} 未达成 3000 对方拒绝`)).toBe(
      '未达成协议时不填写金额。',
    );
    expect(await say(t, GM_ZHONGSHAN, `调解结果 ${caseNo} 未达成 对方拒绝赔偿`)).toBe(
      `已记录 ${caseNo} 调解结果：未达成协议。案件已退回承办检察官继续办理。`,
    );
    // The referrer (the leader) hears it; the resident is told the case goes on.
    expect((await messagesTo(caseNo, GRP01.leader)).some((m) => m.startsWith('【调解未成】'))).toBe(true);
    expect((await messagesTo(caseNo, 'wxid_med_2')).some((m) => m.includes('社区调解未能达成协议'))).toBe(
      true,
    );
    const view = await getCase(caseNo);
    expect(view.status).toBe('in_progress');
    expect(view.mediation).toMatchObject({
      state: 'failed',
      outcome: 'failed',
      note: '对方拒绝赔偿',
      amountYuan: null,
    });
    expect(await say(t, GRP01.liaison, `确认调解 ${caseNo}`)).toBe(`案件 ${caseNo} 没有待确认的调解协议。`);
    expect(await say(t, GM_ZHONGSHAN, `调解结果 ${caseNo} 达成`)).toContain('没有待报告结果的调解');
    expect(await say(t, GRP01.liaison, `调解 ${caseNo}`)).toContain('转交中山社区调解');
    expect((await getCase(caseNo)).mediation).toMatchObject({ state: 'referred', attempts: 2 });
  });

  it('at night the grid member and the resident are told when quiet hours end', async () => {
    const caseNo = await acceptedCase('wxid_med_night');
    t.clock.set('2026-11-30T22:30:00+08:00');
    try {
      expect(await say(t, GRP01.liaison, `调解 ${caseNo}`)).toContain('转交中山社区调解');
      const row = await caseRow(t, caseNo);
      const queued = await t.database.db
        .select()
        .from(outbox)
        .where(and(eq(outbox.caseId, row.id), like(outbox.dedupeKey, 'mediation:%')));
      // One to the grid member, one to the resident, both at 08:00.
      expect(queued.map((m) => m.availableAt.toISOString())).toEqual([
        new Date('2026-12-01T08:00:00+08:00').toISOString(),
        new Date('2026-12-01T08:00:00+08:00').toISOString(),
      ]);
    } finally {
      t.clock.set('2026-11-30T10:00:00+08:00');
    }
  });

  it('refuses in the words of the other commands: unknown case, wrong state, usage', async () => {
    expect(await say(t, GRP01.liaison, '调解 GL-2026-999999')).toContain(
      '没有找到您可办理的案件 GL-2026-999999',
    );
    const received = await reportCase(t, { from: 'wxid_med_3' });
    expect(await say(t, GRP01.liaison, `调解 ${received}`)).toBe(
      `案件 ${received} 当前状态为“已收到，待受理”，不能调解。`,
    );
    expect(await say(t, GRP01.liaison, '调解')).toContain('用法：调解 GL-');
    expect(await say(t, GM_ZHONGSHAN, `调解结果 ${received} 好了`)).toContain('用法：调解结果');
    const gridHelp = await say(t, GM_ZHONGSHAN, '帮助');
    expect(gridHelp).toContain('调解结果 GL-… 达成');
    expect(gridHelp).toContain('材料 GL-… 困难证明 已交');
    expect(await say(t, GRP01.liaison, '帮助')).toContain('确认调解 GL-…');
    expect(
      (
        await t.database.db
          .select()
          .from(mediations)
          .where(eq(mediations.caseId, (await caseRow(t, received)).id))
      ).length,
    ).toBe(0);
  });
});

describe('POST /v1/cases/:caseNo/mediation', () => {
  it('records an outcome (referring a case not yet referred), then signs off; stats count it', async () => {
    const caseNo = await acceptedCase('wxid_med_api');
    const res = await postMediation(caseNo, { outcome: 'agreed', amountYuan: 12345.5, note: '双方和解' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().mediation).toMatchObject({ state: 'agreed', amountYuan: 12345.5, note: '双方和解' });
    expect((await postMediation(caseNo, { outcome: 'agreed' })).statusCode).toBe(409);
    const signed = await postMediation(caseNo, {}, ADMIN, '/sign-off');
    expect(signed.statusCode, signed.body).toBe(200);
    expect(signed.json()).toMatchObject({ status: 'closed', mediation: { state: 'signed_off' } });

    const stats = await t.app.inject({
      method: 'GET',
      url: '/v1/stats?from=2026-11-01&to=2026-11-30',
      headers: auth(ADMIN),
    });
    expect(stats.statusCode).toBe(200);
    // This file's cases: the WeChat agreement (5000), the failed-then-referred one, the night referral, this one (12345.5).
    expect(stats.json().mediation).toEqual({ cases: 4, agreedCount: 2, agreedYuan: 17345.5 });
  });

  it('bad input is a clear 400, an unknown case 404, another group’s prosecutor 404, a wrong state 409', async () => {
    const caseNo = await acceptedCase('wxid_med_bad');
    for (const [payload, code] of [
      [{ outcome: 'maybe' }, 'validation_failed'],
      [{ outcome: 'agreed', amountYuan: -1 }, 'validation_failed'],
      [{ outcome: 'agreed', amountYuan: 10.001 }, 'validation_failed'],
      [{ outcome: 'agreed', amountYuan: '5000' }, 'validation_failed'],
      [{ outcome: 'agreed', extra: 1 }, 'validation_failed'],
      [{ outcome: 'failed', amountYuan: 100, note: '拒绝' }, 'amount_not_allowed'],
      [{ outcome: 'failed' }, 'note_required'],
    ] as const) {
      const res = await postMediation(caseNo, payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      if (code !== 'validation_failed') expect(res.json().error.code).toBe(code);
    }
    expect((await getCase(caseNo)).mediation).toBeNull();
    expect((await postMediation('GL-2026-999999', { outcome: 'agreed' })).statusCode).toBe(404);
    expect((await postMediation('not-a-case', { outcome: 'agreed' })).statusCode).toBe(400);
    const stranger = await tokenFor(t, 'prosecutor', GRP03.liaison);
    expect((await postMediation(caseNo, { outcome: 'agreed' }, stranger)).statusCode).toBe(404);
    const own = await tokenFor(t, 'prosecutor', GRP01.member);
    const ok = await postMediation(caseNo, { outcome: 'failed', note: '一方外出' }, own);
    expect(ok.statusCode, ok.body).toBe(200);
    const fresh = await reportCase(t, { from: 'wxid_med_new' });
    const illegal = await postMediation(fresh, { outcome: 'agreed' });
    expect(illegal.statusCode).toBe(409);
    expect(illegal.json().error.message).toContain('不能报告调解结果');
    expect((await postMediation(fresh, {}, ADMIN, '/sign-off')).statusCode).toBe(409);
  });
});
