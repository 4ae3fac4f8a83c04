// A text classifier on nlp.js's neural NLU, fed with this layer's own Chinese features instead of its default pipeline.
import { NluNeural } from '@nlpjs/nlu';
import { FastNetwork } from './fast-perceptron.js';
import { type Features, rowAt, rowsById, vectorSource } from './feature-extractor.js';

export interface Scored {
  label: string;
  score: number;
  /** The perceptron's unclipped sum: how much evidence, not just which label is ahead. */
  raw?: number;
}

export interface TextClassifier {
  classify(text: string): Promise<Scored[]>;
  toJSON(): Record<string, unknown>;
}

export interface Sample {
  text: string;
  label: string;
}

/** nlp.js's label for "no known feature at all". */
export const NLPJS_NONE = 'None';

class FeatureNlu extends NluNeural {
  constructor(
    readonly featuresOf: (text: string) => Features,
    iterations = TRAINING.iterations,
    private readonly threads = 0,
  ) {
    super({
      locale: 'zh',
      log: false,
      useNoneFeature: false,
      keepStopwords: true,
      spellCheck: false,
      iterations,
      average: TRAINING.average,
    });
  }

  // NluNeural.innerTrain with nlp.js's network swapped for the same network trained faster (fast-perceptron.ts).
  async innerTrain(input: { settings: Record<string, unknown>; corpus: unknown[]; status?: unknown }) {
    const net = new FastNetwork(input.settings);
    (this as unknown as { neuralNetwork: FastNetwork }).neuralNetwork = net;
    input.status = this.threads
      ? await net.trainInWorkers(input.corpus, this.threads)
      : net.train(input.corpus);
    return input;
  }

  /**
   * nlp.js's NLU.prepareCorpus without the feature indexes only nlp.js's own process() reads (features,
   * intentFeatures, featuresToIntent, the spell checker's word list): this layer scores through the network (wrap,
   * below). Each line's features are read straight from `featuresOf` (as a vector of ids), as nlp.js's prepare would
   * for a string.
   */
  async prepareCorpus(input: { corpus: { utterance: string; intent: string }[] }) {
    const self = this as unknown as Record<string, unknown>;
    const intents: Record<string, number> = {};
    const source = vectorSource(this.featuresOf);
    const prepared = input.corpus.map(({ utterance, intent }) => {
      intents[intent] = 1;
      return { input: { ...source.vector(utterance, true), keyOf: source.keyOf }, output: { [intent]: 1 } };
    });
    Object.assign(self, { intents, features: {}, intentFeatures: {}, featuresToIntent: {} });
    Object.assign(self, { numFeatures: 0, numIntents: Object.keys(intents).length });
    (input as { corpus: unknown[] }).corpus = prepared;
    return input;
  }

  // nlp.js's own pipeline (not this layer's training or scoring) reads features as an object.
  override async prepare(text: unknown): Promise<unknown> {
    if (typeof text === 'string') return Object.fromEntries(this.featuresOf(text));
    if (Array.isArray(text)) return Promise.all(text.map((t) => this.prepare(t)));
    const o = text as { text?: string; utterance?: string };
    return { ...o, tokens: Object.fromEntries(this.featuresOf(o.text ?? o.utterance ?? '')) };
  }
}

/**
 * Features whose weight is made equal (their mean) across `labels` after training: such a feature may still tell
 * those labels from the rest, but no longer one of them from another.
 */
export interface SharedFeatures {
  features: readonly string[];
  labels: readonly string[];
}

interface Perceptron {
  name: string;
  weights: Float32Array;
  bias: number;
}
interface TrainedNetwork {
  perceptrons: Perceptron[];
  lookup: {
    inputLookup: { dict: Record<string, number>; items: string[] };
  };
}

/** Each perceptron's weights, with the shared features' weights replaced by their mean over the shared labels. */
function sharedWeights(net: TrainedNetwork, shared: SharedFeatures | undefined): Float32Array[] {
  const rows = net.perceptrons.map((p) => p.weights);
  if (!shared) return rows;
  const among = net.perceptrons
    .map((p, i) => (shared.labels.includes(p.name) ? i : -1))
    .filter((i) => i >= 0);
  if (among.length < 2) return rows;
  for (const i of among) rows[i] = rows[i]!.slice();
  for (const f of shared.features) {
    const k = net.lookup.inputLookup.dict[f];
    if (k === undefined) continue;
    const mean = among.reduce((a, i) => a + rows[i]![k]!, 0) / among.length;
    for (const i of among) rows[i]![k] = mean;
  }
  return rows;
}

// nlp.js clips each one-vs-rest perceptron at 0 and returns "None" when all are clipped, which happened to
// a fifth of the dev set's real reports; a softmax over the unclipped sums keeps the ranking they still carry.
export const SOFTMAX = { scale: 1 };
/**
 * `average`: keep each perceptron's mean weights over its epochs (fast-perceptron.ts). On the dev cross-validation
 * (five splits, h13cv2) at public legal questions ≥ 96%: chit-chat filed 62 → 56 of 1,747, clue category 1,330 → 1,341
 * of 1,455, public civil facts given a category 63 → 49 of 362, court facts 566 → 563 of 663.
 */
export const TRAINING = { iterations: 20000, average: true };

function wrap(nlu: FeatureNlu, shared?: SharedFeatures): TextClassifier {
  const net = (nlu as unknown as { neuralNetwork?: TrainedNetwork }).neuralNetwork;
  // A copy: the trained weights (toJSON, the model cache) stay as nlp.js learnt them.
  const rows = net ? sharedWeights(net, shared) : [];
  const labels = net ? net.perceptrons.map((p) => p.name) : [];
  const biases = net ? net.perceptrons.map((p) => p.bias) : [];
  const n = labels.length;
  // For scoring: each feature's row by its id in the extractor's table, and the perceptrons' weights interleaved,
  // one feature's n weights side by side in one cache line.
  const source = vectorSource(nlu.featuresOf);
  const items = net?.lookup.inputLookup.items ?? [];
  const rowOf = rowsById(items.map((f) => source.idOf(f, true)));
  const weights = new Float32Array(items.length * n);
  rows.forEach((row, i) => {
    for (let k = 0; k < items.length; k++) weights[k * n + i] = row[k]!;
  });
  return {
    async classify(text) {
      if (!net) return [{ label: NLPJS_NONE, score: 1 }];
      // nlp.js's transformInput builds an object of the known features first; summing straight from the features
      // adds the same products in the same order (bias first, then features in key order) without it.
      const sums = new Float64Array(biases);
      const { ids, values } = source.vector(text);
      let known = false;
      for (let j = 0; j < ids.length; j++) {
        const k = rowAt(rowOf, ids[j]!);
        if (k < 0) continue;
        known = true;
        const at = k * n;
        const v = values[j]!;
        for (let i = 0; i < n; i++) sums[i]! += v * weights[at + i]!;
      }
      if (!known) return [{ label: NLPJS_NONE, score: 1 }];
      let max = Number.NEGATIVE_INFINITY;
      for (const x of sums) if (x > max) max = x;
      const exps = new Float64Array(n);
      let total = 0;
      for (let i = 0; i < n; i++) {
        exps[i] = Math.exp((sums[i]! - max) * SOFTMAX.scale);
        total += exps[i]!;
      }
      return labels
        .map((label, i) => ({ label, score: exps[i]! / total, raw: sums[i]! }))
        .sort((a, b) => b.score - a.score);
    },
    toJSON: () => nlu.toJSON(),
  };
}

export async function trainClassifier(
  samples: readonly Sample[],
  featuresOf: (text: string) => Features,
  shared?: SharedFeatures,
  /** At most this many epochs (nlp.js stops earlier once the error settles). */
  epochs?: number,
  /** Train the perceptrons on this many worker threads (0: on this one); the same weights either way. */
  threads = 0,
): Promise<TextClassifier> {
  const nlu = new FeatureNlu(featuresOf, epochs, threads);
  await nlu.train(samples.map((s) => ({ utterance: s.text, intent: s.label })));
  return wrap(nlu, shared);
}

export function loadClassifier(
  json: Record<string, unknown>,
  featuresOf: (text: string) => Features,
  shared?: SharedFeatures,
): TextClassifier {
  const nlu = new FeatureNlu(featuresOf);
  nlu.fromJSON(json);
  return wrap(nlu, shared);
}
