// The API with the real intent model: answer first on a described matter, and the office's FAQ edits reaching the matcher.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createParser } from '../../intents/index.js';
import { ADMIN, auth, BOT, createTestApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ parser: await createParser(), now: '2026-12-01T02:00:00Z' });
}, 120_000);
afterAll(async () => {
  await t?.close();
});

let n = 0;
const say = async (from: string, text: string) =>
  (
    await t.app.inject({
      method: 'POST',
      url: '/v1/messages',
      headers: auth(BOT),
      payload: {
        messageId: `faq-e2e-${++n}`,
        from: { id: from, name: '居民' },
        text,
        type: 'text',
        receivedAt: '2026-12-01T10:00:00+08:00',
      },
    })
  ).json() as { reply: string; caseNo?: string };
const office = (method: 'POST' | 'PATCH', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: auth(ADMIN), ...(payload ? { payload } : {}) });

describe('a resident who describes their case and asks what to do', () => {
  it('gets the wage-arrears answer and the offer first, and a case on 1', async () => {
    const first = await say('wxid_faq_e2e_1', '老板拖欠我三个月工资不给，我该怎么办？');
    expect(first.caseNo).toBeUndefined();
    expect(first.reply).toContain('《劳动合同法》第30条');
    expect(first.reply).toContain('需要我们登记跟进吗？回复 1');
    const registered = await say('wxid_faq_e2e_1', '1');
    expect(registered.caseNo).toMatch(/^GL-2026-\d{6}$/);
  });
});

describe('the office’s FAQ edits', () => {
  const question = '发现有人盗挖古墓，这犯法吗？';
  const entry = {
    id: 'heritage-tomb-robbing',
    topic: 'criminal',
    question: '发现有人盗挖古墓犯法吗？',
    alternatives: ['有人盗挖古墓怎么办', '盗墓犯罪吗'],
    answer:
      '盗掘具有历史、艺术、科学价值的古文化遗址、古墓葬的，构成盗掘古文化遗址、古墓葬罪（《刑法》第328条）。发现后请立即报警，不要靠近现场。（仅供参考）',
    sources: [
      { law: '中华人民共和国刑法', article: '第328条', version: '经刑法修正案（十二）修正，2024-03-01施行' },
    ],
  };

  it('reach the matcher at once: a new entry is answered, a retired one no longer', async () => {
    expect((await say('wxid_faq_e2e_2', question)).reply).not.toContain('第328条');
    expect((await office('POST', '/v1/faq', entry)).statusCode).toBe(201);
    expect((await say('wxid_faq_e2e_3', question)).reply).toContain('第328条');
    expect((await office('POST', `/v1/faq/${entry.id}/retire`, { reason: '测试' })).statusCode).toBe(200);
    expect((await say('wxid_faq_e2e_4', question)).reply).not.toContain('第328条');
  });
});
