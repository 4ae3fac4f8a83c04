// nlp.js's perceptron training over packed typed arrays (the same weights bit for bit, several times faster), optionally averaged, optionally in a worker thread.

import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { type CorpusLookup, NeuralNetwork } from '@nlpjs/neural';
import type { FeatureVector } from './feature-extractor.js';
import {
  type NetworkState,
  type PackedLines,
  type TrainingSettings,
  trainPerceptrons,
} from './perceptron-training.mjs';

// Not exported by @nlpjs/neural's index; the network's own fromJSON builds the same class.
const NlpCorpusLookup = createRequire(import.meta.url)(
  '@nlpjs/neural/src/corpus-lookup',
) as typeof CorpusLookup;

/** A line as nlp.js takes it (objects), or with this layer's features (model/feature-extractor.ts). */
type KeyedVector = FeatureVector & { keyOf(id: number): string };
type Line = {
  input: Record<string, number> | Map<string, number> | KeyedVector;
  output: Record<string, number>;
};
const isVector = (input: Line['input']): input is KeyedVector =>
  !(input instanceof Map) && Array.isArray(input.ids);

/**
 * nlp.js's CorpusLookup.build and then its lines as typed arrays, in one pass: the same feature and label indices
 * (each numbered when first seen, lines in order, a line's features in key order), without nlp.js's per-line
 * objects keyed by number.
 */
function lookUpAndPack(corpus: readonly Line[]) {
  const inputs = new Map<string, number>();
  const outputs = new Map<string, number>();
  // A line's features as [key, value] pairs; vectors' keys are numbered by id, their key strings read once each.
  const byId = new Map<number, number>();
  const indexOf = (key: string) => {
    let k = inputs.get(key);
    if (k === undefined) {
      k = inputs.size;
      inputs.set(key, k);
    }
    return k;
  };
  const sizeOf = (input: Line['input']) =>
    input instanceof Map ? input.size : isVector(input) ? input.ids.length : Object.keys(input).length;
  let total = 0;
  for (const d of corpus) total += sizeOf(d.input);
  const start = new Int32Array(corpus.length + 1);
  const keys = new Int32Array(total);
  const values = new Float64Array(total);
  const label = new Int32Array(corpus.length).fill(-1);
  let at = 0;
  corpus.forEach((d, i) => {
    start[i] = at;
    const { input } = d;
    if (isVector(input)) {
      const { keyOf } = input;
      for (let j = 0; j < input.ids.length; j++) {
        const id = input.ids[j]!;
        let k = byId.get(id);
        if (k === undefined) {
          k = indexOf(keyOf(id));
          byId.set(id, k);
        }
        keys[at] = k;
        values[at] = input.values[j]!;
        at++;
      }
    } else {
      for (const [key, value] of input instanceof Map
        ? input
        : Object.entries(input as Record<string, number>)) {
        keys[at] = indexOf(key);
        values[at] = value;
        at++;
      }
    }
    for (const name of Object.keys(d.output)) {
      let k = outputs.get(name);
      if (k === undefined) {
        k = outputs.size;
        outputs.set(name, k);
      }
      // One label per line here; nlp.js reads `output.data[id] || 0`, i.e. 1 for the line's label, 0 otherwise.
      if (d.output[name] === 1) label[i] = k;
    }
  });
  start[corpus.length] = at;
  const lookup = new NlpCorpusLookup([...inputs.keys()], [...outputs.keys()]);
  return { lookup, lines: { start, keys, values, label } satisfies PackedLines };
}

/**
 * nlp.js's NeuralNetwork with its training loop replaced by perceptron-training.mjs: the same weights, status and
 * JSON bit for bit (so a model trained here loads through nlp.js's own fromJSON), read from typed arrays.
 * `trainInWorkers` runs that loop on worker threads, so the caller can build something else meanwhile.
 */
export class FastNetwork extends NeuralNetwork {
  override train(corpus: unknown[]) {
    const job = this.prepareTraining(corpus);
    if (!job) return {};
    trainPerceptrons(job.lines, job.state, job.settings);
    return this.finishTraining(job.state);
  }

  /**
   * `train` on `threads` worker threads, each training a share of the perceptrons (perceptron-training.mjs): the
   * same weights, and the calling thread is free until the promise settles.
   */
  async trainInWorkers(corpus: unknown[], threads = 1) {
    const job = this.prepareTraining(corpus);
    if (!job) return {};
    const total = job.state.perceptrons.length;
    const count = Math.max(1, Math.min(threads, total));
    // Read by every thread: copied once into shared memory.
    const shared = <T extends Int32Array | Float64Array>(a: T): T => {
      const copy = new (a.constructor as new (b: SharedArrayBuffer) => T)(
        new SharedArrayBuffer(a.byteLength),
      );
      copy.set(a);
      return copy;
    };
    const { start, keys, values, label } = job.lines;
    const lines = { start: shared(start), keys: shared(keys), values: shared(values), label: shared(label) };
    const errors = new SharedArrayBuffer(2 * total * Float64Array.BYTES_PER_ELEMENT);
    const arrived = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);
    const workers = Array.from(
      { length: count },
      () => new Worker(new URL('./perceptron-worker.mjs', import.meta.url)),
    );
    try {
      const parts = await Promise.all(
        workers.map(
          (worker, t) =>
            new Promise<NetworkState>((resolve, reject) => {
              worker.once('message', resolve);
              worker.once('error', reject);
              worker.once('exit', (code) => reject(new Error(`perceptron worker exited with code ${code}`)));
              const state: NetworkState = {
                ...job.state,
                perceptrons: job.state.perceptrons.filter((_, i) => i % count === t),
              };
              const shard = { threads: count, total, errors, arrived };
              // Each share's weights are moved, not copied: they were made for this job.
              const moved = state.perceptrons.flatMap((p) => [
                p.weights.buffer as ArrayBuffer,
                p.changes.buffer as ArrayBuffer,
              ]);
              worker.postMessage({ lines, state, settings: job.settings, shard }, moved);
            }),
        ),
      );
      const perceptrons = job.state.perceptrons.map(
        (_, i) => parts[i % count]!.perceptrons[Math.floor(i / count)]!,
      );
      return this.finishTraining({ ...parts[0]!, perceptrons });
    } finally {
      await Promise.all(workers.map((w) => w.terminate()));
    }
  }

  /** nlp.js's preparation (none feature, lookup, perceptrons), and the lines and perceptrons as typed arrays. */
  private prepareTraining(corpus: unknown[]) {
    if (!corpus?.length) return null;
    const last = corpus[corpus.length - 1] as {
      input: Record<string, unknown>;
      output: Record<string, number>;
    };
    if (last.input.nonefeature !== undefined) {
      // nlp.js's none feature: every label the corpus names gets a tiny target on the last line.
      const labels = new Set<string>();
      for (const line of corpus.slice(0, -1))
        for (const l of Object.keys((line as typeof last).output)) labels.add(l);
      for (const l of labels) last.output[l] = 0.0000001;
    }
    const { lookup, lines } = lookUpAndPack(corpus as Parameters<typeof lookUpAndPack>[0]);
    this.lookup = lookup;
    this.status ??= { error: Number.POSITIVE_INFINITY, deltaError: Number.POSITIVE_INFINITY, iterations: 0 };
    this.verifyIsInitialized();
    const s = this.settings as unknown as TrainingSettings;
    const settings: TrainingSettings = {
      iterations: s.iterations,
      errorThresh: s.errorThresh,
      deltaErrorThresh: s.deltaErrorThresh,
      learningRate: s.learningRate,
      alpha: s.alpha,
      momentum: s.momentum,
      average: s.average === true,
    };
    // Copies: a worker takes the arrays it is sent, and nlp.js's perceptrons stay whole until training is done.
    const state: NetworkState = {
      perceptrons: this.perceptrons.map((p) => ({
        id: p.id,
        weights: p.weights.slice(),
        changes: p.changes.slice(),
        bias: p.bias,
      })),
      status: { ...this.status },
      decayLearningRate: this.decayLearningRate,
    };
    return { lines, state, settings };
  }

  private finishTraining(trained: NetworkState) {
    trained.perceptrons.forEach((t, i) => {
      const p = this.perceptrons[i]!;
      p.weights = t.weights;
      p.changes = t.changes;
      p.bias = t.bias;
    });
    this.status = trained.status;
    this.decayLearningRate = trained.decayLearningRate;
    return this.status;
  }
}
