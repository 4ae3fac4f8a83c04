// Turns normalised text into the sparse features the nlp.js classifiers learn from: words, character bigrams, entity marks.
import type { WordSegmenter } from './word-segmenter.js';

const CJK_RUN_RE = /[\u4e00-\u9fff]+/g;
const LATIN_RE = /[a-z]{2,}/g;

export type Features = Record<string, number>;

export interface FeatureOptions {
  /** Long court-style texts are cut here: the beginning says what a message is about. */
  maxChars?: number;
}

export function createFeatureExtractor(segmenter: WordSegmenter, opts: FeatureOptions = {}) {
  const maxChars = opts.maxChars ?? 400;
  return function features(text: string): Features {
    const t = text.slice(0, maxChars).toLowerCase();
    const out: Features = {};
    for (const m of t.matchAll(CJK_RUN_RE)) {
      const run = m[0];
      for (const w of segmenter.segment(run)) out[`w_${w}`] = 1;
      for (let i = 0; i + 1 < run.length; i++) out[`b_${run.substr(i, 2)}`] = 1;
    }
    for (const m of t.matchAll(LATIN_RE)) out[`l_${m[0]}`] = 1;
    if (/\d/.test(t)) out.e_digit = 1;
    if (/[?？吗呢]/.test(t)) out.e_question = 1;
    return out;
  };
}
