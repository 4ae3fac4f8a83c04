// Issue 14 item 4 end to end through WeChat (mock puppet, real intent model, API over HTTP): an aid request's
// pre-screen says 初步符合 with a checklist, the grid member ticks a material, the prosecutor moves the stages,
// the API records the grant, the applicant hears of it and GET /v1/stats counts it; a lawyer request is sent to 12348.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { mock } from 'wechaty-puppet-mock';
import { createApiClient } from '../../bot/api-client.js';
import { abortableSleep } from '../../bot/shared/bot-clock.js';
import { createParser } from '../../intents/index.js';
import type { FakeBotApi } from '../bot/support/fake-bot-api.js';
import { type MockWechat, startMockWechat } from '../bot/support/mock-wechat.js';
import { ADMIN, auth, BOT, createTestApp, type TestApp } from '../helpers/test-app.js';

type MessageMock = ReturnType<mock.Mocker['MessageMock']['load']>;

// Seeded: 中山社区 (GL-S01-C01) belongs to GRP-01 (leader demo-prosecutor-01); its grid member is demo-grid-member-01.
const APPLICANT = 'wxid_aid_applicant';
const LAWYERLESS = 'wxid_aid_lawyerless';
const LEADER = 'demo-prosecutor-01';
const GRID_MEMBER = 'demo-grid-member-01';

let t: TestApp;
let wechat: MockWechat;
let baseUrl: string;
const inbox = new Map<string, string[]>();
const received = (id: string) => inbox.get(id) ?? [];

async function until(what: string, done: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await abortableSleep(20);
  }
}

async function send(from: string, text: string): Promise<string> {
  const id = wechat.say(wechat.mocker.ContactMock.load(from), text);
  const handled = await wechat.bot.handled.wait(id, 15_000);
  expect(handled?.outcome, text).toBe('replied');
  return handled?.replies.join('\n') ?? '';
}

async function stats() {
  const res = await fetch(`${baseUrl}/v1/stats?from=2026-01-01&to=2030-12-31`, { headers: auth(ADMIN) });
  expect(res.status).toBe(200);
  return (await res.json()) as { aid: { cases: number; grantedCount: number; grantedYuan: number } };
}

beforeAll(async () => {
  const parser = await createParser({ places: ['中山社区', '三坊七巷社区'] });
  t = await createTestApp({ parser, now: new Date().toISOString() });
  baseUrl = await t.app.listen({ host: '127.0.0.1', port: 0 });
  wechat = await startMockWechat({
    api: createApiClient({ apiUrl: baseUrl, botToken: BOT }) as unknown as FakeBotApi,
    pacing: { minGapMs: 0, jitterMs: 0, perChatGapMs: 0, maxPerMinute: 10_000 },
    outbox: { enabled: true, pollIntervalMs: 25 },
  });
  for (const id of [APPLICANT, LAWYERLESS, LEADER, GRID_MEMBER]) {
    const contact = wechat.contact(id, id);
    (contact as unknown as NodeJS.EventEmitter).on('message', (message: MessageMock) => {
      if (message.talker().id === wechat.botUser.id && message.payload.listenerId === id)
        inbox.set(id, [...received(id), message.text() ?? '']);
    });
  }
}, 120_000);

afterAll(async () => {
  await wechat?.close();
  await t?.close();
});

describe('judicial aid through WeChat', () => {
  it('pre-screen → 初步符合 with a checklist → materials ticked → 受理 → 审查 → granted → 发放, counted in /v1/stats', async () => {
    const before = await stats();
    const first = await send(
      APPLICANT,
      '我住中山社区，我父亲被人打成重伤，凶手判了但是一分钱没赔，家里揭不开锅了，想申请司法救助',
    );
    const caseNo = /GL-\d{4}-\d{6}/.exec(first)?.[0];
    expect(caseNo, first).toBeDefined();
    expect(first).toContain('（1/4）您（或当事人）遇到的是哪种情况？');
    expect(await send(APPLICANT, '1')).toContain('（2/4）能否通过诉讼等途径得到赔偿？');
    expect(await send(APPLICANT, '２')).toContain('（3/4）');
    // Not a number: asked again, nothing lost.
    expect(await send(APPLICANT, '啊？')).toContain('请回复选项前的数字');
    expect(await send(APPLICANT, '1')).toContain('（4/4）');
    const verdict = await send(APPLICANT, '0');
    expect(verdict).toContain('初步符合，请准备以下材料：');
    for (const item of ['申请书', '身份证明', '困难证明', '居委会', '医疗票据', '判决书或未获赔偿的证明'])
      expect(verdict).toContain(item);

    const auto = await fetch(`${baseUrl}/v1/cases/${caseNo}`, { headers: auth(ADMIN) });
    const opened = (await auto.json()) as {
      kind: string;
      aid: { status: string; materials: { label: string; done: boolean }[] };
    };
    expect(opened.kind).toBe('aid_request');
    expect(opened.aid.status).toBe('预审');
    expect(opened.aid.materials.map((m) => m.label)).toContain('困难证明');

    // The grid member fetched the hardship certificate from the 居委会.
    const ticked = await send(GRID_MEMBER, `材料 ${caseNo} 困难证明 已交`);
    expect(ticked).toContain('困难证明已交');
    expect(ticked).toContain('✓ 困难证明');
    expect(await send(LEADER, `材料 ${caseNo} 身份证 已交`)).toContain('身份证明已交');

    // Out of order is refused and changes nothing.
    expect(await send(LEADER, `救助 ${caseNo} 发放`)).toContain('不能转入“发放”');
    expect(await send(LEADER, `救助 ${caseNo} 受理 3万`)).toContain('已将司法救助');
    expect(await send(LEADER, `救助 ${caseNo} 审查`)).toContain('审查');

    const res = await fetch(`${baseUrl}/v1/cases/${caseNo}/aid`, {
      method: 'POST',
      headers: { ...auth(ADMIN), 'content-type': 'application/json' },
      body: JSON.stringify({ decision: 'granted', amountYuan: 20000 }),
    });
    expect(res.status).toBe(200);
    const decided = (await res.json()) as {
      aid: {
        status: string;
        decision: string;
        amountGrantedYuan: number;
        amountRequestedYuan: number;
        materials: { key: string; done: boolean }[];
      };
    };
    expect(decided.aid).toMatchObject({
      status: '决定',
      decision: 'granted',
      amountGrantedYuan: 20000,
      amountRequestedYuan: 30000,
    });
    expect(decided.aid.materials.find((m) => m.key === 'hardship')?.done).toBe(true);
    await until('the applicant hears of the grant', () =>
      received(APPLICANT).some((m) => m.includes('决定给予救助金 20000.00 元')),
    );

    expect(await send(LEADER, `救助 ${caseNo} 发放`)).toContain('发放');
    await until('the applicant hears of the payment', () =>
      received(APPLICANT).some((m) => m.includes('已发放')),
    );

    const after = await stats();
    expect(after.aid.cases).toBe(before.aid.cases + 1);
    expect(after.aid.grantedCount).toBe(before.aid.grantedCount + 1);
    expect(after.aid.grantedYuan).toBe(before.aid.grantedYuan + 20000);
  });

  it('someone who only needs a lawyer is told it probably does not fit and where to turn (12348); the case stays', async () => {
    const first = await send(LAWYERLESS, '我住中山社区，我想申请法律援助，打官司请不起律师');
    const caseNo = /GL-\d{4}-\d{6}/.exec(first)?.[0];
    expect(caseNo, first).toBeDefined();
    expect(first).toContain('（1/4）');
    const answer = await send(LAWYERLESS, '0');
    expect(answer).toContain('可能不符合国家司法救助的条件');
    expect(answer).toContain('12348');
    const res = await fetch(`${baseUrl}/v1/cases/${caseNo}`, { headers: auth(ADMIN) });
    const body = (await res.json()) as {
      aid: unknown;
      events: { type: string; data: Record<string, unknown> }[];
    };
    expect(body.aid).toBeNull();
    expect(body.events.find((e) => e.type === 'aid_prescreened')?.data).toMatchObject({
      verdict: 'unlikely',
    });
  });
});
