// When the parser should ask instead of guessing: close case-worthy intents, or a case-or-not call near its threshold.
import type { Intent } from '../types.js';
import { NLPJS_NONE, type Scored } from './nlu-classifier.js';
import { CLARIFY_CASE_BELOW, CLARIFY_MARGIN, CLARIFY_NONE_ABOVE } from './thresholds.js';

export interface ClarifyThresholds {
  /** Two case-worthy intents closer than this (top minus runner-up) are a coin toss: ask. */
  margin: number;
  /** A case-worthy decision whose best case-worthy score is below this is unsure: ask. */
  caseBelow: number;
  /** A `none` decision whose best case-worthy score is above this may be a lost report: ask. */
  noneAbove: number;
}

export const DEFAULT_CLARIFY: ClarifyThresholds = {
  margin: CLARIFY_MARGIN,
  caseBelow: CLARIFY_CASE_BELOW,
  noneAbove: CLARIFY_NONE_ABOVE,
};

const NO_CASE = new Set(['none', 'greeting', NLPJS_NONE]);

/**
 * `decided` is the parser's final intent (after the FAQ and evidence rules). Greetings, case numbers and
 * confident FAQ answers are never asked about: those signals are stronger than the model's scores.
 */
export function needsClarification(
  scores: readonly Scored[],
  decided: Intent,
  t: ClarifyThresholds = DEFAULT_CLARIFY,
): boolean {
  if (decided === 'greeting') return false;
  const ranked = scores.filter((s) => s.label !== NLPJS_NONE);
  const [top, second] = ranked;
  if (!top) return false;
  if (second && !NO_CASE.has(top.label) && !NO_CASE.has(second.label) && top.score - second.score < t.margin)
    return true;
  const bestCase = ranked.find((s) => !NO_CASE.has(s.label))?.score ?? 0;
  if (decided === 'none') return bestCase > t.noneAbove;
  return bestCase < t.caseBelow;
}
