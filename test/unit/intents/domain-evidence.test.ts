// Tests the out-of-domain signal: domain words are found anywhere in a message, everyday chat has none.
import { describe, expect, it } from 'vitest';
import { loadDomainWords } from '../../../intents/model/corpus-loader.js';
import { createDomainEvidence } from '../../../intents/model/domain-evidence.js';
import { decide } from '../../../intents/parser.js';

describe('domain evidence', () => {
  const domain = createDomainEvidence(loadDomainWords());

  it('finds legal, dispute and crime vocabulary anywhere in a message', () => {
    expect(domain.has('老板拖欠我三个月工资')).toBe(true);
    expect(domain.has('经审理查明，被告人于某日')).toBe(true);
    expect(domain.has('这样做合法吗')).toBe(true);
    expect(domain.has('楼下有人聚众赌博')).toBe(true);
  });

  it('finds none in everyday chat', () => {
    for (const chat of ['红烧肉要放哪些调料', '明天福州下雨吗', '打开网易云音乐', '谁是李白', '晚安好梦'])
      expect(domain.has(chat)).toBe(false);
  });

  it('matches case-insensitively and by the longest listed words, not by characters', () => {
    const d = createDomainEvidence(['律师', 'KTV']);
    expect(d.has('ktv里有人打架')).toBe(true);
    expect(d.has('律')).toBe(false);
  });
});

describe('decide', () => {
  const t = { evidenceNone: 0.8, evidenceNoneOther: 0.8, noEvidence: 0.95, noneBias: 0 };
  const scores = (a: [string, number][]) => a.map(([label, score]) => ({ label, score }));

  it('needs near certainty for a case without domain evidence', () => {
    expect(
      decide(
        scores([
          ['legal_question', 0.9],
          ['none', 0.1],
        ]),
        false,
        t,
      ).intent,
    ).toBe('none');
    expect(
      decide(
        scores([
          ['legal_question', 0.97],
          ['none', 0.03],
        ]),
        false,
        t,
      ).intent,
    ).toBe('legal_question');
  });

  it('lets a weak none yield to a case-worthy runner-up when there is domain evidence', () => {
    expect(
      decide(
        scores([
          ['none', 0.6],
          ['report_dispute', 0.4],
        ]),
        true,
        t,
      ).intent,
    ).toBe('report_dispute');
    expect(
      decide(
        scores([
          ['none', 0.9],
          ['report_dispute', 0.1],
        ]),
        true,
        t,
      ).intent,
    ).toBe('none');
    expect(
      decide(
        scores([
          ['none', 0.6],
          ['greeting', 0.3],
          ['petition', 0.1],
        ]),
        true,
        t,
      ).intent,
    ).toBe('none');
  });

  it('lets a weak greeting yield only in a long message with domain evidence (你好，请问…谢谢)', () => {
    const greetingFirst = scores([
      ['greeting', 0.6],
      ['legal_question', 0.4],
    ]);
    expect(decide(greetingFirst, true, t, 30).intent).toBe('legal_question');
    expect(decide(greetingFirst, true, t, 6).intent).toBe('greeting');
    expect(decide(greetingFirst, false, t, 30).intent).toBe('greeting');
  });

  it('holds a weak none against a legal question to a higher bar than against other case-worthy intents', () => {
    const bars = { ...t, evidenceNone: 0.95, evidenceNoneOther: 0.7 };
    const noneThen = (intent: string) =>
      scores([
        ['none', 0.8],
        [intent, 0.2],
      ]);
    expect(decide(noneThen('legal_question'), true, bars).intent).toBe('legal_question');
    expect(decide(noneThen('report_dispute'), true, bars).intent).toBe('none');
    expect(decide(noneThen('report_clue'), true, bars).intent).toBe('none');
  });

  it("adds the none bias to none's log-odds before any bar, so a close case-worthy lead becomes none", () => {
    const close = scores([
      ['report_dispute', 0.55],
      ['none', 0.45],
    ]);
    expect(decide(close, true, t)).toEqual({ intent: 'report_dispute', score: 0.55 });
    const biased = decide(close, true, { ...t, noneBias: 1, evidenceNone: 0, evidenceNoneOther: 0 });
    // none's odds 0.45/0.55 × e: 0.45e / (0.45e + 0.55) ≈ 0.69.
    expect(biased.intent).toBe('none');
    expect(biased.score).toBeCloseTo((0.45 * Math.E) / (0.45 * Math.E + 0.55), 9);
    const sure = scores([
      ['report_clue', 0.97],
      ['none', 0.03],
    ]);
    expect(decide(sure, true, { ...t, noneBias: 1 }).intent).toBe('report_clue');
  });
});
