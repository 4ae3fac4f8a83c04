// The clue-category decision: which category a parse carries, given the categoriser's scores and the parse's intent.
import { type ClueCategory, CRIME_CATEGORIES, type Intent } from '../types.js';
import { NLPJS_NONE, type Scored } from './nlu-classifier.js';
import {
  CATEGORY_MIN_EVIDENCE,
  CATEGORY_OFF_CLUE,
  CATEGORY_OTHER_MARGIN,
  CATEGORY_THRESHOLD,
} from './thresholds.js';

export interface CategoryBar {
  /** The best named category's share among the named categories (`other` left out) must reach this… */
  score: number;
  /** …its unclipped perceptron sum this… */
  evidence: number;
  /**
   * …and `other`'s sum may exceed it by at most this (0: plain argmax; negative: the category must beat `other`).
   * `other` is the biggest class (disputes, questions, civil facts), so a positive margin lets a clue keep the
   * category it names even where dispute words are louder.
   */
  otherMargin: number;
}

export interface CategoryThresholds {
  /** For a `report_clue` (the only intent the API files under a category). */
  clue: CategoryBar;
  /** For every other case-worthy intent: a dispute, question or aid request keeps `other` unless the model is very sure. */
  offClue: CategoryBar;
}

export const CATEGORY_THRESHOLDS: CategoryThresholds = {
  clue: { score: CATEGORY_THRESHOLD, evidence: CATEGORY_MIN_EVIDENCE, otherMargin: CATEGORY_OTHER_MARGIN },
  offClue: CATEGORY_OFF_CLUE,
};

export interface CategoryDecision {
  category: ClueCategory;
  score: number;
}

/** The best named category when it clears the bar, `other` otherwise. */
export function categoryAbove(scores: readonly Scored[], bar: CategoryBar): CategoryDecision {
  const named = scores.find((s) => s.label !== 'other' && s.label !== NLPJS_NONE);
  const other = scores.find((s) => s.label === 'other');
  const otherScore = other?.score ?? 0;
  const share = named ? named.score / Math.max(1 - otherScore, 1e-9) : 0;
  // A confident softmax over weak evidence (a bare case number) is still a guess: require real evidence too.
  if (
    !named ||
    share < bar.score ||
    (named.raw ?? 0) < bar.evidence ||
    (other?.raw ?? Number.NEGATIVE_INFINITY) - (named.raw ?? 0) > bar.otherMargin
  )
    return { category: 'other', score: other && other === scores[0] ? otherScore : 1 - (named?.score ?? 0) };
  return { category: named.label as ClueCategory, score: named.score };
}

/** `null` for none/greeting (no matter, no category). */
export function decideCategory(
  scores: readonly Scored[],
  intent: Intent,
  t: CategoryThresholds = CATEGORY_THRESHOLDS,
): CategoryDecision | null {
  if (intent === 'none' || intent === 'greeting') return null;
  if (intent === 'report_clue') return categoryAbove(scores, t.clue);
  const cat = categoryAbove(scores, t.offClue);
  // A dispute told with a crime word (借钱不还 is not fraud, 吵架推了一下 is not a gang) is still a dispute:
  // a crime category there sends it to the wrong desk and into the wrong statistics.
  if (intent === 'report_dispute' && CRIME_CATEGORIES.has(cat.category))
    return { category: 'other', score: 1 - cat.score };
  return cat;
}
