// The intent classifier's naive Bayes (model/naive-bayes.ts): its settings and the features it reads.
import type { Features } from './feature-extractor.js';
import { type BayesSettings, trainNaiveBayes, withNaiveBayes } from './naive-bayes.js';
import type { Sample, SharedFeatures, TextClassifier } from './nlu-classifier.js';

/** Chosen on dev, the 5th split and public legal questions and chat together (intents/README.md, h13bayes). */
export const INTENT_BAYES: BayesSettings = { alpha: 0.1, weight: 2 };

/**
 * A Bayes model trained on the intent lines (a few ms), returned as what adds it to the perceptrons' sums once they
 * are trained (they may still be training on worker threads). Bayes skips the features the perceptrons share across
 * intents (the long bucket, a digit): it would learn from them exactly what sharing them unlearns (a digit means
 * query_status, a long text report_clue).
 */
export function intentBayes(
  samples: readonly Sample[],
  featuresOf: (text: string) => Features,
  shared: SharedFeatures,
  settings: BayesSettings = INTENT_BAYES,
): (perceptrons: TextClassifier) => TextClassifier {
  if (settings.weight === 0) return (perceptrons) => perceptrons;
  const bayes = trainNaiveBayes(samples, featuresOf, settings.alpha, (k) => !shared.features.includes(k));
  return (perceptrons) => withNaiveBayes(perceptrons, bayes, featuresOf, settings.weight);
}
