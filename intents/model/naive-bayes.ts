// A multinomial naive Bayes over a classifier's features, added to nlp.js's perceptron sums before the softmax (clue category: category-bayes.ts; intent: intent-bayes.ts).
import { type Features, rowAt, rowsById, type VectorSource, vectorSource } from './feature-extractor.js';
import { NLPJS_NONE, type Sample, type Scored, type TextClassifier } from './nlu-classifier.js';

/** `alpha`: additive smoothing; `weight`: how much the Bayes log-odds count beside the perceptron sums. */
export interface BayesSettings {
  alpha: number;
  weight: number;
}

export interface NaiveBayes {
  /** Each label's log-likelihood of the features minus the best label's, per square root of the feature mass. */
  logOdds(features: Features): Map<string, number>;
  /** The same for a text read through `source`, as an array in the order of `labels` (the parse path). */
  scorer(source: VectorSource): (text: string) => Float64Array;
  labels: readonly string[];
}

/** `reads`: which features the model reads (the others are skipped in training and scoring). */
export function trainNaiveBayes(
  samples: readonly Sample[],
  featuresOf: (text: string) => Features,
  alpha: number,
  reads: (key: string) => boolean = () => true,
): NaiveBayes {
  // Labels in order of first appearance, features given a row when first read (a build reads ~1.4 million), found
  // by their id in the source's table; counts in one flat array (row = feature, column = label).
  const source = vectorSource(featuresOf);
  const labelIndex = new Map<string, number>();
  for (const s of samples) if (!labelIndex.has(s.label)) labelIndex.set(s.label, labelIndex.size);
  const labels = [...labelIndex.keys()];
  const n = labels.length;
  /** By id: the feature's row, -1 not yet read, -2 not read by this model. */
  let rowOfId = new Int32Array(1024).fill(-1);
  const rowKeys: string[] = [];
  let counts = new Float64Array(1024 * n);
  const totals = new Float64Array(n);
  for (const s of samples) {
    const li = labelIndex.get(s.label)!;
    const { ids, values } = source.vector(s.text, true);
    for (let j = 0; j < ids.length; j++) {
      const id = ids[j]!;
      if (id >= rowOfId.length) {
        const grown = new Int32Array(Math.max(id + 1, rowOfId.length * 2)).fill(-1);
        grown.set(rowOfId);
        rowOfId = grown;
      }
      let r = rowOfId[id]!;
      if (r === -1) {
        const key = source.keyOf(id);
        r = reads(key) ? rowKeys.push(key) - 1 : -2;
        rowOfId[id] = r;
        if ((r + 1) * n > counts.length) {
          const grown = new Float64Array(counts.length * 2);
          grown.set(counts);
          counts = grown;
        }
      }
      if (r < 0) continue;
      const v = values[j]!;
      counts[r * n + li]! += v;
      totals[li]! += v;
    }
  }
  const row = new Map(rowKeys.map((k, r) => [k, r]));
  // Every feature's log-probability under each label in one flat array (row = feature): scoring is one lookup and
  // a few additions per feature, and ~30,000 features cost a few MB instead of an object each.
  const negLogTotal = labels.map((_, i) => -Math.log(totals[i]! + alpha * row.size));
  const logProb = new Float64Array(row.size * n);
  for (let r = 0; r < row.size; r++)
    for (let i = 0; i < n; i++) logProb[r * n + i] = Math.log(counts[r * n + i]! + alpha) + negLogTotal[i]!;
  function score(ids: readonly number[], values: readonly number[], rowOf: Int32Array): Float64Array {
    const ll = new Float64Array(n);
    let mass = 0;
    for (let j = 0; j < ids.length; j++) {
      const r = rowAt(rowOf, ids[j]!);
      if (r < 0) continue;
      const v = values[j]!;
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
  const ownRows = Int32Array.from({ length: row.size }, (_, r) => r);
  return {
    labels,
    logOdds(features) {
      const ids = Array.from(features.keys(), (k) => row.get(k) ?? -1);
      const odds = score(ids, [...features.values()], ownRows);
      return new Map(labels.map((l, i) => [l, odds[i]!]));
    },
    scorer(source) {
      const rowOf = rowsById([...row.keys()].map((k) => source.idOf(k, true)));
      return (text) => {
        const { ids, values } = source.vector(text);
        return score(ids, values, rowOf);
      };
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
  const oddsOf = bayes.scorer(vectorSource(featuresOf));
  return {
    async classify(text) {
      const scores = await perceptrons.classify(text);
      if (scores.length === 1 && scores[0]!.label === NLPJS_NONE) return scores;
      const odds = oddsOf(text);
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
