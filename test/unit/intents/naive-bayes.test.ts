// Tests the naive Bayes beside the perceptrons: log-odds from rare keywords, how they move the scores, and which features the category and intent models let it read.
import { describe, expect, it } from 'vitest';
import { CATEGORY_BAYES, categoryBayes } from '../../../intents/model/category-bayes.js';
import type { Features } from '../../../intents/model/feature-extractor.js';
import { intentBayes } from '../../../intents/model/intent-bayes.js';
import { trainNaiveBayes, withNaiveBayes } from '../../../intents/model/naive-bayes.js';
import { NLPJS_NONE, type Scored, type TextClassifier } from '../../../intents/model/nlu-classifier.js';

// Words separated by spaces stand in for the segmenter; the categoriser must not read the length mark as evidence.
const featuresOf = (text: string): Features =>
  new Map([...text.split(' ').map((w): [string, number] => [`w_${w}`, 1]), ['e_len_s', 1]]);
const samples = [
  { text: '群里 赌博 红包', label: 'gambling' },
  { text: '麻将 赌博 抽水', label: 'gambling' },
  { text: '卖 冰毒 溜冰', label: 'drugs' },
  { text: '吸毒 针头 楼道', label: 'drugs' },
  { text: '邻居 吵架 楼道', label: 'other' },
  { text: '欠钱 不还 邻居', label: 'other' },
];

const fixed = (scores: Scored[]): TextClassifier => ({ classify: async () => scores, toJSON: () => ({}) });

const isWord = (k: string) => k.startsWith('w_');

describe('trainNaiveBayes', () => {
  const nb = trainNaiveBayes(samples, featuresOf, CATEGORY_BAYES.alpha, isWord);

  it('puts the label whose lines hold a keyword first, at 0, the others below', () => {
    const odds = nb.logOdds(featuresOf('有人 溜冰'));
    expect(odds.get('drugs')).toBe(0);
    expect(odds.get('gambling')).toBeLessThan(0);
    expect(odds.get('other')).toBeLessThan(0);
  });

  it('weighs words shared by two labels against both', () => {
    const odds = nb.logOdds(featuresOf('楼道 吵架'));
    expect(odds.get('other')).toBe(0);
    expect(odds.get('drugs')!).toBeGreaterThan(odds.get('gambling')!);
  });

  it('gives every label 0 when no feature it reads was seen in training', () => {
    expect([...nb.logOdds(featuresOf('天气 不错')).values()]).toEqual([0, 0, 0]);
  });

  it('reads every feature unless told otherwise', () => {
    const all = trainNaiveBayes(
      [
        { text: '甲', label: 'a' },
        { text: '乙', label: 'b' },
      ],
      (t): Features => new Map([[t === '甲' ? 'e_len_s' : 'e_len_l', 1]]),
      0.1,
    );
    expect(all.logOdds(new Map([['e_len_l', 1]])).get('b')).toBe(0);
    expect(all.logOdds(new Map([['e_len_l', 1]])).get('a')).toBeLessThan(0);
  });
});

describe('withNaiveBayes', () => {
  const nb = trainNaiveBayes(samples, featuresOf, CATEGORY_BAYES.alpha, isWord);

  it('turns a near tie of the perceptrons towards the label the keywords name', async () => {
    const perceptrons = fixed([
      { label: 'gambling', score: 0.5, raw: 1.1 },
      { label: 'drugs', score: 0.45, raw: 1 },
      { label: 'other', score: 0.05, raw: -1 },
    ]);
    const scores = await withNaiveBayes(perceptrons, nb, featuresOf, 3).classify('楼道 溜冰 冰毒');
    expect(scores[0]!.label).toBe('drugs');
    expect(scores.reduce((a, s) => a + s.score, 0)).toBeCloseTo(1, 9);
    expect(scores.map((s) => s.score)).toEqual([...scores.map((s) => s.score)].sort((a, b) => b - a));
    // Weight 0 leaves the perceptrons' order.
    expect((await withNaiveBayes(perceptrons, nb, featuresOf, 0).classify('楼道 溜冰 冰毒'))[0]!.label).toBe(
      'gambling',
    );
  });

  it("passes nlp.js's no-feature answer through", async () => {
    const none = [{ label: NLPJS_NONE, score: 1 }];
    expect(await withNaiveBayes(fixed(none), nb, featuresOf, 3).classify('赌博')).toEqual(none);
  });
});

describe('categoryBayes and intentBayes', () => {
  // Two labels told apart only by a form mark: the model that reads it moves the scores, the other leaves them.
  const formOf = (text: string): Features =>
    new Map([
      ['w_事', 1],
      [text, 1],
    ]);
  const lines = [
    { text: 'e_len_l', label: 'report_clue' },
    { text: 'e_digit', label: 'query_status' },
    { text: 'e_question', label: 'legal_question' },
  ];
  const tie = fixed([
    { label: 'report_clue', score: 1 / 3, raw: 0 },
    { label: 'query_status', score: 1 / 3, raw: 0 },
    { label: 'legal_question', score: 1 / 3, raw: 0 },
  ]);
  const shared = {
    features: ['e_len_l', 'e_digit'],
    labels: ['report_clue', 'query_status', 'legal_question'],
  };

  it('the categoriser reads no form mark', async () => {
    const scores = await categoryBayes(lines, formOf)(tie).classify('e_question');
    expect(scores.map((s) => s.score)).toEqual([1 / 3, 1 / 3, 1 / 3].map((x) => expect.closeTo(x, 9)));
  });

  it('the intent model reads the form marks the perceptrons do not share, and not those they do', async () => {
    const settings = { alpha: 0.05, weight: 2 };
    const intent = intentBayes(lines, formOf, shared, settings)(tie);
    expect((await intent.classify('e_question'))[0]!.label).toBe('legal_question');
    // A shared mark counts no more than a feature never seen in training.
    expect(await intent.classify('e_digit')).toEqual(await intent.classify('unseen'));
    expect(await intent.classify('e_len_l')).toEqual(await intent.classify('unseen'));
  });

  it('weight 0 leaves the perceptrons as they are', () => {
    expect(intentBayes(lines, formOf, shared, { alpha: 0.05, weight: 0 })(tie)).toBe(tie);
  });
});
