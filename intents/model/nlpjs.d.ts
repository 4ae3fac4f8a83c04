// Minimal typings for the parts of nlp.js (CommonJS, untyped) that the intents layer uses.
declare module '@nlpjs/nlu' {
  export interface Classification {
    intent: string;
    score: number;
  }
  export class NluNeural {
    constructor(settings?: Record<string, unknown>, container?: unknown);
    settings: Record<string, unknown>;
    train(
      corpus: { utterance: string; intent: string }[],
      settings?: Record<string, unknown>,
    ): Promise<unknown>;
    process(
      utterance: string,
      settings?: Record<string, unknown>,
    ): Promise<{ classifications: Classification[] }>;
    prepare(text: unknown, settings?: unknown): Promise<unknown>;
    toJSON(): Record<string, unknown>;
    fromJSON(json: Record<string, unknown>): void;
  }
}

declare module '@nlpjs/neural' {
  export interface NeuralInput {
    keys: number[];
    data: Record<number, number>;
  }
  export interface NeuralPerceptron {
    name: string;
    id: number;
    weights: Float32Array;
    changes: Float32Array;
    bias: number;
  }
  export class CorpusLookup {
    /** Numbers each feature and each label in the order given. */
    constructor(features?: readonly string[], intents?: readonly string[]);
    inputLookup: { dict: Record<string, number>; items: string[] };
    outputLookup: { dict: Record<string, number>; items: string[] };
    numInputs: number;
    numOutputs: number;
  }
  export class NeuralNetwork {
    constructor(settings?: Record<string, unknown>, container?: unknown);
    settings: { alpha: number; momentum: number; average?: boolean } & Record<string, unknown>;
    decayLearningRate: number;
    status?: { iterations: number; error: number; deltaError: number };
    perceptrons: NeuralPerceptron[];
    numPerceptrons: number;
    lookup: CorpusLookup;
    verifyIsInitialized(): void;
    trainPerceptron(
      perceptron: NeuralPerceptron,
      data: { input: NeuralInput; output: NeuralInput }[],
    ): number;
    train(corpus: unknown[]): unknown;
    toJSON(): Record<string, unknown>;
  }
}

declare module '@nlpjs/core' {
  export interface NlpContainer {
    use(plugin: unknown): void;
    get(name: 'nlp'): {
      settings: Record<string, unknown>;
      addLanguage(locale: string): void;
      addDocument(locale: string, utterance: string, intent: string): void;
      train(): Promise<unknown>;
      process(locale: string, utterance: string): Promise<{ intent: string; score: number }>;
    };
  }
  export function containerBootstrap(settings?: Record<string, unknown>): Promise<NlpContainer>;
}

declare module '@nlpjs/nlp' {
  export class Nlp {}
}

declare module '@nlpjs/lang-zh' {
  export class LangZh {}
}
