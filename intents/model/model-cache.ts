// Keeps the trained intent and category models on disk, keyed by a hash of exactly what training sees, so a process with the same corpus, features and trainer loads them instead of retraining.
import { createHash, randomBytes } from 'node:crypto';
import {
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { INTENTS_DIR } from './corpus-loader.js';
import type { Features } from './feature-extractor.js';
import {
  loadClassifier,
  type Sample,
  type SharedFeatures,
  type TextClassifier,
  TRAINING,
  trainClassifier,
} from './nlu-classifier.js';

/**
 * Under node_modules/.cache, where build tools keep derived files: never committed or linted, and wiped by
 * `npm ci` together with the nlp.js code the models were trained by.
 */
export const DEFAULT_MODEL_CACHE_DIR = join(INTENTS_DIR, '..', 'node_modules', '.cache', 'jianwang-intents');

/** Bumped by hand only if the file's layout changes; everything that shapes the models is hashed. */
const FILE_FORMAT = 'jianwang-intent-models/1';

/** Files kept; older ones (a corpus since edited) are removed after each write. */
const KEEP_FILES = 12;
/** A temporary file this old was left by a process killed while writing it. */
const STALE_TMP_MS = 3_600_000;

export interface ModelSpec {
  samples: readonly Sample[];
  featuresOf: (text: string) => Features;
  /** Applied when scoring, not stored: the cached weights are nlp.js's own. */
  shared?: SharedFeatures;
  /** At most this many training epochs (nlp.js's `iterations`); TRAINING.iterations when absent. */
  epochs?: number;
  /** Train the perceptrons on this many worker threads (the same weights; the main thread builds the rest meanwhile). */
  threads?: number;
}

export interface ModelSpecs {
  intent: ModelSpec;
  category: ModelSpec;
}

export interface Models {
  intent: TextClassifier;
  category: TextClassifier;
}

export interface CachedModels {
  models: Models;
  /** `cache`: loaded from `file`; `trained`: built now (and written to `file` unless `cache` says why not). */
  source: 'cache' | 'trained';
  key: string | null;
  file: string | null;
  /** Why nothing was read or written, when that happened: `off`, or the error. */
  cache?: string;
}

/** The cache directory for this process: `INTENT_MODEL_CACHE=off` turns the cache off. */
export function modelCacheDir(env: NodeJS.ProcessEnv = process.env): string | null {
  return env.INTENT_MODEL_CACHE === 'off' ? null : DEFAULT_MODEL_CACHE_DIR;
}

let trainer: string | undefined;

/**
 * The trainer's code: this layer's nlp.js wrapper (its settings and how features reach the network) and
 * nlp.js's own training sources and versions. Feature extraction, segmentation and normalisation are not
 * hashed as code: their output for every training line is (see modelCacheKey).
 */
function trainerFingerprint(): string {
  if (trainer) return trainer;
  const hash = createHash('sha256');
  hash.update(readFileSync(fileURLToPath(new URL('./nlu-classifier.ts', import.meta.url))));
  const require = createRequire(import.meta.url);
  for (const pkg of ['@nlpjs/core', '@nlpjs/nlu', '@nlpjs/neural']) {
    const manifest = require.resolve(`${pkg}/package.json`);
    hash.update(`${pkg}@${(JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version}`);
    if (pkg === '@nlpjs/core') continue;
    const src = join(dirname(manifest), 'src');
    for (const f of readdirSync(src).sort()) hash.update(f).update(readFileSync(join(src, f)));
  }
  trainer = hash.digest('hex');
  return trainer;
}

/**
 * What determines both models: every training line's label and features, in training order (so the corpus,
 * the normaliser, the segmenter with its dictionary and place names, and the feature options all count), and
 * the trainer's code. Two inputs with the same key train the same models.
 */
export function modelCacheKey(specs: ModelSpecs): string {
  // TRAINING is read at each key: a sweep script may change it between builds in one process.
  const hash = createHash('sha256')
    .update(FILE_FORMAT)
    .update(trainerFingerprint())
    .update(JSON.stringify(TRAINING));
  for (const [name, spec] of Object.entries(specs) as [string, ModelSpec][]) {
    hash.update(`\n#${name} ${spec.samples.length} ${spec.epochs ?? ''}\n`);
    for (const s of spec.samples)
      hash.update(`${s.label}\t${JSON.stringify([...spec.featuresOf(s.text)])}\n`);
  }
  return hash.digest('hex');
}

/** Loads the models for these specs from `dir` when a sound file for their key is there; trains them otherwise. */
export async function trainOrLoadModels(specs: ModelSpecs, dir: string | null): Promise<CachedModels> {
  if (!dir) return { models: await train(specs), source: 'trained', key: null, file: null, cache: 'off' };
  let key: string;
  try {
    key = modelCacheKey(specs);
  } catch (error) {
    // The trainer's sources cannot be read (a compiled build): no key can vouch for a file, so none is used.
    return { models: await train(specs), source: 'trained', key: null, file: null, cache: message(error) };
  }
  const file = join(dir, `${key}.json`);
  const loaded = readModels(file, key, specs);
  if (loaded) return { models: loaded, source: 'cache', key, file };
  const models = await train(specs);
  try {
    writeModels(dir, file, key, models);
    return { models, source: 'trained', key, file };
  } catch (error) {
    return { models, source: 'trained', key, file, cache: message(error) };
  }
}

async function train(specs: ModelSpecs): Promise<Models> {
  // The categoriser first: its few lines are ready at once, and its training (to convergence) then runs on a worker
  // while the intent lines are prepared here.
  const category = start(specs.category);
  await new Promise((resolve) => setImmediate(resolve));
  const intent = start(specs.intent);
  // Its lines are prepared in microtasks and then handed to its worker: let that happen before the caller goes on.
  await new Promise((resolve) => setImmediate(resolve));
  return { intent: await intent, category: await category };
}

/** Starts training one model; awaited by `train`, so a failure meanwhile does not count as unhandled. */
function start(spec: ModelSpec): Promise<TextClassifier> {
  const training = trainClassifier(spec.samples, spec.featuresOf, spec.shared, spec.epochs, spec.threads);
  training.catch(() => {});
  return training;
}

/** `null` for a missing, truncated, foreign or malformed file: the caller retrains and overwrites it. */
function readModels(file: string, key: string, specs: ModelSpecs): Models | null {
  let json: { key?: unknown; intent?: unknown; category?: unknown };
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
  if (json?.key !== key || !isNetwork(json.intent) || !isNetwork(json.category)) return null;
  try {
    const models = {
      intent: loadClassifier(json.intent, specs.intent.featuresOf, specs.intent.shared),
      category: loadClassifier(json.category, specs.category.featuresOf, specs.category.shared),
    };
    // Recently used files survive pruning.
    const now = new Date();
    utimesSync(file, now, now);
    return models;
  } catch {
    return null;
  }
}

/** The shape loadClassifier reads: a lookup of features and labels and one finite weight row per label. */
function isNetwork(json: unknown): json is Record<string, unknown> {
  const net = (
    json as { neuralNetwork?: { features?: unknown; intents?: unknown; perceptrons?: unknown } } | null
  )?.neuralNetwork;
  if (!net || !Array.isArray(net.features) || !Array.isArray(net.intents) || !Array.isArray(net.perceptrons))
    return false;
  const width = net.features.length + 1;
  if (net.intents.length === 0 || net.perceptrons.length !== net.intents.length) return false;
  for (const row of net.perceptrons as unknown[]) {
    if (!Array.isArray(row) || row.length !== width) return false;
    for (const w of row) if (typeof w !== 'number' || !Number.isFinite(w)) return false;
  }
  return net.features.every((f) => typeof f === 'string') && net.intents.every((i) => typeof i === 'string');
}

/** Written to a private temporary name, then renamed: a reader in another process sees the old file or the whole new one. */
function writeModels(dir: string, file: string, key: string, models: Models): void {
  mkdirSync(dir, { recursive: true });
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    writeFileSync(
      tmp,
      JSON.stringify({ key, intent: models.intent.toJSON(), category: models.category.toJSON() }),
    );
    renameSync(tmp, file);
  } catch (error) {
    try {
      unlinkSync(tmp);
    } catch {}
    throw error;
  }
  prune(dir);
}

function prune(dir: string): void {
  const files = readdirSync(dir).flatMap((f) => {
    try {
      return [{ f, at: statSync(join(dir, f)).mtimeMs }];
    } catch {
      return [];
    }
  });
  const models = files.filter((x) => x.f.endsWith('.json')).sort((a, b) => b.at - a.at);
  const leftovers = files.filter((x) => x.f.endsWith('.tmp') && Date.now() - x.at > STALE_TMP_MS);
  for (const { f } of [...models.slice(KEEP_FILES), ...leftovers]) {
    try {
      unlinkSync(join(dir, f));
    } catch {}
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
