// Fuzhou words become the Mandarin the models were trained on, and ordinary Mandarin that shares their characters stays.
import { describe, expect, it } from 'vitest';
import { normalizeText } from '../../../intents/index.js';
import { compileDialectRules, parseDialectRules } from '../../../intents/normalize/fuzhou-words.js';

describe('Fuzhou words in normalizeText', () => {
  it.each([
    ['汽修店讲好八百修车 修完卜我两千 伓给伓让开走', '汽修店讲好八百修车 修完要我两千 不给不让开走'],
    ['保安队聚餐 AA 每侬八十 礼拜六暝晡', '保安队聚餐 AA 每人八十 礼拜六晚上'],
    ['楼上厝边装修 伊讲伓是伊家的问题', '楼上邻居装修 他讲不是他家的问题'],
    ['我想退休后摆个摊卖鱼丸 要办乜证', '我想退休后摆个摊卖鱼丸 要办什么证'],
    ['依嬷讲细囝昨暝发烧', '奶奶讲小孩昨晚发烧'],
  ])('reads %s as Mandarin', (text, mandarin) => expect(normalizeText(text)).toBe(mandarin));

  it.each([
    '买了胡萝卜和白萝卜',
    '他支支吾吾说不清楚',
    '伊利牛奶 伊朗新闻 木乃伊',
    '三坊七巷的古厝修好了',
    '二审查明 上诉人卜某纠集其子',
    '侬好 阿拉上海人',
  ])('leaves %s as written', (text) => expect(normalizeText(text)).toBe(text));

  it('reads the list file strictly: a malformed line or a kept word without its form is an error', () => {
    expect(() => parseDialectRules('伓 不')).toThrow(/line 1/);
    expect(() => parseDialectRules('卜 → 要  !萝葡')).toThrow(/does not contain/);
    const rules = parseDialectRules('# comment\n\n卜 → 要  !萝卜  !占卜\n');
    expect(rules).toEqual([{ from: '卜', to: '要', keep: ['萝卜', '占卜'] }]);
    expect(compileDialectRules(rules)('卜我两千 萝卜 占卜')).toBe('要我两千 萝卜 占卜');
  });
});
