// The urgency rule list (issue 14 item 1): each rule fires on what it is for, and ordinary matters stay normal.
import { describe, expect, it } from 'vitest';
import { detectUrgency, URGENCY_RULES } from '../../../intents/urgency/urgency-rules.js';

describe('urgency rules', () => {
  it.each([
    ['邻居家的孩子被虐待，经常听到哭喊打骂', 'minor_harm', false],
    ['隔壁8岁的小女孩身上全是淤青，她爸天天打她', 'minor_harm', false],
    ['有个成年男子在学校门口猥亵小学生', 'minor_harm', false],
    ['楼下现在有人持刀打人，快来', 'violence_now', false],
    ['救命，他说要杀了我', 'danger_to_life', false],
    ['我实在活不下去了，想跳楼', 'self_harm', true],
    ['工地上工人被砸伤流血，老板不让送医', 'needs_treatment', true],
  ] as const)('%s → %s', (text, reason, hurt) => {
    const urgency = detectUrgency(text);
    expect(urgency?.reasons).toContain(reason);
    expect(urgency?.hurt).toBe(hurt);
  });

  it.each([
    '楼上邻居半夜吵闹，想请人调解',
    '小区地下室有人吸毒贩毒',
    '看守所里我儿子被人打了，请求检察院调查',
    '我今年45岁，单位拖欠工资三个月',
    '离婚后孩子的抚养费怎么算',
    '昨天吵架推了一下，没有受伤',
    '河道被工厂排污染黑了',
  ])('%s → normal', (text) => {
    expect(detectUrgency(text)).toBeNull();
  });

  it('every rule has a note for its reviewer and fires on its own example', () => {
    const examples: Record<string, string> = {
      'minor-harmed': '孩子被打',
      'violence-going-on': '正在打架',
      'life-in-danger': '救命',
      'self-harm': '想自杀',
      'victim-needs-treatment': '有人昏迷',
    };
    for (const rule of URGENCY_RULES) {
      expect(rule.note.length).toBeGreaterThan(0);
      expect(detectUrgency(examples[rule.id]!)?.rules).toContain(rule.id);
    }
  });
});
