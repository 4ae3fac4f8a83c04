// Tests the clue-category decision over given scores: the bars per intent, and no crime category on a dispute.
import { describe, expect, it } from 'vitest';
import { type CategoryThresholds, decideCategory } from '../../../intents/model/category-decision.js';

const t: CategoryThresholds = { clue: { score: 0.45, evidence: 2 }, offClue: { score: 0.9, evidence: 4 } };
const scores = (label: string, score: number, raw: number) => [
  { label, score, raw },
  { label: 'other', score: 1 - score, raw: 0 },
];

describe('decideCategory', () => {
  it('gives none and greeting no category', () => {
    expect(decideCategory(scores('fraud', 0.99, 9), 'none', t)).toBeNull();
    expect(decideCategory(scores('fraud', 0.99, 9), 'greeting', t)).toBeNull();
  });

  it('names a clue category above the clue bars, other below either', () => {
    expect(decideCategory(scores('gambling', 0.6, 3), 'report_clue', t)?.category).toBe('gambling');
    expect(decideCategory(scores('gambling', 0.4, 3), 'report_clue', t)?.category).toBe('other');
    expect(decideCategory(scores('gambling', 0.6, 1), 'report_clue', t)?.category).toBe('other');
    expect(decideCategory([{ label: 'None', score: 1 }], 'report_clue', t)?.category).toBe('other');
  });

  it('holds other intents to the stricter off-clue bars', () => {
    expect(decideCategory(scores('environment', 0.6, 3), 'legal_question', t)?.category).toBe('other');
    expect(decideCategory(scores('environment', 0.95, 3), 'request_aid', t)?.category).toBe('other');
    expect(decideCategory(scores('environment', 0.95, 5), 'petition', t)?.category).toBe('environment');
  });

  it('never gives a dispute a crime category, however sure the model is', () => {
    expect(decideCategory(scores('fraud', 0.999, 12), 'report_dispute', t)?.category).toBe('other');
    expect(decideCategory(scores('violence_gang', 0.999, 12), 'report_dispute', t)?.category).toBe('other');
    expect(decideCategory(scores('fraud', 0.999, 12), 'report_clue', t)?.category).toBe('fraud');
  });
});
