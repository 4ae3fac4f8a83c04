// Trains the intent and category models from the corpus, reports the build, and writes the model for inspection.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadCategoryCorpus, loadIntentCorpus } from '../intents/model/corpus-loader.js';
import { DEFAULT_MODEL_CACHE_DIR } from '../intents/model/model-cache.js';
import { createParser } from '../intents/parser.js';

const started = performance.now();
// Trained whatever the model cache holds: this reports what a build costs.
const parser = await createParser({ modelCache: false });
const ms = performance.now() - started;
const intents = loadIntentCorpus();
const categories = loadCategoryCorpus();
const perIntent: Record<string, number> = {};
for (const s of intents) perIntent[s.label] = (perIntent[s.label] ?? 0) + 1;
console.log(`built in ${ms.toFixed(0)} ms (target < 10 000 ms)`);
console.log(`intent corpus: ${intents.length} utterances — ${JSON.stringify(perIntent)}`);
console.log(`category corpus: ${categories.length} utterances`);
console.log(`resident memory: ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`);
const dataDir = path.resolve(process.env.DATA_DIR ?? 'data');
mkdirSync(dataDir, { recursive: true });
const file = path.join(dataDir, 'intent-model.json');
writeFileSync(file, JSON.stringify(parser.toJSON()));
console.log(
  `model written to ${file} for review and diffing (npm start trains, or loads the same models from ${path.relative(process.cwd(), DEFAULT_MODEL_CACHE_DIR)} when nothing they are trained from has changed)`,
);
