// Tests that the fast perceptron trainer learns exactly the weights nlp.js's own trainer learns.
import { NeuralNetwork } from '@nlpjs/neural';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PLACES } from '../../../intents/entities/place-extractor.js';
import { loadCategoryCorpus } from '../../../intents/model/corpus-loader.js';
import { FastNetwork } from '../../../intents/model/fast-perceptron.js';
import { createFeatureExtractor } from '../../../intents/model/feature-extractor.js';
import { createWordSegmenter } from '../../../intents/model/word-segmenter.js';
import { CATEGORY_FEATURES, INTENT_FEATURES } from '../../../intents/parser.js';

describe('FastNetwork', () => {
  const segmenter = createWordSegmenter(DEFAULT_PLACES);
  // Every fourth category line: a few hundred lines in a dozen labels train in well under a second.
  const lines = loadCategoryCorpus().filter((_, i) => i % 4 === 0);

  for (const [name, options] of [
    ['unit-length intent features', INTENT_FEATURES],
    ['unscaled category features', CATEGORY_FEATURES],
  ] as const) {
    it(`trains to nlp.js's weights, status and JSON bit for bit (${name})`, () => {
      const featuresOf = createFeatureExtractor(segmenter, options);
      const corpus = () => lines.map((s) => ({ input: featuresOf(s.text), output: { [s.label]: 1 } }));
      const fast = new FastNetwork({ iterations: 20000, log: false });
      const slow = new NeuralNetwork({ iterations: 20000, log: false });
      // nlp.js reads objects; this layer's features are Maps of the same keys in the same order.
      fast.train(corpus());
      slow.train(corpus().map((l) => ({ ...l, input: Object.fromEntries(l.input) })));
      expect(fast.status).toEqual(slow.status);
      expect(fast.status!.iterations).toBeGreaterThan(10);
      expect(JSON.stringify(fast.toJSON())).toBe(JSON.stringify(slow.toJSON()));
    });
  }

  for (const threads of [1, 2, 5]) {
    it(`on ${threads} worker thread(s), trains the same averaged weights, status and JSON as on the calling thread`, async () => {
      const featuresOf = createFeatureExtractor(segmenter, CATEGORY_FEATURES);
      const corpus = () => lines.map((s) => ({ input: featuresOf(s.text), output: { [s.label]: 1 } }));
      // To convergence: every thread must stop at the same epoch, decided by all perceptrons' errors together.
      const here = new FastNetwork({ iterations: 20000, average: true, log: false });
      const there = new FastNetwork({ iterations: 20000, average: true, log: false });
      here.train(corpus());
      await there.trainInWorkers(corpus(), threads);
      expect(there.status).toEqual(here.status);
      expect(there.status!.iterations).toBeGreaterThan(10);
      expect(there.status!.iterations).toBeLessThan(20000);
      expect(JSON.stringify(there.toJSON())).toBe(JSON.stringify(here.toJSON()));
    });
  }

  it('averaged, keeps each perceptron at the mean of its weights after every epoch', () => {
    const featuresOf = createFeatureExtractor(segmenter, INTENT_FEATURES);
    const corpus = () => lines.map((s) => ({ input: featuresOf(s.text), output: { [s.label]: 1 } }));
    const epochs = 6;
    // The same training one epoch at a time (nlp.js resumes from its status), the weights read after each.
    const stepped = new FastNetwork({ iterations: 1, log: false });
    const sums: Float64Array[] = [];
    const biases: number[] = [];
    for (let e = 1; e <= epochs; e++) {
      stepped.settings.iterations = e;
      stepped.train(corpus());
      stepped.perceptrons.forEach((p, i) => {
        sums[i] ??= new Float64Array(p.weights.length);
        for (let k = 0; k < p.weights.length; k++) sums[i]![k]! += p.weights[k]!;
        biases[i] = (biases[i] ?? 0) + p.bias;
      });
    }
    expect(stepped.status!.iterations).toBe(epochs);
    const averaged = new FastNetwork({ iterations: epochs, average: true, log: false });
    averaged.train(corpus());
    expect(averaged.status).toEqual(stepped.status);
    averaged.perceptrons.forEach((p, i) => {
      expect(p.bias).toBeCloseTo(biases[i]! / epochs, 12);
      const mean = Float32Array.from(sums[i]!, (x) => x / epochs);
      expect(p.weights).toEqual(mean);
      // Not the last epoch's weights: averaging changed them.
      expect(p.weights).not.toEqual(stepped.perceptrons[i]!.weights);
    });
  });
});
