// The public-services entry refers procedure questions to the offices, and nothing else: not legal questions, matters or chit-chat.
import { describe, expect, it } from 'vitest';
import { decideFaq, type FaqThresholds, PUBLIC_SERVICES_FAQ_ID } from '../../../intents/faq/answer-first.js';
import { reviewProblems } from '../../../intents/faq/faq-review.js';
import { loadFaq } from '../../../intents/faq/faq-store.js';
import { asksWhereToDoProcedure } from '../../../intents/faq/question-signal.js';
import type { FaqMatch, Intent } from '../../../intents/index.js';

const t: FaqThresholds = { legalQuestion: 0.45, answerFirst: 0.45, override: 0.8 };
const referral: FaqMatch = { id: PUBLIC_SERVICES_FAQ_ID, question: 'q', answer: 'a', score: 0.9 };
const run = (intent: Intent, text: string) =>
  decideFaq({ intent, score: 0.9, normalizedText: text, evidence: true, best: () => referral }, t);

describe('asksWhereToDoProcedure', () => {
  it.each([
    '身份证过期了 去哪里换',
    '社保卡丢了怎么补办 要带什么',
    '户口迁移需要什么手续',
    '城乡居民医保每年什么时候交',
    '医保异地就医备案怎么弄',
  ])('hears a procedure question in %s', (text) => expect(asksWhereToDoProcedure(text)).toBe(true));

  it.each([
    '我用表哥的营业执照开店可以吗',
    '没有办营业执照卖蛋糕 这样违法吗',
    '被人冒用身份证办了信用卡 我需要还吗',
    '离婚需要带什么材料 孩子归谁',
    '派出所不给我办身份证 去哪里告他们',
    '公积金贷款和商业贷款哪个划算',
  ])('hears a question of law or no procedure in %s', (text) =>
    expect(asksWhereToDoProcedure(text)).toBe(false),
  );
});

describe('the referral entry in the FAQ decision', () => {
  it('answers a legal question that asks where and how to do a procedure', () => {
    expect(run('legal_question', '身份证丢了 补办要带什么').faq?.id).toBe(PUBLIC_SERVICES_FAQ_ID);
  });

  it('gives no referral to a question of what the law allows', () => {
    expect(run('legal_question', '我用表哥的营业执照开店可以吗').faq).toBeNull();
  });

  it('gives no referral to a described matter, which is registered instead', () => {
    expect(run('report_dispute', '房东扣着我的身份证不还 我该去哪里要').faq).toBeNull();
    expect(run('petition', '派出所三次不给我补办身份证 去哪里投诉').faq).toBeNull();
  });

  it('does not turn chit-chat that resembles it into a legal question', () => {
    const d = run('none', '小区门禁卡丢了 去哪里补办啊');
    expect(d.intent).toBe('none');
    expect(d.faq).toBeNull();
  });

  it('is a reviewed entry that passes the review rule', () => {
    const entry = loadFaq().find((e) => e.id === PUBLIC_SERVICES_FAQ_ID);
    expect(entry).toBeDefined();
    expect(reviewProblems(entry!)).toEqual([]);
    expect(entry!.answer).toContain('12345');
  });
});
