// Decision thresholds, tuned on intents/dev/dev-set.jsonl with `npm run eval:intents -- --sweep`.

/**
 * Below this top intent score a message is `none`. On the dev set 0.3–0.6 tie on accuracy; higher loses real
 * reports (a lost clue costs more than a wasted reading).
 */
export const NONE_THRESHOLD = 0.5;
/** Below this the clue category is `other`. */
export const CATEGORY_THRESHOLD = 0.45;
/** The winning category's unclipped perceptron sum must reach this, or the category is `other`. */
export const CATEGORY_MIN_EVIDENCE = 2;
/** At or above this FAQ similarity a legal question is answered at once. */
export const FAQ_THRESHOLD = 0.5;
