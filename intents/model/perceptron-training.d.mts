// Types of perceptron-training.mjs (plain JavaScript so that a worker thread can run it as it is).

/** The training lines as flat arrays: line i's feature indices and values are `keys`/`values` from `start[i]` to `start[i + 1]`. */
export interface PackedLines {
  start: Int32Array;
  keys: Int32Array;
  values: Float64Array;
  /** Each line's label index (nlp.js's output lookup), -1 for none. */
  label: Int32Array;
}

/** One of nlp.js's perceptrons, as its training changes it. */
export interface PerceptronState {
  id: number;
  weights: Float32Array;
  changes: Float32Array;
  bias: number;
}

export interface NetworkState {
  perceptrons: PerceptronState[];
  status: { iterations: number; error: number; deltaError: number };
  decayLearningRate: number;
}

/** nlp.js's NeuralNetwork settings that training reads, plus `average` (the averaged perceptron). */
export interface TrainingSettings {
  iterations: number;
  errorThresh: number;
  deltaErrorThresh: number;
  learningRate: number;
  alpha: number;
  momentum: number;
  average: boolean;
}

/** This thread's part when a network's perceptrons are trained on several threads (see trainPerceptrons). */
export interface Shard {
  /** How many threads train the network together. */
  threads: number;
  /** How many perceptrons the network has. */
  total: number;
  /** Float64 × 2 × total: each perceptron's error in the last two epochs. */
  errors: SharedArrayBuffer;
  /** Int32 × 1: epochs finished, summed over threads. */
  arrived: SharedArrayBuffer;
}

export function trainPerceptrons(
  lines: PackedLines,
  state: NetworkState,
  settings: TrainingSettings,
  shard?: Shard,
): NetworkState['status'];
