// A multinomial naive Bayes over a classifier's features, added to nlp.js's perceptron sums before the softmax (clue category: category-bayes.ts; intent: intent-bayes.ts).
import type { Features } from './feature-extractor.js';
import { NLPJS_NONE, type Sample, type Scored, type TextClassifier } from './nlu-classifier.js';

/** `alpha`: additive smoothing; `weight`: how much the Bayes log-odds count beside the perceptron sums. */
export interface BayesSettings {
  alpha: number;
  weight: number;
}

export interface NaiveBayes {
  /** Each label's log-likelihood of the features minus the best label's, per square root of the feature mass. */
  logOdds(features: Features): Map<string, number>;
  /** The same, as an array in the order of `labels` (no allocation beyond it, for the parse path). */
  logOddsArray(features: Features): Float64Array;
  labels: readonly string[];
}

/** `reads`: which features the model reads (the others are skipped in training and scoring). */
export function trainNaiveBayes(
  samples: readonly Sample[],
  featuresOf: (text: string) => Features,
  alpha: number,
  reads: (key: string) => boolean = () => true,
): NaiveBayes {
  const counts = new Map<string, Map<string, number>>();
  const totals = new Map<string, number>();
  const vocabulary = new Set<string>();
  for (const s of samples) {
    const c = counts.get(s.label) ?? new Map<string, number>();
    counts.set(s.label, c);
    for (const [k, v] of Object.entries(featuresOf(s.text))) {
      if (!reads(k)) continue;
      vocabulary.add(k);
      c.set(k, (c.get(k) ?? 0) + v);
      totals.set(s.label, (totals.get(s.label) ?? 0) + v);
    }
  }
  const labels = [...counts.keys()];
  const n = labels.length;
  // Every feature's log-probability under each label in one flat array (row = feature): scoring is one lookup and
  // a few additions per feature, and ~30,000 features cost a few MB instead of an object each.
  const negLogTotal = labels.map((l) => -Math.log((totals.get(l) ?? 0) + alpha * vocabulary.size));
  const row = new Map<string, number>();
  const logProb = new Float64Array(vocabulary.size * n);
  for (const k of vocabulary) {
    const r = row.size;
    row.set(k, r);
    labels.forEach((l, i) => {
      logProb[r * n + i] = Math.log((counts.get(l)!.get(k) ?? 0) + alpha) + negLogTotal[i]!;
    });
  }
  function logOddsArray(features: Features): Float64Array {
    const ll = new Float64Array(n);
    let mass = 0;
    for (const k in features) {
      const r = row.get(k);
      if (r === undefined) continue;
      const v = features[k]!;
      mass += v;
      for (let i = 0; i < n; i++) ll[i]! += v * logProb[r * n + i]!;
    }
    let best = Number.NEGATIVE_INFINITY;
    for (const x of ll) if (x > best) best = x;
    // Per square root of the mass: a long court statement would otherwise drown the perceptrons entirely.
    const scale = 1 / Math.sqrt(Math.max(mass, 1));
    for (let i = 0; i < n; i++) ll[i] = (ll[i]! - best) * scale;
    return ll;
  }
  return {
    labels,
    logOddsArray,
    logOdds(features) {
      const odds = logOddsArray(features);
      return new Map(labels.map((l, i) => [l, odds[i]!]));
    },
  };
}

/** The perceptron sums plus `weight` × the Bayes log-odds, re-scored with a softmax. */
export function withNaiveBayes(
  perceptrons: TextClassifier,
  bayes: NaiveBayes,
  featuresOf: (text: string) => Features,
  weight: number,
): TextClassifier {
  const index = new Map(bayes.labels.map((l, i) => [l, i]));
  return {
    async classify(text) {
      const scores = await perceptrons.classify(text);
      if (scores.length === 1 && scores[0]!.label === NLPJS_NONE) return scores;
      const odds = bayes.logOddsArray(featuresOf(text));
      const sums = scores.map((s) => ({
        label: s.label,
        raw: (s.raw ?? 0) + weight * (odds[index.get(s.label) ?? -1] ?? 0),
      }));
      const max = Math.max(...sums.map((s) => s.raw));
      const exps = sums.map((s) => Math.exp(s.raw - max));
      const total = exps.reduce((a, e) => a + e, 0);
      return sums
        .map((s, i): Scored => ({ label: s.label, score: exps[i]! / total, raw: s.raw }))
        .sort((a, b) => b.score - a.score);
    },
    toJSON: () => perceptrons.toJSON(),
  };
}
