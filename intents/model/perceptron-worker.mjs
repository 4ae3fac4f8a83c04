// Worker thread entry: trains a share of one network's perceptrons (perceptron-training.mjs) while the main thread builds the rest of the parser.
import { parentPort } from 'node:worker_threads';
import { trainPerceptrons } from './perceptron-training.mjs';

parentPort?.once('message', ({ lines, state, settings, shard }) => {
  trainPerceptrons(lines, state, settings, shard);
  parentPort?.postMessage(
    state,
    state.perceptrons.flatMap((p) => [p.weights.buffer, p.changes.buffer]),
  );
});
