// Tests the categoriser's naive Bayes: log-odds from rare keywords, and how they move the perceptrons' scores.
import { describe, expect, it } from 'vitest';
import { trainNaiveBayes, withNaiveBayes } from '../../../intents/model/category-bayes.js';
import type { Features } from '../../../intents/model/feature-extractor.js';
import { NLPJS_NONE, type Scored, type TextClassifier } from '../../../intents/model/nlu-classifier.js';

// Words separated by spaces stand in for the segmenter; the length mark must not count as evidence.
const featuresOf = (text: string): Features => ({
  ...Object.fromEntries(text.split(' ').map((w) => [`w_${w}`, 1])),
  e_len_s: 1,
});
const samples = [
  { text: '群里 赌博 红包', label: 'gambling' },
  { text: '麻将 赌博 抽水', label: 'gambling' },
  { text: '卖 冰毒 溜冰', label: 'drugs' },
  { text: '吸毒 针头 楼道', label: 'drugs' },
  { text: '邻居 吵架 楼道', label: 'other' },
  { text: '欠钱 不还 邻居', label: 'other' },
];

const fixed = (scores: Scored[]): TextClassifier => ({ classify: async () => scores, toJSON: () => ({}) });

describe('trainNaiveBayes', () => {
  const nb = trainNaiveBayes(samples, featuresOf);

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

  it('gives every label 0 when no feature was seen in training (form marks are not evidence)', () => {
    expect([...nb.logOdds(featuresOf('天气 不错')).values()]).toEqual([0, 0, 0]);
  });
});

describe('withNaiveBayes', () => {
  const nb = trainNaiveBayes(samples, featuresOf);

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
    expect(await withNaiveBayes(fixed(none), nb, featuresOf).classify('赌博')).toEqual(none);
  });
});
