// Decision thresholds, tuned on intents/dev/dev-set.jsonl with `npm run eval:intents -- --sweep`.

/**
 * With domain evidence (model/domain-evidence.ts): a top `none` below this yields to the runner-up when it is
 * case-worthy — a message that names a debt, a crime or the law is rarely chit-chat, and a lost clue costs more.
 */
// Re-swept 2026-12-01 (h13g) on dev + the old test split + public out_of_domain/legal_questions after the corpus
// grew to ~3,500 lines: 0.99 / 0.995 / 0.998 / 0.999 gave old-test false cases 2 / 3 / 4 / 4 of 135, public
// legal questions in-domain 94.7 / 95.3 / 96.5 / 96.9%, dev equal from 0.995 up; 0.995 kept (false cases cost more
// on the blind set than on ours). NO_EVIDENCE_THRESHOLD 0.9 / 0.95 equal on every set; kept.
// Re-swept 2026-12-01 (h13intent) on all tuning data together — dev (1,305), the used test split (564), public
// legal_questions and out_of_domain — after the corpus gained ~330 lines in new voices: 0.99 / 0.995 / 0.997 / 0.998 /
// 0.999 gave dev+test chit-chat filed 14 / 14 / 16 / 19 / 22 of 577, reports lost 23 / 19 / 17 / 17 / 14 of 1,292,
// public legal questions in-domain 94.4 / 95.5 / 95.7 / 96.3 / 97.0%, public chat filed 17 / 22 / 23 / 25 / 29 of
// 2,564 (with NO_EVIDENCE_THRESHOLD 0.9). 0.995 kept: above it chit-chat filed passes 3% on the blind split.
// Re-swept 2026-12-01 (h13train) after corpus/written.jsonl (3,040 lines) joined training, on the new dev set (the
// fifth split, 1,165, never trained on) + public legal_questions and out_of_domain, with NO_EVIDENCE_THRESHOLD 0.99:
// 0.9 / 0.95 / 0.98 / 0.99 / 0.995 gave dev chit-chat filed 15 / 18 / 20 / 23 / 24 of 313, reports lost 6 / 5 / 4 /
// 4 / 4 of 852, public legal questions in-domain 96.5 / 96.6 / 97.1 / 97.4 / 97.8%, public chat filed 47 / 48 / 49 /
// 53 / 57 of 2,564. 0.98: the middle of the 0.95-0.99 plateau, where lost reports stay at their floor.
export const EVIDENCE_NONE_THRESHOLD = 0.98;
/**
 * Without domain evidence a case-worthy intent needs at least this score: everyday chat shares question words
 * (怎么办, 请问, 查一下) with legal questions and status queries, but not their vocabulary.
 */
// 0.9 / 0.95 / 0.98 (h13intent, same four sets): dev reports lost 5 / 7 / 8, nothing else moved on any set; 0.9.
// Re-swept (h13train, sets as above, EVIDENCE_NONE_THRESHOLD 0.98): 0.9 / 0.95 / 0.98 / 0.99 / 0.995 / 0.999 gave
// public chat filed 60 / 57 / 53 / 49 / 46 / 41 of 2,564 (the model's own confident top on recipes, 查询日期, 我想全部
// 答复), dev lost 4 / 4 / 4 / 4 / 5 / 5, public legal questions 97.2 / 97.2 / 97.2 / 97.1 / 97.1 / 97.0%, dev filed
// 20 throughout. Chosen by the public data: 0.99, the last value before dev reports are lost.
export const NO_EVIDENCE_THRESHOLD = 0.99;
/**
 * With domain evidence, a top `greeting` in a message at least this long yields like `none` (你好，请问…谢谢).
 * Chosen from 0 (off) / 1 / 10 / 15 on dev + old test + public (h13g, 2026-12-01): 15 left dev and old test
 * unchanged and lifted public legal questions in-domain by 0.3 points; 1 and 10 filed one dev greeting as a case.
 */
export const GREETING_YIELD_MIN_CHARS = 15;
// The clue category (model/category-decision.ts). Chosen with `eval:intents -- --sweep-category` on the dev set and
// the old test split (both tuning data now), the public court facts read beside them (so not held out either).
/** For a report_clue: the best named category's share among the named categories must reach this… */
export const CATEGORY_THRESHOLD = 0.45;
/**
 * …its sum (perceptron plus Bayes, model/category-bayes.ts) this… The Bayes term is ≤ 0, so the perceptrons' own bar
 * (−1) sent court-style crime facts to `other`. Swept with margin 10 over the full corpus and six with one file left
 * out (h13cat, main 9fab32b's intents): −1 / −2 / −3 / −4 / −5 gave court facts (mean) 81.8 / 82.8 / 83.9 / 84.6 /
 * 85.1%, on their worst corpus 78.7 / 79.6 / 81.3 / 82.4 / 83.1%; the previous test split 79.0 / 79.0 / 78.5 / 78.5 /
 * 78.1%, dev 89.8 / 89.8 / 89.7 / 89.5 / 89.5%; civil facts given a crime category (full corpus) 40 / 41 / 44 / 49 /
 * 51 of 362. −3 kept: the court facts stay above 80% on every corpus tried, for 4 more civil facts named.
 * Off-clue sum 2 instead of 4 gained one test-split clue but gave a dev dispute (a legal question) `fraud`: not taken.
 * Re-swept (h13train) once the written clues (613) joined the category corpus: the court facts' sums fell (61 of the
 * 85 sent to `other` failed only this bar). Margin 10, on the new dev set (the fifth split) + public court and civil
 * facts: −3 / −4 / −5 / −6 / −7 / −8 / −10 / −12 / none gave dev clues 241 / 244 / 248 / 247 / 249 / 249 / 247 / 247 /
 * 249 of 266, court facts 528 / 531 / 537 / 545 / 552 / 552 / 555 / 562 / 565 of 663, civil facts named 16 / 18 / 19 /
 * 21 / 23 / 26 / 33 / 35 / 56 of 362; share 0.3 / 0.6 and margin 5 / 15 moved ≤ 3 lines. −8: the middle of the
 * −6…−10 plateau (chosen by all three sets; the dev clues alone are flat from −5).
 */
export const CATEGORY_MIN_EVIDENCE = -8;
/**
 * …and `other`'s sum may exceed it by at most this (other is the largest class; a clue keeps the crime it names).
 * Re-swept with the Bayes model (model/category-bayes.ts) on dev + old test + public court facts, mean over the full
 * corpus and six with one file left out: 3 / 6 / 10 / 20 gave 82.9 / 83.2 / 83.3 / 83.6 (mean of the three
 * category accuracies) and civil facts given a category 9.0 / 9.7 / 11.0 / 12.4%; 10 kept (`other` when unsure).
 */
export const CATEGORY_OTHER_MARGIN = 10;
/**
 * For every other case-worthy intent (a dispute, question, aid request, petition) the category stays `other`
 * unless the model is very sure: a 90% share, a sum of 4 and a lead of 1 over `other`. The API files only clues
 * under a category; the others' category matters when the sender then says it was a clue (the 您是想 question).
 */
export const CATEGORY_OFF_CLUE = { score: 0.9, evidence: 4, otherMargin: -1 };
/** At or above this FAQ similarity a legal question is answered at once. */
export const FAQ_THRESHOLD = 0.45;
/**
 * When to ask "您是想：1 … 6 …" instead of guessing (model/clarify.ts). Chosen on the dev set (8.0% of its
 * lines asked, 10 of its 25 errors among them); the API also caps questions at 10% of private messages.
 */
export const CLARIFY_MARGIN = 0.4;
// 0.9 asked 11.9% of the used (blind-written) test split, over the 10%; 0.85 / 0.8 asked 9.9 / 9.0% there
// (dev 6.4 / 5.7%) and still caught 25 / 23 of its 61 errors (28 at 0.9). 0.8 leaves room on unseen writers (h13intent).
// With the intent Bayes part (model/intent-bayes.ts) the scores are surer: 0.8 asked only 4.6% of the 5th split (31 of
// its 108 errors), 0.9 / 0.95 / 0.98 / 0.99 asked 6.1 / 7.5 / 9.0 / 10.2% (35 / 38 / 41 / 42 caught; dev 4.3 / 4.9 /
// 6.0 / 6.8%); the margin (0.2–0.6) and CLARIFY_NONE_ABOVE (0.05–0.5) moved it by ≤ 0.2 points. 0.95 (h13bayes).
export const CLARIFY_CASE_BELOW = 0.95;
export const CLARIFY_NONE_ABOVE = 0.5;
