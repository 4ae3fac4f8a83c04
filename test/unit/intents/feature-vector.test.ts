// Tests that a text's feature vector (the ids the models score by) holds exactly its Features Map, and that the segmenter's one-lookup loop finds the longest dictionary words.
import { describe, expect, it } from 'vitest';
import { DEFAULT_PLACES } from '../../../intents/entities/place-extractor.js';
import { loadCategoryCorpus, loadIntentCorpus } from '../../../intents/model/corpus-loader.js';
import { FastNetwork } from '../../../intents/model/fast-perceptron.js';
import {
  createFeatureExtractor,
  type FeatureExtractor,
  rememberAllFeatures,
  vectorSource,
} from '../../../intents/model/feature-extractor.js';
import { createWordSegmenter } from '../../../intents/model/word-segmenter.js';
import { normalizeText } from '../../../intents/normalize/text-normalizer.js';
import { CATEGORY_FEATURES, INTENT_FEATURES } from '../../../intents/parser.js';

const training = loadIntentCorpus()
  .filter((_, i) => i % 25 === 0)
  .map((s) => normalizeText(s.text));
// Words, bigrams, Latin words and marks no training line above holds, repeated words, a digit, a long text.
const unseen = [
  '邻居家的鹦鹉天天学电钻声，吵得人睡不着，能告他吗？',
  'wifi密码多少 wifi wifi',
  '蓝莓蓝莓蓝莓 好吃好吃',
  `${'楼上漏水泡坏了我家的木地板和衣柜，物业推来推去，'.repeat(20)}怎么办`,
  '',
  '123',
];

/** The vector's ids and values against the Map's keys and values, position by position. */
function expectSameFeatures(extract: FeatureExtractor, text: string) {
  const map = [...extract(text)];
  const { ids, values } = extract.vector(text);
  expect(ids.length).toBe(map.length);
  map.forEach(([key, value], j) => {
    expect(values[j]).toBe(value);
    const id = extract.idOf(key);
    // A key the table never saw has an id of this text's own, which no model holds.
    if (id >= 0) expect(ids[j]).toBe(id);
    else expect(ids[j]! >= 0 && extract.keyOf(ids[j]!) === key).toBe(false);
  });
}

describe('feature vectors', () => {
  const segmenter = createWordSegmenter(DEFAULT_PLACES);
  const forget = rememberAllFeatures(segmenter);
  const intent = createFeatureExtractor(segmenter, INTENT_FEATURES);
  const unscaled = createFeatureExtractor(segmenter, { ...INTENT_FEATURES, unitLength: false });
  const category = createFeatureExtractor(segmenter, CATEGORY_FEATURES);
  for (const text of training) intent.vector(text, true);
  forget();

  it('hold a text’s features in the Map’s order with its values, scaled or not, for every option set', () => {
    for (const text of [...training.slice(0, 200), ...unseen])
      for (const extract of [intent, unscaled, category]) expectSameFeatures(extract, text);
  });

  it('number a training line’s keys in the table, and leave a parse’s new keys out of it', () => {
    expect(intent.idOf('w_鹦鹉')).toBe(-1);
    intent.vector(unseen[0]!);
    expect(intent.idOf('w_鹦鹉')).toBe(-1);
    intent.vector(unseen[0]!, true);
    expect(intent.idOf('w_鹦鹉')).toBeGreaterThanOrEqual(0);
    expectSameFeatures(intent, unseen[0]!);
  });

  it('train the perceptrons to the same JSON as the Maps do', () => {
    const lines = loadCategoryCorpus().filter((_, i) => i % 8 === 0);
    const source = vectorSource(category);
    const fromMaps = new FastNetwork({ iterations: 200, log: false });
    const fromVectors = new FastNetwork({ iterations: 200, log: false });
    fromMaps.train(lines.map((s) => ({ input: category(s.text), output: { [s.label]: 1 } })));
    fromVectors.train(
      lines.map((s) => ({
        input: { ...source.vector(s.text, true), keyOf: source.keyOf },
        output: { [s.label]: 1 },
      })),
    );
    expect(fromVectors.status!.iterations).toBeGreaterThan(10);
    expect(JSON.stringify(fromVectors.toJSON())).toBe(JSON.stringify(fromMaps.toJSON()));
  });
});

describe('createWordSegmenter', () => {
  // Made-up words of rare characters (no dictionary word starts with them): a 4- and a 6-character word whose
  // 5-character prefix is no word.
  const segmenter = createWordSegmenter(['鼗鼙鼕鼖', '鼗鼙鼕鼖鼘鼚', ...DEFAULT_PLACES]);

  it('takes the longest word at each position, past prefixes that are no word', () => {
    expect(segmenter.segment('鼗鼙鼕鼖鼘鼚')).toEqual(['鼗鼙鼕鼖鼘鼚']);
    expect(segmenter.segment('鼗鼙鼕鼖鼘鼛')).toEqual(['鼗鼙鼕鼖', '鼘', '鼛']);
    expect(segmenter.segment('鼗鼙鼕')).toEqual(['鼗', '鼙', '鼕']);
    expect(segmenter.segment('我们鼗鼙鼕鼖')).toEqual(['我们', '鼗鼙鼕鼖']);
  });

  it('cuts every text into pieces that join back to it, the registry’s names whole', () => {
    for (const t of training.flatMap((line) => line.match(/[\u4e00-\u9fff]+/g) ?? []))
      expect(segmenter.segment(t).join('')).toBe(t);
    expect(segmenter.segment('鼓东街道和洪山镇')).toEqual(['鼓东街道', '和', '洪山镇']);
  });
});
