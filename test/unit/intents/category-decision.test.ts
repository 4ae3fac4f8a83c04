// Tests the clue-category decision over given scores: the bars per intent, and no crime category on a dispute.
import { describe, expect, it } from 'vitest';
import { type CategoryThresholds, decideCategory } from '../../../intents/model/category-decision.js';

const t: CategoryThresholds = {
  clue: { score: 0.45, evidence: 2, otherMargin: 3 },
  offClue: { score: 0.9, evidence: 4, otherMargin: -1 },
};
const scores = (label: string, score: number, raw: number, otherRaw = 0) => [
  { label, score, raw },
  { label: 'other', score: (1 - score) / 2, raw: otherRaw },
  { label: 'fraud', score: (1 - score) / 2, raw: -5 },
];

describe('decideCategory', () => {
  it('gives none and greeting no category', () => {
    expect(decideCategory(scores('fraud', 0.99, 9), 'none', t)).toBeNull();
    expect(decideCategory(scores('fraud', 0.99, 9), 'greeting', t)).toBeNull();
  });

  it('names a clue category above the clue bars, other below either', () => {
    expect(decideCategory(scores('gambling', 0.6, 3), 'report_clue', t)?.category).toBe('gambling');
    expect(decideCategory(scores('gambling', 0.2, 3), 'report_clue', t)?.category).toBe('other');
    expect(decideCategory(scores('gambling', 0.6, 1), 'report_clue', t)?.category).toBe('other');
    expect(decideCategory([{ label: 'None', score: 1 }], 'report_clue', t)?.category).toBe('other');
  });

  it('lets a clue keep the category it names unless other is far ahead', () => {
    const otherAhead = (otherRaw: number) => [
      { label: 'other', score: 0.8, raw: otherRaw },
      { label: 'violence_gang', score: 0.19, raw: 2.5 },
      { label: 'fraud', score: 0.01, raw: -3 },
    ];
    expect(decideCategory(otherAhead(5), 'report_clue', t)?.category).toBe('violence_gang');
    expect(decideCategory(otherAhead(6), 'report_clue', t)?.category).toBe('other');
    expect(decideCategory(otherAhead(5), 'petition', t)?.category).toBe('other');
  });

  it('holds other intents to the stricter off-clue bars', () => {
    expect(decideCategory(scores('environment', 0.6, 3), 'legal_question', t)?.category).toBe('other');
    expect(decideCategory(scores('environment', 0.95, 3), 'request_aid', t)?.category).toBe('other');
    expect(decideCategory(scores('environment', 0.95, 5), 'petition', t)?.category).toBe('environment');
    expect(decideCategory(scores('environment', 0.95, 5, 4.5), 'petition', t)?.category).toBe('other');
  });

  it('never gives a dispute a crime category, however sure the model is', () => {
    expect(decideCategory(scores('fraud', 0.999, 12), 'report_dispute', t)?.category).toBe('other');
    expect(decideCategory(scores('violence_gang', 0.999, 12), 'report_dispute', t)?.category).toBe('other');
    expect(decideCategory(scores('fraud', 0.999, 12), 'report_clue', t)?.category).toBe('fraud');
  });
});
