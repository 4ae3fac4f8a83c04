// A text classifier on nlp.js's neural NLU, fed with this layer's own Chinese features instead of its default pipeline.
import { NluNeural } from '@nlpjs/nlu';
import type { Features } from './feature-extractor.js';

export interface Scored {
  label: string;
  score: number;
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
  constructor(private readonly featuresOf: (text: string) => Features) {
    super({ locale: 'zh', log: false, useNoneFeature: true, keepStopwords: true, spellCheck: false });
  }

  override async prepare(text: unknown): Promise<unknown> {
    if (typeof text === 'string') return this.featuresOf(text);
    if (Array.isArray(text)) return Promise.all(text.map((t) => this.prepare(t)));
    const o = text as { text?: string; utterance?: string };
    return { ...o, tokens: this.featuresOf(o.text ?? o.utterance ?? '') };
  }
}

function wrap(nlu: FeatureNlu): TextClassifier {
  return {
    async classify(text) {
      const { classifications } = await nlu.process(text);
      return classifications.map((c) => ({ label: c.intent, score: c.score }));
    },
    toJSON: () => nlu.toJSON(),
  };
}

export async function trainClassifier(
  samples: readonly Sample[],
  featuresOf: (text: string) => Features,
): Promise<TextClassifier> {
  const nlu = new FeatureNlu(featuresOf);
  await nlu.train(samples.map((s) => ({ utterance: s.text, intent: s.label })));
  return wrap(nlu);
}

export function loadClassifier(
  json: Record<string, unknown>,
  featuresOf: (text: string) => Features,
): TextClassifier {
  const nlu = new FeatureNlu(featuresOf);
  nlu.fromJSON(json);
  return wrap(nlu);
}
