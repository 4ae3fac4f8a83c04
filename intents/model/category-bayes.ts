// The clue categoriser's naive Bayes (model/naive-bayes.ts): its settings and the features it reads.
import type { Features } from './feature-extractor.js';
import { type BayesSettings, trainNaiveBayes, withNaiveBayes } from './naive-bayes.js';
import type { Sample, TextClassifier } from './nlu-classifier.js';

/**
 * Chosen on dev + the old test split + the public court facts together, averaged over the full corpus and six
 * corpora with one file left out (intents/README.md step 4). Measured over the corpus with each of its 44 theme
 * files left out in turn: the perceptrons alone put the public court facts' category anywhere in 73–86% and the
 * old test split's in 67–76%; with the Bayes model, which generalises from a keyword seen in a few lines, 81–88%
 * and 75–80% (with the bars of model/thresholds.ts).
 */
export const CATEGORY_BAYES: BayesSettings = { alpha: 0.05, weight: 3 };

// Length, digit and question marks describe the message's form, not its matter.
const isMatterFeature = (key: string) => !key.startsWith('e_');

/**
 * A Bayes model trained on the category lines (a few ms), returned as what adds it to the categoriser's perceptron
 * sums once they are trained (they may still be training on a worker thread).
 */
export function categoryBayes(
  samples: readonly Sample[],
  featuresOf: (text: string) => Features,
  settings: BayesSettings = CATEGORY_BAYES,
): (perceptrons: TextClassifier) => TextClassifier {
  const bayes = trainNaiveBayes(samples, featuresOf, settings.alpha, isMatterFeature);
  return (perceptrons) => withNaiveBayes(perceptrons, bayes, featuresOf, settings.weight);
}
