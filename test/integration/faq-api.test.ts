// The FAQ review workflow through the API: seeded from the reviewed file, listed, edited (audited, stamping the
// review), refused when an edit fails review, retired and restored, imported, and handed to the parser.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../../api/auth/token-hash.js';
import { createFaqService } from '../../api/faq/faq-service.js';
import { apiTokens, auditLog, faqEntries } from '../../db/schema/index.js';
import { type FaqRecord, loadFaq } from '../../intents/index.js';
import { ADMIN, auth, BOT, createTestApp, type TestApp } from '../helpers/test-app.js';

const OFFICE = 'test-office-token';
const REVIEWED = loadFaq();

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ now: '2026-12-02T02:00:00Z' });
  await t.database.db
    .insert(apiTokens)
    .values({ tokenHash: hashToken(OFFICE), role: 'office', label: 'office' });
});
afterAll(async () => {
  await t?.close();
});

const get = (url: string, token = OFFICE) => t.app.inject({ method: 'GET', url, headers: auth(token) });
const send = (method: 'POST' | 'PATCH', url: string, payload?: unknown, token = OFFICE) =>
  t.app.inject({
    method,
    url,
    headers: auth(token),
    ...(payload !== undefined ? { payload: payload as object } : {}),
  });
const auditOf = (id: string) =>
  t.database.db
    .select()
    .from(auditLog)
    .where(eq(auditLog.subject, `faq:${id}`))
    .orderBy(auditLog.id);

describe('the FAQ in the database', () => {
  it('is seeded from the reviewed file on a fresh start, with sources and review dates', async () => {
    const page = (await get('/v1/faq?limit=500')).json();
    expect(page.total).toBe(REVIEWED.length);
    const aid = page.items.find((e: { id: string }) => e.id === 'aid-judicial-aid');
    expect(aid.sources[0].law).toBe('人民检察院开展国家司法救助工作细则');
    expect(aid.reviewedAt).toMatch(/\+08:00$/);
    expect(aid.status).toBe('active');
    // Seeding an empty table changes nothing residents saw: it is not audited.
    expect(await auditOf('aid-judicial-aid')).toEqual([]);
  });

  it('filters by topic and searches questions and answers, treating % as a character', async () => {
    const labour = (await get('/v1/faq?topic=labour&limit=500')).json();
    expect(labour.total).toBeGreaterThanOrEqual(8);
    expect(labour.items.every((e: { topic: string }) => e.topic === 'labour')).toBe(true);
    expect((await get(`/v1/faq?q=${encodeURIComponent('12309')}`)).json().total).toBeGreaterThanOrEqual(3);
    expect((await get(`/v1/faq?q=${encodeURIComponent('%')}`)).json().total).toBe(
      (await get('/v1/faq?limit=500'))
        .json()
        .items.filter((e: { answer: string; question: string }) => `${e.question}${e.answer}`.includes('%'))
        .length,
    );
    expect((await get('/v1/faq?limit=0')).statusCode).toBe(400);
    expect((await get('/v1/faq?status=gone')).statusCode).toBe(400);
  });

  it('is for the office: no token 401, the bot 403', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/v1/faq' })).statusCode).toBe(401);
    expect((await get('/v1/faq', BOT)).statusCode).toBe(403);
    expect((await get('/v1/faq', ADMIN)).statusCode).toBe(200);
    expect((await get('/v1/faq/no-such-entry')).statusCode).toBe(404);
  });
});

describe('editing an entry', () => {
  const id = 'labour-overtime';

  it('changes the answer, stamps the review with who and when, and audits before and after', async () => {
    const before = (await get(`/v1/faq/${id}`)).json();
    const answer = `${before.answer.replace('（仅供参考', '本院提示：可先与单位协商。（仅供参考')}`;
    const res = await send('PATCH', `/v1/faq/${id}`, { answer, revision: before.revision });
    expect(res.statusCode).toBe(200);
    const after = res.json();
    expect(after.answer).toBe(answer);
    expect(after.reviewedAt).toBe('2026-12-02T10:00:00.000+08:00');
    expect(after.reviewedBy).toMatch(/^token:/);
    expect(after.revision).toBe(before.revision + 1);
    const [entry] = await auditOf(id);
    expect(entry).toMatchObject({ action: 'faq.update', actor: after.reviewedBy });
    expect(entry!.data).toMatchObject({
      changed: ['answer'],
      before: { answer: before.answer },
      after: { answer },
    });
  });

  it('records a review without changes when the body is empty', async () => {
    t.clock.advance(3_600_000);
    const res = await send('PATCH', `/v1/faq/${id}`, {});
    expect(res.statusCode).toBe(200);
    expect(res.json().reviewedAt).toBe('2026-12-02T11:00:00.000+08:00');
    expect((await auditOf(id)).at(-1)).toMatchObject({ action: 'faq.review', data: { changed: [] } });
  });

  it('refuses an edit that fails review, in Chinese, and changes nothing', async () => {
    const before = (await get(`/v1/faq/${id}`)).json();
    const audits = (await auditOf(id)).length;
    const noNote = await send('PATCH', `/v1/faq/${id}`, { answer: '按劳动法第44条计算加班费。' });
    expect(noNote.statusCode).toBe(400);
    expect(noNote.json().error.code).toBe('faq_review');
    expect(noNote.json().error.details.problems.join()).toContain('仅供参考');
    const superseded = await send('PATCH', `/v1/faq/${id}`, {
      sources: [{ law: '中华人民共和国民事诉讼法', article: '第216条', version: '2021年修正' }],
    });
    expect(superseded.statusCode).toBe(400);
    expect(superseded.json().error.message).toContain('已被取代');
    const unsourced = await send('PATCH', `/v1/faq/${id}`, { sources: [] });
    expect(unsourced.statusCode).toBe(400);
    const unknownField = await send('PATCH', `/v1/faq/${id}`, { reviewedAt: '2020-01-01T00:00:00+08:00' });
    expect(unknownField.statusCode).toBe(400);
    expect((await get(`/v1/faq/${id}`)).json()).toEqual(before);
    expect((await auditOf(id)).length).toBe(audits);
  });

  it('refuses an edit over someone else’s newer change', async () => {
    const { revision } = (await get(`/v1/faq/${id}`)).json();
    const res = await send('PATCH', `/v1/faq/${id}`, { reviewNotes: '复核', revision: revision - 1 });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('faq_changed');
    expect((await send('PATCH', '/v1/faq/no-such-entry', {})).statusCode).toBe(404);
  });
});

describe('retiring and restoring', () => {
  const id = 'consumer-deposit';

  it('stops listing a retired entry as active, keeps it for the record, and audits the reason', async () => {
    const res = await send('POST', `/v1/faq/${id}/retire`, { reason: '与其他条目重复' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'retired', retiredReason: '与其他条目重复' });
    const active = (await get('/v1/faq?limit=500')).json().items.map((e: { id: string }) => e.id);
    expect(active).not.toContain(id);
    const retired = (await get('/v1/faq?status=retired')).json();
    expect(retired.items.map((e: { id: string }) => e.id)).toEqual([id]);
    expect((await send('POST', `/v1/faq/${id}/retire`)).statusCode).toBe(409);
    expect((await auditOf(id)).at(-1)).toMatchObject({
      action: 'faq.retire',
      data: { reason: '与其他条目重复' },
    });
  });

  it('restores it', async () => {
    const res = await send('POST', `/v1/faq/${id}/restore`);
    expect(res.statusCode).toBe(200);
    expect(res.json().status).toBe('active');
    expect((await send('POST', `/v1/faq/${id}/restore`)).statusCode).toBe(409);
  });
});

describe('adding an entry', () => {
  const entry = {
    id: 'tenancy-eviction-test',
    topic: 'tenancy',
    question: '房东能不能强行换锁赶我走？',
    alternatives: ['房东换锁不让我进门'],
    answer: '出租人解除合同应当依法通知承租人，不得以暴力、威胁等方式迫使承租人腾退。（仅供参考）',
    sources: [{ law: '住房租赁条例', article: '出租人解除合同及腾退的规定', version: '2025-09-15施行' }],
  };

  it('adds a reviewed entry and refuses a duplicate or an unsourced one', async () => {
    const res = await send('POST', '/v1/faq', entry);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ id: entry.id, status: 'active', revision: 1 });
    expect((await send('POST', '/v1/faq', entry)).statusCode).toBe(409);
    expect((await send('POST', '/v1/faq', { ...entry, id: 'other-entry', sources: [] })).statusCode).toBe(
      400,
    );
    expect((await send('POST', '/v1/faq', { ...entry, id: 'Bad Id' })).statusCode).toBe(400);
    expect((await auditOf(entry.id)).map((a) => a.action)).toEqual(['faq.add']);
  });
});

describe('reviewed updates of the file', () => {
  const reviewed = (id: string, changes: Partial<FaqRecord>): FaqRecord => ({
    ...REVIEWED.find((e) => e.id === id)!,
    ...changes,
  });

  it('apply a later review, add new entries, and never undo a later edit made through the API', async () => {
    const edited = 'labour-overtime'; // edited through the API on 2026-12-02
    const body = [
      reviewed('labour-resign-notice', {
        answer: '劳动者提前30日书面通知可以解除劳动合同（《劳动合同法》第37条）。（仅供参考）',
        reviewedAt: '2026-12-01T09:00:00+08:00',
      }),
      reviewed(edited, {
        answer: '旧版答复（仅供参考）',
        sources: [{ law: '中华人民共和国劳动法', article: '第44条', version: '2018年修正' }],
        reviewedAt: '2026-12-01T09:00:00+08:00',
      }),
      reviewed('labour-work-injury', {}),
      { ...reviewed('labour-overtime', {}), id: 'labour-new-topic', reviewedAt: '2026-12-01T09:00:00+08:00' },
    ];
    const res = await send('POST', '/v1/faq/import', body, ADMIN);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      added: ['labour-new-topic'],
      updated: ['labour-resign-notice'],
      kept: [edited, 'labour-work-injury'],
    });
    expect((await get('/v1/faq/labour-resign-notice')).json().answer).toContain('提前30日');
    expect((await get(`/v1/faq/${edited}`)).json().answer).toContain('本院提示');
    expect((await auditOf('labour-resign-notice')).at(-1)).toMatchObject({ action: 'faq.update' });
  });

  it('apply nothing when one entry fails review, and are for admins only', async () => {
    const good = reviewed('tenancy-repair', {
      reviewedAt: '2026-12-03T09:00:00+08:00',
      answer: '新答复（仅供参考）',
    });
    const bad = reviewed('tenancy-sale', {
      reviewedAt: '2026-12-03T09:00:00+08:00',
      sources: [{ law: '中华人民共和国合同法', article: '第229条', version: '1999-10-01施行' }],
    });
    const res = await send('POST', '/v1/faq/import', [good, bad], ADMIN);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toContain('tenancy-sale');
    expect((await get('/v1/faq/tenancy-repair')).json().answer).not.toBe('新答复（仅供参考）');
    expect((await send('POST', '/v1/faq/import', [good])).statusCode).toBe(403);
  });

  it('survive a restart: the table is not seeded again and edits stay', async () => {
    const again = createFaqService({ db: t.database.db, clock: t.clock });
    expect(await again.start()).toMatchObject({ added: [], updated: [] });
    const rows = await t.database.db.select({ id: faqEntries.id }).from(faqEntries);
    expect(rows.length).toBe(REVIEWED.length + 2);
    expect((await get('/v1/faq/labour-overtime')).json().answer).toContain('本院提示');
  });
});

describe('the parser’s entries', () => {
  it('are the active entries at start and after every change, and another process catches up', async () => {
    const received: FaqRecord[][] = [];
    const a = createFaqService({ db: t.database.db, clock: t.clock });
    const b = createFaqService({ db: t.database.db, clock: t.clock, refreshSeconds: 30 });
    await a.start({ setFaq: (entries) => received.push([...entries]) });
    const seenByB: FaqRecord[][] = [];
    await b.start({ setFaq: (entries) => seenByB.push([...entries]) });
    const ids = (n: number) => received[n]!.map((e) => e.id);
    expect(ids(0)).toContain('traffic-drunk-driving');

    await a.retire('traffic-drunk-driving', '测试', 'test');
    expect(ids(received.length - 1)).not.toContain('traffic-drunk-driving');

    // Process B learns of A's change at its next check, not before the refresh period.
    await b.sync();
    expect(seenByB.length).toBe(1);
    t.clock.advance(31_000);
    await b.sync();
    expect(seenByB.length).toBe(2);
    expect(seenByB[1]!.map((e) => e.id)).not.toContain('traffic-drunk-driving');
    await b.sync();
    expect(seenByB.length).toBe(2);
    await a.restore('traffic-drunk-driving', 'test');
  });
});
