// When the parser asks instead of guessing: close case-worthy intents, and case-or-not calls near their threshold.
import { describe, expect, it } from 'vitest';
import { needsClarification } from '../../../intents/model/clarify.js';

const t = { margin: 0.4, caseBelow: 0.9, noneAbove: 0.5 };
const scores = (...pairs: [string, number][]) => pairs.map(([label, score]) => ({ label, score }));

describe('needsClarification', () => {
  it('asks when two case-worthy intents are close', () => {
    expect(
      needsClarification(scores(['report_dispute', 0.5], ['legal_question', 0.45]), 'report_dispute', t),
    ).toBe(true);
  });
  it('does not ask when one case-worthy intent is clearly ahead and sure', () => {
    expect(
      needsClarification(scores(['report_dispute', 0.97], ['legal_question', 0.02]), 'report_dispute', t),
    ).toBe(false);
  });
  it('asks when a case was decided on a modest score', () => {
    expect(needsClarification(scores(['report_clue', 0.8], ['none', 0.2]), 'report_clue', t)).toBe(true);
  });
  it('asks when none won but a case-worthy reading was likely', () => {
    expect(needsClarification(scores(['none', 0.4], ['petition', 0.6]), 'none', t)).toBe(true);
    expect(needsClarification(scores(['none', 0.9], ['petition', 0.1]), 'none', t)).toBe(false);
  });
  it('never asks about a greeting or an empty score list', () => {
    expect(needsClarification(scores(['greeting', 0.5], ['report_clue', 0.49]), 'greeting', t)).toBe(false);
    expect(needsClarification([], 'none', t)).toBe(false);
  });
});
