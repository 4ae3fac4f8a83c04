// Tests the categoriser's concept cues: the word list's format, term matching with gaps, and a slang word never seen in training.
import { describe, expect, it } from 'vitest';
import { CATEGORY_BAYES } from '../../../intents/model/category-bayes.js';
import { createCategoryCues, withCategoryCues } from '../../../intents/model/category-cues.js';
import { loadCategoryWords, parseWordSections } from '../../../intents/model/corpus-loader.js';
import type { Features } from '../../../intents/model/feature-extractor.js';
import { trainNaiveBayes } from '../../../intents/model/naive-bayes.js';

const cues = createCategoryCues(
  parseWordSections(['[毒品]', '冰毒', '溜冰', '飞叶子', '[赌博]', '赌博', '私彩', '[假证]', '假*证']),
);

describe('parseWordSections', () => {
  it('groups terms under their [concept] header, in lower case', () => {
    expect([...parseWordSections(['[毒品]', 'K粉', '冰毒', '[赌博]', '赌博'])]).toEqual([
      ['毒品', ['k粉', '冰毒']],
      ['赌博', ['赌博']],
    ]);
  });

  it('refuses a term before any header', () => {
    expect(() => parseWordSections(['冰毒'])).toThrow(/before any/);
  });
});

describe('createCategoryCues', () => {
  it('names every concept whose term occurs anywhere in the text', () => {
    expect(cues.match('听说他在溜冰 还买私彩')).toEqual(['毒品', '赌博']);
    expect(cues.match('今天去溜旱冰了')).toEqual([]);
  });

  it('lets * stand for up to three characters of one clause', () => {
    expect(cues.match('有人卖假的毕业证')).toEqual(['假证']);
    expect(cues.match('假驾驶证')).toEqual(['假证']);
    expect(cues.match('买到假货，保证书也没有')).toEqual([]);
    expect(cues.match('假冒伪劣商品的合格证')).toEqual([]);
  });
});

describe('withCategoryCues', () => {
  const words = (text: string): Features => new Map(text.split(' ').map((w) => [`w_${w}`, 1]));
  const featuresOf = withCategoryCues(words, cues, 3);

  it('adds k_<concept> at the weight beside the words', () => {
    expect([...featuresOf('他 溜冰')]).toEqual([
      ['w_他', 1],
      ['w_溜冰', 1],
      ['k_毒品', 3],
    ]);
    expect([...featuresOf('天气 不错')]).toEqual([
      ['w_天气', 1],
      ['w_不错', 1],
    ]);
  });

  it('hands the models the same features as a vector: ids of its keys, values, in the same order', () => {
    for (const text of ['他 溜冰', '天气 不错', '表弟 飞叶子 溜冰 溜冰']) {
      const { ids, values } = featuresOf.vector(text, true);
      expect(ids.map((id, j) => [featuresOf.keyOf(id), values[j]])).toEqual([...featuresOf(text)]);
    }
    // Read without `add`, a key the table never saw has no id a model could know.
    expect(featuresOf.vector('他 从没见过').ids[1]).toBe(-1);
  });

  it('lets the Bayes model read a slang word it never saw through its concept', () => {
    const samples = [
      { text: '卖 冰毒 楼道', label: 'drugs' },
      { text: '吸 冰毒 出租屋', label: 'drugs' },
      { text: '群里 赌博 红包', label: 'gambling' },
      { text: '麻将 赌博 抽水', label: 'gambling' },
    ];
    const plain = trainNaiveBayes(samples, words, CATEGORY_BAYES.alpha).logOdds(words('表弟 飞叶子'));
    expect(plain.get('drugs')).toBe(plain.get('gambling'));
    const cued = trainNaiveBayes(samples, featuresOf, CATEGORY_BAYES.alpha).logOdds(
      featuresOf('表弟 飞叶子'),
    );
    expect(cued.get('drugs')).toBe(0);
    expect(cued.get('gambling')).toBeLessThan(-1);
  });
});

describe('corpus/category-words.txt', () => {
  const concepts = parseWordSections(loadCategoryWords());

  it('has concepts of at least three terms, none repeated, none a single character', () => {
    expect(concepts.size).toBeGreaterThanOrEqual(10);
    const seen = new Set<string>();
    for (const [concept, terms] of concepts) {
      expect([concept, terms.length >= 3]).toEqual([concept, true]);
      for (const t of terms) {
        expect([concept, t, seen.has(t), t.replaceAll('*', '').length >= 2]).toEqual([
          concept,
          t,
          false,
          true,
        ]);
        seen.add(t);
      }
    }
  });
});
