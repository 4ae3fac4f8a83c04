// nlp.js's perceptron training step over packed typed arrays (the same weights bit for bit, several times faster), and optionally the averaged perceptron.
import { type NeuralInput, NeuralNetwork, type NeuralPerceptron } from '@nlpjs/neural';

/** The training lines as flat arrays: line i's feature indices and values are `keys`/`values` from `start[i]` to `start[i + 1]`. */
interface Packed {
  start: Int32Array;
  keys: Int32Array;
  values: Float64Array;
  /** Each line's label index (nlp.js's output lookup), -1 for none. */
  label: Int32Array;
}

function pack(data: readonly { input: NeuralInput; output: NeuralInput }[]): Packed {
  let total = 0;
  for (const d of data) total += d.input.keys.length;
  const start = new Int32Array(data.length + 1);
  const keys = new Int32Array(total);
  const values = new Float64Array(total);
  const label = new Int32Array(data.length).fill(-1);
  let at = 0;
  data.forEach((d, i) => {
    start[i] = at;
    for (const k of d.input.keys) {
      keys[at] = k;
      values[at] = d.input.data[k]!;
      at++;
    }
    // One label per line here; nlp.js reads `output.data[id] || 0`, i.e. 1 for the line's label, 0 otherwise.
    for (const k of d.output.keys) if (d.output.data[k] === 1) label[i] = k;
  });
  start[data.length] = at;
  return { start, keys, values, label };
}

/**
 * nlp.js reads every feature through objects keyed by number and sums with a closure per line; this reads the
 * same numbers from typed arrays. Kept exact (same operations, same order, Float32 storage where nlp.js stores
 * Float32), so a model trained here equals one trained by nlp.js and loads through nlp.js's own fromJSON.
 */
export class FastNetwork extends NeuralNetwork {
  private packed?: { data: unknown; packed: Packed };
  /** With `settings.average`: each perceptron's weights and bias summed after every epoch, and how many epochs. */
  private sums?: Map<NeuralPerceptron, { weights: Float64Array; bias: number; epochs: number }>;

  /**
   * With `settings.average` the weights kept are each perceptron's mean over its epochs (the averaged perceptron):
   * the last epoch's weights lean towards the lines trained last, and the corpus is read in file order (h13cv2).
   */
  override train(corpus: unknown[]) {
    this.sums = this.settings.average ? new Map() : undefined;
    const status = super.train(corpus);
    for (const [perceptron, sum] of this.sums ?? []) {
      for (let k = 0; k < sum.weights.length; k++) perceptron.weights[k] = sum.weights[k]! / sum.epochs;
      perceptron.bias = sum.bias / sum.epochs;
    }
    this.sums = undefined;
    return status;
  }

  override trainPerceptron(
    perceptron: NeuralPerceptron,
    data: { input: NeuralInput; output: NeuralInput }[],
  ): number {
    if (this.packed?.data !== data) this.packed = { data, packed: pack(data) };
    const { start, keys, values, label } = this.packed.packed;
    const { alpha, momentum } = this.settings;
    const { changes, weights, id } = perceptron;
    const rate = this.decayLearningRate;
    const lines = label.length;
    let error = 0;
    for (let i = 0; i < lines; i++) {
      const from = start[i]!;
      const to = start[i + 1]!;
      let sum = perceptron.bias;
      for (let j = from; j < to; j++) sum += values[j]! * weights[keys[j]!]!;
      const actual = sum <= 0 ? 0 : alpha * sum;
      const currentError = (label[i] === id ? 1 : 0) - actual;
      if (currentError) {
        error += currentError ** 2;
        const delta = (actual > 0 ? 1 : alpha) * currentError * rate;
        for (let j = from; j < to; j++) {
          const key = keys[j]!;
          const change = delta * values[j]! + momentum * changes[key]!;
          changes[key] = change;
          weights[key]! += change;
        }
        perceptron.bias += delta;
      }
    }
    if (this.sums) {
      let sum = this.sums.get(perceptron);
      if (!sum) {
        sum = { weights: new Float64Array(weights.length), bias: 0, epochs: 0 };
        this.sums.set(perceptron, sum);
      }
      for (let k = 0; k < weights.length; k++) sum.weights[k]! += weights[k]!;
      sum.bias += perceptron.bias;
      sum.epochs++;
    }
    return error;
  }
}
