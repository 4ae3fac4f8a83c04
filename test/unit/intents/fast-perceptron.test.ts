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
      fast.train(corpus());
      slow.train(corpus());
      expect(fast.status).toEqual(slow.status);
      expect(fast.status!.iterations).toBeGreaterThan(10);
      expect(JSON.stringify(fast.toJSON())).toBe(JSON.stringify(slow.toJSON()));
    });
  }
});
