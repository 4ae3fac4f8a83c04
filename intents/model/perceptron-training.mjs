// nlp.js's perceptron training loop over packed typed arrays, optionally split over threads; plain JavaScript, so a worker thread runs it without a TypeScript loader.

/**
 * nlp.js's NeuralNetwork.train and trainPerceptron, reading the training lines from typed arrays instead of objects
 * keyed by number. Kept exact — the same operations in the same order, Float32 storage where nlp.js stores Float32,
 * each epoch's error summed in perceptron order — so the weights are nlp.js's bit for bit. `state` is changed in place.
 * With `settings.average` the weights kept are each perceptron's mean over this run's epochs (the averaged perceptron).
 *
 * With `shard`, this thread trains only `state.perceptrons` (a share of the network's `shard.total`, `id` = index):
 * perceptrons never read each other's weights, so threads need to meet only where nlp.js reads them all — the epoch's
 * error, which decides whether to go on. Each thread writes its perceptrons' errors to shared memory, waits for the
 * others, and sums all of them in perceptron order, so every thread takes the same decision at the same epoch.
 * @param {import('./perceptron-training.d.mts').PackedLines} lines
 * @param {import('./perceptron-training.d.mts').NetworkState} state
 * @param {import('./perceptron-training.d.mts').TrainingSettings} settings
 * @param {import('./perceptron-training.d.mts').Shard} [shard]
 */
export function trainPerceptrons(lines, state, settings, shard) {
  const { perceptrons, status } = state;
  const { iterations, errorThresh, deltaErrorThresh, learningRate, average } = settings;
  const total = shard ? shard.total : perceptrons.length;
  // Two epochs' errors by parity: a thread can be one epoch ahead of another, never two (it waits for them).
  const errors = shard ? new Float64Array(shard.errors) : new Float64Array(2 * total);
  const arrived = shard ? new Int32Array(shard.arrived) : null;
  const sums = average
    ? perceptrons.map((p) => ({ weights: new Float64Array(p.weights.length), bias: 0 }))
    : null;
  let epochs = 0;
  while (
    status.iterations < iterations &&
    status.error > errorThresh &&
    status.deltaError > deltaErrorThresh
  ) {
    status.iterations += 1;
    state.decayLearningRate = learningRate / (1 + 0.001 * status.iterations);
    const lastError = status.error;
    const slot = (status.iterations % 2) * total;
    for (let p = 0; p < perceptrons.length; p++) {
      const perceptron = perceptrons[p];
      errors[slot + perceptron.id] = trainPerceptron(
        lines,
        perceptron,
        settings.alpha,
        settings.momentum,
        state.decayLearningRate,
      );
      if (sums) {
        const { weights } = perceptron;
        const sum = sums[p];
        for (let k = 0; k < weights.length; k++) sum.weights[k] += weights[k];
        sum.bias += perceptron.bias;
      }
    }
    epochs++;
    if (shard && arrived) {
      // Wait until every thread has finished this run's epoch `epochs`.
      Atomics.add(arrived, 0, 1);
      Atomics.notify(arrived, 0);
      const until = shard.threads * epochs;
      for (let seen = Atomics.load(arrived, 0); seen < until; seen = Atomics.load(arrived, 0))
        Atomics.wait(arrived, 0, seen);
    }
    status.error = 0;
    for (let id = 0; id < total; id++) status.error += errors[slot + id];
    status.error /= total * lines.label.length;
    status.deltaError = Math.abs(status.error - lastError);
  }
  if (sums && epochs) {
    perceptrons.forEach((p, i) => {
      for (let k = 0; k < p.weights.length; k++) p.weights[k] = sums[i].weights[k] / epochs;
      p.bias = sums[i].bias / epochs;
    });
  }
  return status;
}

/**
 * One epoch of one perceptron: nlp.js's trainPerceptron.
 * @param {import('./perceptron-training.d.mts').PackedLines} lines
 * @param {import('./perceptron-training.d.mts').PerceptronState} perceptron
 * @param {number} alpha
 * @param {number} momentum
 * @param {number} rate
 */
function trainPerceptron(lines, perceptron, alpha, momentum, rate) {
  const { start, keys, values, label } = lines;
  const { changes, weights, id } = perceptron;
  let error = 0;
  for (let i = 0; i < label.length; i++) {
    const from = start[i];
    const to = start[i + 1];
    let sum = perceptron.bias;
    for (let j = from; j < to; j++) sum += values[j] * weights[keys[j]];
    const actual = sum <= 0 ? 0 : alpha * sum;
    const currentError = (label[i] === id ? 1 : 0) - actual;
    if (currentError) {
      error += currentError ** 2;
      const delta = (actual > 0 ? 1 : alpha) * currentError * rate;
      for (let j = from; j < to; j++) {
        const key = keys[j];
        const change = delta * values[j] + momentum * changes[key];
        changes[key] = change;
        weights[key] += change;
      }
      perceptron.bias += delta;
    }
  }
  return error;
}
