// Tests the trained-model cache: a loaded model is the trained one, a bad file is rebuilt, and any change to what training sees changes the key.
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CATEGORY_CORPUS_DIR,
  CORPUS_DIR,
  DEV_SET_FILE,
  type EvalRow,
  loadCategoryCorpus,
  loadIntentCorpus,
  readJsonl,
} from '../../../intents/model/corpus-loader.js';
import {
  DEFAULT_MODEL_CACHE_DIR,
  type ModelSpecs,
  modelCacheDir,
  modelCacheKey,
  trainOrLoadModels,
} from '../../../intents/model/model-cache.js';
import { type Scored, TRAINING } from '../../../intents/model/nlu-classifier.js';
import { createWordSegmenter } from '../../../intents/model/word-segmenter.js';
import { createParser, modelSpecs, type ParserInternals } from '../../../intents/parser.js';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'jianwang-model-cache-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function expectSameScores(a: Scored[], b: Scored[]) {
  expect(b.map((s) => s.label)).toEqual(a.map((s) => s.label));
  b.forEach((s, i) => {
    expect(Math.abs(s.score - a[i]!.score)).toBeLessThanOrEqual(1e-9);
    expect(Math.abs((s.raw ?? 0) - (a[i]!.raw ?? 0))).toBeLessThanOrEqual(1e-9);
  });
}

describe('a parser whose models come from the cache', () => {
  const logged: { msg: string | undefined; model: unknown }[] = [];
  const logger = {
    info: (o: object, msg?: string) => logged.push({ msg, model: (o as { model?: unknown }).model }),
  };
  let trained: ParserInternals;
  let loaded: ParserInternals;
  let rows: EvalRow[];

  beforeAll(async () => {
    const dir = tempDir();
    trained = await createParser({ modelCache: dir, logger });
    loaded = await createParser({ modelCache: dir, logger });
    rows = readJsonl<EvalRow>(DEV_SET_FILE);
  });

  it('says at info whether it trained or loaded the models', () => {
    expect(logged).toEqual([
      { msg: 'intent model trained', model: 'trained' },
      { msg: 'intent model loaded from cache', model: 'cache' },
    ]);
  });

  it('scores every dev-set line as the model trained now does, to 1e-9, and parses it the same', async () => {
    expect(rows.length).toBeGreaterThan(100);
    const now = new Date('2026-03-18T02:00:00Z');
    for (const r of rows) {
      expectSameScores(await trained.intentScores(r.text), await loaded.intentScores(r.text));
      expectSameScores(await trained.categoryScores(r.text), await loaded.categoryScores(r.text));
      expect(await loaded.parse(r.text, { now })).toEqual(await trained.parse(r.text, { now }));
    }
  });
});

// A corpus of a few lines trains in milliseconds: enough to test the file handling.
function tinySpecs(): ModelSpecs {
  const featuresOf = (text: string) => new Map(text.split(' ').map((w) => [w, 1]));
  const samples = [
    { text: 'hello there', label: 'greeting' },
    { text: 'hello friend', label: 'greeting' },
    { text: 'gambling den downstairs', label: 'report' },
    { text: 'gambling every night', label: 'report' },
    { text: 'lost my cat', label: 'none' },
  ];
  return { intent: { samples, featuresOf }, category: { samples, featuresOf } };
}

const probes = ['hello', 'gambling downstairs', 'my cat', 'nothing known'];
async function scoresOf(models: Awaited<ReturnType<typeof trainOrLoadModels>>['models']) {
  return Promise.all(probes.map((p) => models.intent.classify(p)));
}

describe('the cache file', () => {
  it('is loaded when sound, and retrained and rewritten when truncated, with the same classifications', async () => {
    const dir = tempDir();
    const first = await trainOrLoadModels(tinySpecs(), dir);
    expect(first.source).toBe('trained');
    expect(first.cache).toBeUndefined();
    const file = first.file!;
    const size = readFileSync(file).length;
    expect((await trainOrLoadModels(tinySpecs(), dir)).source).toBe('cache');

    truncateSync(file, Math.floor(size / 2));
    const rebuilt = await trainOrLoadModels(tinySpecs(), dir);
    expect(rebuilt.source).toBe('trained');
    expect(readFileSync(file).length).toBe(size);
    const again = await trainOrLoadModels(tinySpecs(), dir);
    expect(again.source).toBe('cache');
    const expected = await scoresOf(first.models);
    for (const models of [rebuilt.models, again.models]) {
      const got = await scoresOf(models);
      got.forEach((s, i) => {
        expectSameScores(expected[i]!, s);
      });
    }
  });

  it('is ignored when it is JSON of the wrong shape or for another key', async () => {
    const dir = tempDir();
    const { file } = await trainOrLoadModels(tinySpecs(), dir);
    const json = JSON.parse(readFileSync(file!, 'utf8'));
    const broken = structuredClone(json);
    broken.intent.neuralNetwork.perceptrons[0][0] = null;
    writeFileSync(file!, JSON.stringify(broken));
    expect((await trainOrLoadModels(tinySpecs(), dir)).source).toBe('trained');
    writeFileSync(file!, JSON.stringify({ ...json, key: 'another' }));
    expect((await trainOrLoadModels(tinySpecs(), dir)).source).toBe('trained');
    expect((await trainOrLoadModels(tinySpecs(), dir)).source).toBe('cache');
  });

  it('leaves no temporary file behind, and a directory it cannot write only costs the cache', async () => {
    const dir = tempDir();
    await Promise.all([trainOrLoadModels(tinySpecs(), dir), trainOrLoadModels(tinySpecs(), dir)]);
    expect(readdirSync(dir).filter((f) => !f.endsWith('.json'))).toEqual([]);

    const notADir = join(dir, 'plain-file');
    writeFileSync(notADir, '');
    const result = await trainOrLoadModels(tinySpecs(), join(notADir, 'cache'));
    expect(result.source).toBe('trained');
    expect(result.cache).toMatch(/ENOTDIR/);
    expect(await scoresOf(result.models)).toHaveLength(probes.length);
  });

  it('is off with INTENT_MODEL_CACHE=off, and under node_modules/.cache otherwise', async () => {
    expect(modelCacheDir({ INTENT_MODEL_CACHE: 'off' })).toBeNull();
    expect(modelCacheDir({})).toBe(DEFAULT_MODEL_CACHE_DIR);
    expect(DEFAULT_MODEL_CACHE_DIR).toMatch(/node_modules[\\/]\.cache[\\/]jianwang-intents$/);
    const off = await trainOrLoadModels(tinySpecs(), null);
    expect(off).toMatchObject({ source: 'trained', file: null, cache: 'off' });
  });
});

describe('the cache key', () => {
  const segmenter = createWordSegmenter();
  const corpusKey = (dir: string) =>
    modelCacheKey(
      modelSpecs(segmenter, {
        intent: loadIntentCorpus(dir),
        category: loadCategoryCorpus(join(dir, 'categories')),
      }),
    );
  let base: string;
  beforeAll(() => {
    base = modelCacheKey(modelSpecs(segmenter));
  });

  it('is the same for a byte-identical copy of the corpus, and changes when one line of it changes', () => {
    const copy = join(tempDir(), 'corpus');
    cpSync(CORPUS_DIR, copy, { recursive: true });
    expect(corpusKey(copy)).toBe(base);

    const file = join(copy, 'greeting.txt');
    const lines = readFileSync(file, 'utf8').split('\n');
    const at = lines.findIndex((l) => l.trim() && !l.startsWith('#'));
    lines[at] = `${lines[at]}呀`;
    writeFileSync(file, lines.join('\n'));
    expect(corpusKey(copy)).not.toBe(base);
  });

  it('changes when a line of corpus/written.jsonl changes its intent or its category', () => {
    const copy = join(tempDir(), 'corpus');
    cpSync(CORPUS_DIR, copy, { recursive: true });
    const file = join(copy, 'written.jsonl');
    const original = readFileSync(file, 'utf8');
    const rows = original.split('\n').filter((l) => l.trim());
    const at = rows.findIndex((l) => (JSON.parse(l) as EvalRow).intent === 'greeting');
    rows[at] = JSON.stringify({ ...(JSON.parse(rows[at]!) as EvalRow), intent: 'none' });
    writeFileSync(file, `${rows.join('\n')}\n`);
    expect(corpusKey(copy)).not.toBe(base);
    const clues = original.split('\n').filter((l) => l.trim());
    const clue = clues.findIndex((l) => (JSON.parse(l) as EvalRow).category === 'drugs');
    clues[clue] = JSON.stringify({ ...(JSON.parse(clues[clue]!) as EvalRow), category: 'gambling' });
    writeFileSync(file, `${clues.join('\n')}\n`);
    expect(corpusKey(copy)).not.toBe(base);
  });

  it('changes when a category line changes label, and when a comment is added it does not', () => {
    const copy = join(tempDir(), 'corpus');
    cpSync(CORPUS_DIR, copy, { recursive: true });
    const cats = join(copy, 'categories');
    const files = readdirSync(CATEGORY_CORPUS_DIR).filter((f) => f.endsWith('.txt'));
    const [from, to] = [files[0]!, files[1]!];
    writeFileSync(join(cats, from), `# a reviewer's note\n${readFileSync(join(cats, from), 'utf8')}`);
    expect(corpusKey(copy)).toBe(base);
    const moved = readFileSync(join(cats, from), 'utf8')
      .split('\n')
      .find((l) => l.trim() && !l.startsWith('#'))!;
    writeFileSync(join(cats, from), readFileSync(join(cats, from), 'utf8').replace(`${moved}\n`, ''));
    writeFileSync(join(cats, to), `${readFileSync(join(cats, to), 'utf8')}\n${moved}\n`);
    expect(corpusKey(copy)).not.toBe(base);
  });

  it('changes with the features training sees and with the training options', () => {
    const specs = modelSpecs(segmenter);
    const withoutBigrams = {
      ...specs,
      intent: {
        ...specs.intent,
        featuresOf: (t: string) =>
          new Map([...specs.intent.featuresOf(t)].filter(([k]) => !k.startsWith('b_'))),
      },
    };
    expect(modelCacheKey(withoutBigrams)).not.toBe(base);
    // Place names are segmenter words: one that a corpus line now splits into several words changes its features.
    const run = specs.intent.samples
      .flatMap((s) => s.text.match(/[\u4e00-\u9fff]{3,6}/g) ?? [])
      .find((r) => segmenter.segment(r).length > 1)!;
    expect(modelCacheKey(modelSpecs(createWordSegmenter([run])))).not.toBe(base);

    const iterations = TRAINING.iterations;
    try {
      TRAINING.iterations = iterations + 1;
      expect(modelCacheKey(specs)).not.toBe(base);
    } finally {
      TRAINING.iterations = iterations;
    }
    expect(modelCacheKey(specs)).toBe(base);
  });
});
