// Tests the corpus-derived domain evidence: terms far likelier in case-worthy lines count, shared chat words do not.
import { describe, expect, it } from 'vitest';
import { loadThemedIntentCorpus } from '../../../intents/model/corpus-loader.js';
import { deriveDomainTerms, isSumOrPlace, termsOf } from '../../../intents/model/derived-evidence.js';
import { createDomainEvidence } from '../../../intents/model/domain-evidence.js';
import { createWordSegmenter } from '../../../intents/model/word-segmenter.js';

const segmenter = createWordSegmenter();

describe('derived domain evidence', () => {
  const samples = [
    ...['楼下有人吸毒', '出租屋里吸毒', '酒吧有人吸毒贩毒', '今天有人打牌'].map((text) => ({
      text,
      label: 'report_clue',
    })),
    ...['今天天气好', '有人一起吃饭吗', '楼下超市打折', '今天有人打牌吗'].map((text) => ({
      text,
      label: 'none',
    })),
  ];

  it('keeps a term seen in enough case-worthy lines and no chat line, and drops terms chat shares', () => {
    const terms = deriveDomainTerms(samples, segmenter, { minCaseLines: 3, minLogOdds: 1 }).map(
      (t) => t.term,
    );
    expect(terms).toContain('吸毒');
    expect(terms).not.toContain('有人');
    expect(terms).not.toContain('今天');
    // Seen in fewer case-worthy lines than required: not evidence, however clean.
    expect(terms).not.toContain('贩毒');
  });

  it('derives no sum of money and no piece of a place name, however often reports use them', () => {
    const reports = [
      '举报洪山镇有人卖假药三千块',
      '举报洪山镇棋牌室赌博三千块',
      '举报洪山镇有人放高利贷三千块',
    ].map((text) => ({
      text,
      label: 'report_clue',
    }));
    const chat = ['今天天气好', '楼下超市打折'].map((text) => ({ text, label: 'none' }));
    const opts = { minCaseLines: 3, minLogOdds: 0.5 };
    const without = deriveDomainTerms([...reports, ...chat], segmenter, opts).map((t) => t.term);
    // A place is only known as such when the parser names its places; a sum never counts.
    expect(without).toContain('洪山');
    expect(without).not.toContain('三千');
    expect(without).not.toContain('千块');
    const terms = deriveDomainTerms([...reports, ...chat], segmenter, opts, ['洪山镇', '温泉街道']).map(
      (t) => t.term,
    );
    for (const t of ['洪山', '山镇', '洪山镇', '三千', '千块']) expect(terms).not.toContain(t);
    expect(terms).toContain('举报');
    expect(isSumOrPlace('十几', [])).toBe(false);
    expect(isSumOrPlace('万元', [])).toBe(true);
    expect(isSumOrPlace('街道', ['温泉街道'])).toBe(true);
  });

  it('reads words and character bigrams of the Chinese runs only', () => {
    expect([...termsOf('ok 吸毒!', segmenter)].sort()).toEqual(['吸毒']);
    expect(termsOf('非法集资', segmenter).has('法集')).toBe(true);
  });

  it('derives from the real corpus terms that mark reports, and none that mark everyday chat', () => {
    const derived = deriveDomainTerms(loadThemedIntentCorpus(), segmenter);
    expect(derived.length).toBeGreaterThan(100);
    const evidence = createDomainEvidence(derived.map((t) => t.term));
    expect(evidence.has('工地老板拖欠工资不给')).toBe(true);
    for (const chat of ['明天下午三点半放学，家长准时来接', '今天中午吃什么', '谢谢老师'])
      expect(evidence.has(chat)).toBe(false);
  });
});
