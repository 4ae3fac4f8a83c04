// Splitting forwarded chat records into speaker, time and text; plain text is left alone.
import { describe, expect, it } from 'vitest';
import { splitChatRecord } from '../../../intents/index.js';

describe('splitChatRecord', () => {
  it('reads header lines with and without a date, colons after the name, and multi-line messages', () => {
    const text =
      '以下是聊天记录\r\n王五：2026/3/1 9:05:30\r\n明天下午收保护费\r\n都到齐\r\n赵六 9:06\r\n好\r\n赵六 9:07\r\n';
    expect(splitChatRecord(text)).toEqual([
      { speaker: '王五', time: '2026/3/1 9:05:30', text: '明天下午收保护费\n都到齐' },
      { speaker: '赵六', time: '9:06', text: '好' },
    ]);
  });

  it('skips a 群聊记录 title or mark before the first header', () => {
    expect(splitChatRecord('以下为群聊记录\n阿珍 21:10\n今晚老地方')).toEqual([
      { speaker: '阿珍', time: '21:10', text: '今晚老地方' },
    ]);
    expect(splitChatRecord('三坊七巷志愿者群的群聊记录\n阿强 8:00\n好')).toEqual([
      { speaker: '阿强', time: '8:00', text: '好' },
    ]);
  });

  it('returns null for text with no record in it', () => {
    expect(splitChatRecord('楼上邻居每天晚上10:30以后还在装修')).toBeNull();
    expect(splitChatRecord('张三：他又来收保护费了')).toBeNull();
    expect(splitChatRecord('')).toBeNull();
  });
});
