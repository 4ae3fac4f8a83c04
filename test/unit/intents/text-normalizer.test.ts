// Tests that normalisation leaves only the content a classifier should read.
import { describe, expect, it } from 'vitest';
import { normalizeText } from '../../../intents/index.js';

describe('normalizeText', () => {
  it('turns full-width characters into half-width', () => {
    expect(normalizeText('ＧＬ－２０２６－０００１２３　ａｂｃ！')).toBe('GL-2026-000123 abc!');
  });

  it('turns traditional characters into simplified ones', () => {
    expect(normalizeText('我們鄰居噪音擾民，請問檢察院怎麼處理')).toBe('我们邻居噪音扰民,请问检察院怎么处理');
  });

  it('leaves simplified text alone: the converter tables rewrite valid simplified words', () => {
    for (const text of [
      '走什么程序 法院说要走程序',
      '欠了八千多工资 好多工友都没拿到',
      '饿了么骑手 打坏了邻居家的门',
      '应当在显著位置公示',
      '蚌埠住了 小程序里下单',
    ])
      expect(normalizeText(text)).toBe(text);
  });

  it('converts a traditional text by its characters, not by Taiwan vocabulary', () => {
    expect(normalizeText('執行程序有問題')).toBe('执行程序有问题');
    expect(normalizeText('謝謝')).toBe('谢谢');
  });

  it('removes @mentions, emoji, WeChat emoticons and URLs', () => {
    expect(normalizeText('@检网助手\u2005 有人赌博😡😡[捂脸] 看 https://t.cn/abc123 这里')).toBe(
      '有人赌博 看 这里',
    );
  });

  it('keeps e-mail addresses, which are not mentions', () => {
    expect(normalizeText('发到 abc@qq.com 吧')).toContain('abc@qq.com');
  });

  it('collapses repeated punctuation', () => {
    expect(normalizeText('怎么办！！！？？？')).toBe('怎么办!');
    expect(normalizeText('真的吗。。。。')).toBe('真的吗。');
  });

  it('strips 【转发】 headers and chat-record wrappers so the content is classified', () => {
    const text = '【转发】群聊的聊天记录\n张三 2026-03-01 10:00\n有人在五一广场卖假药\n李四 10:05\n对的';
    expect(normalizeText(text)).toBe('有人在五一广场卖假药 对的');
  });

  it('drops the inline speaker and time of a pasted record, and its 【聊天记录】 wrapper, but not a time in a sentence', () => {
    const text = '【聊天记录】\n老王 19:02：那批货你那还有吗\n小陈 19:05：有，都是仿的茅台';
    expect(normalizeText(text)).toBe('那批货你那还有吗 有,都是仿的茅台');
    expect(normalizeText('【聊天记录】老李 20:30：今晚开两桌 阿华 20:31：带够钱')).toBe('今晚开两桌 带够钱');
    expect(normalizeText('约的是下午3:30，在门口')).toBe('约的是下午3:30,在门口');
  });

  it('strips 【群聊记录】 and the other names a pasted record goes by, but not the words in a sentence', () => {
    expect(normalizeText('【群聊记录】\n阿珍 21:10：今晚三楼老地方\n阿强 21:12：几桌')).toBe(
      '今晚三楼老地方 几桌',
    );
    expect(normalizeText('[微信群聊天记录] 老陈 8:01：谁家的车堵了消防通道')).toBe('谁家的车堵了消防通道');
    expect(normalizeText('【业主群聊天记录】收到')).toBe('收到');
    expect(normalizeText('【群消息转发】有人在河边电鱼')).toBe('有人在河边电鱼');
    expect(normalizeText('以下是群聊记录：\n车库那边有人收保护费')).toBe('车库那边有人收保护费');
    expect(normalizeText('幸福里业主群的群聊记录\n阿姨 9:00\n谁捡到钥匙了')).toBe('谁捡到钥匙了');
    expect(normalizeText('我把群聊记录发给你看')).toBe('我把群聊记录发给你看');
  });

  it('keeps a sentence that ends by naming a record: only a title with the record under it is a title', () => {
    expect(normalizeText('他骗了我五千 我有他的聊天记录')).toBe('他骗了我五千 我有他的聊天记录');
    expect(normalizeText('我有他的聊天记录')).toBe('我有他的聊天记录');
    expect(normalizeText('他骗了我，我手里有和他的聊天记录\n你们要不要看')).toBe(
      '他骗了我,我手里有和他的聊天记录 你们要不要看',
    );
    expect(normalizeText('与老王的聊天记录\n老王 19:02\n那批货还有吗')).toBe('那批货还有吗');
  });

  it('returns an empty string for noise only', () => {
    expect(normalizeText('  😀😀 [微笑] ')).toBe('');
  });
});
