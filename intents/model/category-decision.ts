// The clue-category decision: which category a parse carries, given the categoriser's scores and the parse's intent.
import { type ClueCategory, CRIME_CATEGORIES, type Intent } from '../types.js';
import { NLPJS_NONE, type Scored } from './nlu-classifier.js';
import { CATEGORY_MIN_EVIDENCE, CATEGORY_OFF_CLUE, CATEGORY_THRESHOLD } from './thresholds.js';

export interface CategoryBar {
  /** The top category's softmax share must reach this… */
  score: number;
  /** …and its unclipped perceptron sum this, or the category is `other`. */
  evidence: number;
}

export interface CategoryThresholds {
  /** For a `report_clue` (the only intent the API files under a category). */
  clue: CategoryBar;
  /** For every other case-worthy intent: a dispute, question or aid request keeps `other` unless the model is very sure. */
  offClue: CategoryBar;
}

export const CATEGORY_THRESHOLDS: CategoryThresholds = {
  clue: { score: CATEGORY_THRESHOLD, evidence: CATEGORY_MIN_EVIDENCE },
  offClue: CATEGORY_OFF_CLUE,
};

export interface CategoryDecision {
  category: ClueCategory;
  score: number;
}

/** The category the top score gives when it clears the bar, `other` otherwise. */
export function categoryAbove(scores: readonly Scored[], bar: CategoryBar): CategoryDecision {
  const top = scores[0];
  // A confident softmax over weak evidence (a bare case number) is still a guess: require real evidence too.
  if (!top || top.label === NLPJS_NONE || top.score < bar.score || (top.raw ?? 0) < bar.evidence)
    return { category: 'other', score: top && top.label !== NLPJS_NONE ? 1 - top.score : 1 };
  return { category: top.label as ClueCategory, score: top.score };
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
