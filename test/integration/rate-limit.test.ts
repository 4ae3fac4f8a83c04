// Hardening: security headers, requests per token (the bot exempt), and the per-WeChat-sender flood notice.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FLOOD_NOTICE } from '../../api/messages/sender-rate-limit.js';
import { cases, messages } from '../../db/schema/index.js';
import { inbound, parseOf, type TestInbound } from '../helpers/inbound-fixtures.js';
import { ADMIN, auth, BOT, createTestApp, postInbound, type TestApp } from '../helpers/test-app.js';

describe('requests per token', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { RATE_LIMIT_PER_MINUTE: '3' } });
  });
  afterAll(async () => {
    await t?.close();
  });

  const list = (token?: string) =>
    t.app.inject({ method: 'GET', url: '/v1/cases', ...(token ? { headers: auth(token) } : {}) });

  it('refuses the fourth request of a token within the minute with 429, other tokens unaffected', async () => {
    const a = (await t.app.services.tokens.create({ role: 'office' }, 'test')).token;
    const b = (await t.app.services.tokens.create({ role: 'office' }, 'test')).token;
    for (let i = 0; i < 3; i++) expect((await list(a)).statusCode).toBe(200);
    const limited = await list(a);
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await list(b)).statusCode).toBe(200);
  });

  it('never limits the bot, which carries every resident’s messages', async () => {
    for (let i = 0; i < 8; i++) {
      const res = await t.app.inject({ method: 'GET', url: '/v1/outbox?limit=1', headers: auth(BOT) });
      expect(res.statusCode).toBe(200);
    }
  });

  it('limits requests without a token by client address', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 4; i++)
      codes.push(
        (await t.app.inject({ method: 'GET', url: '/health', remoteAddress: '10.0.0.9' })).statusCode,
      );
    expect(codes.slice(0, 3).every((c) => c !== 429)).toBe(true);
    expect(codes[3]).toBe(429);
    const other = await t.app.inject({ method: 'GET', url: '/health', remoteAddress: '10.0.0.10' });
    expect(other.statusCode).not.toBe(429);
  });
});

describe('security headers and messages per WeChat sender', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { SENDER_MESSAGES_PER_MINUTE: '3' } });
  });
  afterAll(async () => {
    await t?.close();
  });

  const post = (body: TestInbound) => postInbound(t, body);
  const from = (id: string) => ({ id, name: '某人' });
  const dispute = (text: string, sender: string, receivedAt: string) =>
    inbound(text, parseOf('report_dispute', { entities: { place: '三坊七巷社区' } }), {
      from: from(sender),
      receivedAt,
    });
  it('sends helmet headers on API answers, errors included, and a CSP the docs can live with', async () => {
    for (const res of [
      await t.app.inject({ method: 'GET', url: '/v1/cases', headers: auth(ADMIN) }),
      await t.app.inject({ method: 'GET', url: '/v1/cases' }),
    ]) {
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(res.headers['strict-transport-security']).toContain('max-age=');
      expect(res.headers['content-security-policy']).toContain("default-src 'self'");
      expect(res.headers['x-powered-by']).toBeUndefined();
    }
    const docs = await t.app.inject({ method: 'GET', url: '/docs' });
    expect(docs.statusCode).toBe(200);
    expect(docs.headers['content-security-policy']).toContain("script-src 'self'");
    expect(docs.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
  });

  const caseCount = async () => (await t.database.db.select().from(cases)).length;

  it('gives a flooding contact one notice then silence, records every message, opens no case, and spares others', async () => {
    for (let i = 0; i < 3; i++) {
      const res = await post(
        inbound('你好', parseOf('greeting'), {
          from: from('wxid_flood'),
          receivedAt: `2026-11-27T10:00:0${i}+08:00`,
        }),
      );
      expect(res.json().reply).not.toBe(FLOOD_NOTICE);
    }
    const before = await caseCount();
    const fourth = dispute('邻居装修太吵了一直不停', 'wxid_flood', '2026-11-27T10:00:10+08:00');
    const notice = await post(fourth);
    expect(notice.statusCode).toBe(200);
    expect(notice.json()).toEqual({ reply: FLOOD_NOTICE, duplicate: false });
    const fifth = await post(dispute('楼下烧烤油烟太大', 'wxid_flood', '2026-11-27T10:00:20+08:00'));
    expect(fifth.json()).toEqual({ reply: null, duplicate: false });
    expect(await caseCount()).toBe(before);
    // A replay of the flooded message answers as before and still records nothing twice.
    expect((await post(fourth)).json()).toEqual({ reply: FLOOD_NOTICE, duplicate: true });

    // Another resident writing in the same second is served as usual.
    const other = await post(dispute('小区停车位被占用纠纷', 'wxid_calm', '2026-11-27T10:00:20+08:00'));
    expect(other.json().caseNo).toMatch(/^GL-2026-\d{6}$/);

    const stored = await t.database.db.select().from(messages).where(eq(messages.fromWechatId, 'wxid_flood'));
    expect(stored).toHaveLength(5);
    const cipher = t.app.services.registry.fieldCipher;
    expect(stored.map((m) => cipher.decrypt(m.text!))).toContain('楼下烧烤油烟太大');
    // At rest the text is only ciphertext.
    expect(stored.map((m) => m.text).join('')).not.toContain('烧烤');

    // Once the minute has passed the contact is heard again.
    const later = await post(dispute('邻居装修太吵了一直不停', 'wxid_flood', '2026-11-27T10:02:00+08:00'));
    expect(later.json().caseNo).toMatch(/^GL-2026-\d{6}$/);
    expect(await caseCount()).toBe(before + 2);
  });
});

describe('failed authentication per client address', () => {
  let t: TestApp;
  afterAll(async () => {
    await t?.close();
  });

  const attempt = (token: string, remoteAddress: string, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'GET', url: '/v1/cases', remoteAddress, headers: { ...auth(token), ...headers } });

  it('answers 429 after too many refused tokens from one address, even to a right token, until the minute is over', async () => {
    // The general limit is off, so only refused tokens count.
    t = await createTestApp({ env: { RATE_LIMIT_PER_MINUTE: '0', AUTH_FAILURES_PER_MINUTE: '5' } });
    for (let i = 0; i < 5; i++) expect((await attempt(`guess-${i}`, '10.0.0.7')).statusCode).toBe(401);
    const limited = await attempt('guess-5', '10.0.0.7');
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Guessing learns nothing while blocked: the right token is refused alike.
    expect((await attempt(ADMIN, '10.0.0.7')).statusCode).toBe(429);
    // Other addresses, and right tokens, are not limited at all.
    expect((await attempt(ADMIN, '10.0.0.8')).statusCode).toBe(200);
    for (let i = 0; i < 10; i++) expect((await attempt(ADMIN, '10.0.0.9')).statusCode).toBe(200);

    t.clock.advance(61_000);
    expect((await attempt(ADMIN, '10.0.0.7')).statusCode).toBe(200);
  });

  it('ignores X-Forwarded-For unless TRUST_PROXY names the proxy', async () => {
    await t.close();
    t = await createTestApp({ env: { RATE_LIMIT_PER_MINUTE: '0', AUTH_FAILURES_PER_MINUTE: '3' } });
    for (let i = 0; i < 3; i++)
      await attempt(`guess-${i}`, '10.0.0.7', { 'x-forwarded-for': `192.0.2.${i}` });
    // A client cannot escape by naming itself anew in the header.
    expect((await attempt('guess', '10.0.0.7', { 'x-forwarded-for': '192.0.2.99' })).statusCode).toBe(429);
  });

  it('limits each client behind a trusted proxy separately', async () => {
    await t.close();
    t = await createTestApp({
      env: { RATE_LIMIT_PER_MINUTE: '0', AUTH_FAILURES_PER_MINUTE: '3', TRUST_PROXY: '10.0.0.1' },
    });
    const viaProxy = (token: string, client: string) =>
      attempt(token, '10.0.0.1', { 'x-forwarded-for': client });
    for (let i = 0; i < 3; i++) expect((await viaProxy(`guess-${i}`, '198.51.100.4')).statusCode).toBe(401);
    expect((await viaProxy(ADMIN, '198.51.100.4')).statusCode).toBe(429);
    expect((await viaProxy(ADMIN, '198.51.100.5')).statusCode).toBe(200);
  });
});
