// The FAQ decision without the model: when a question is heard, which intents get an answer, and the override of "none".
import { describe, expect, it } from 'vitest';
import { decideFaq, type FaqThresholds } from '../../../intents/faq/answer-first.js';
import { asksQuestion, requestsAction } from '../../../intents/faq/question-signal.js';
import type { FaqMatch, Intent } from '../../../intents/index.js';

const t: FaqThresholds = { legalQuestion: 0.45, answerFirst: 0.45, override: 0.6 };
const match = (score: number): FaqMatch => ({ id: 'labour-wage-arrears', question: 'q', answer: 'a', score });
const run = (intent: Intent, text: string, score: number, evidence = true) =>
  decideFaq({ intent, score: 0.9, normalizedText: text, evidence, best: () => match(score) }, t);

describe('asksQuestion', () => {
  it.each([
    '老板拖欠我三个月工资不给，我该怎么办？',
    '劳动仲裁收不收费',
    '检察院管不管',
    '主人要赔多少',
    '这个合法吗',
    '能不能申请取保候审',
    '去哪里告他',
  ])('hears a question in %s', (text) => expect(asksQuestion(text)).toBe(true));

  it.each([
    '老板拖欠我三个月工资不给，请帮我讨回来',
    '楼下有人聚众赌博',
    '网格员反映：某小区有人吸吗啡',
    '我要举报',
  ])('hears no question in %s', (text) => expect(asksQuestion(text)).toBe(false));
});

describe('requestsAction', () => {
  it.each([
    '楼上邻居天天半夜吵，能不能调解一下',
    '老板欠薪，请帮我讨回来',
    '希望检察院介入处理',
    '求检察官做主',
  ])('hears a request to act in %s', (text) => expect(requestsAction(text)).toBe(true));
  it.each(['老板拖欠我三个月工资不给，我该怎么办？', '能不能申请取保候审', '房东不退押金怎么办'])(
    'hears no request to act in %s',
    (text) => expect(requestsAction(text)).toBe(false),
  );
});

describe('decideFaq', () => {
  it('answers a legal question at its threshold, and not below', () => {
    expect(run('legal_question', '醉驾会判刑吗', 0.45).faq).not.toBeNull();
    expect(run('legal_question', '醉驾会判刑吗', 0.44).faq).toBeNull();
  });

  it('answers a described matter only when it asks a question', () => {
    expect(run('report_dispute', '老板拖欠我三个月工资不给，我该怎么办？', 0.5).faq?.id).toBe(
      'labour-wage-arrears',
    );
    expect(run('report_dispute', '老板拖欠我三个月工资不给，请帮我讨回', 0.9).faq).toBeNull();
    expect(run('report_clue', '有人冒充公安让我转账，是真的吗', 0.5).faq).not.toBeNull();
    expect(run('request_aid', '能申请司法救助吗', 0.44).faq).toBeNull();
  });

  it('registers a described matter that asks the procuratorate to act, whatever the match', () => {
    expect(run('report_dispute', '楼上邻居天天半夜吵，能不能调解一下', 0.9).faq).toBeNull();
    // A clue keeps its answer below the receipt.
    expect(run('report_clue', '有人冒充公安让我转账，请帮我查查是不是诈骗？', 0.9).faq).not.toBeNull();
  });

  it('never answers a status query or chit-chat from a weak match', () => {
    expect(run('query_status', '我的案子怎么样了？', 0.99).faq).toBeNull();
    expect(run('none', '这是什么意思？', 0.59).faq).toBeNull();
  });

  it('reads a near-exact FAQ question in legal words as that question, whatever the model said', () => {
    const r = run('none', '羁押必要性审查怎么申请', 0.94, false);
    expect(r.intent).toBe('legal_question');
    expect(r.faq?.score).toBe(0.94);
    // Without legal vocabulary it stays chit-chat, however close the words.
    expect(run('none', '这个是什么意思？', 0.99, false)).toMatchObject({ intent: 'none', faq: null });
  });
});
