// Judicial aid rules: the pre-screen's verdicts, the checklist per situation, typed material names and amounts.
import { describe, expect, it } from 'vitest';
import { yuanTyped } from '../../../api/aid/aid-commands.js';
import {
  AID_TIME_LIMITS,
  materialNamed,
  materialsFor,
  PRESCREEN_QUESTIONS,
  prescreenVerdict,
} from '../../../api/aid/aid-rules.js';
import { yuanOf } from '../../../api/aid/aid-service.js';

describe('prescreenVerdict', () => {
  it('asks on until every question is answered, then finds aid likely for a victim without compensation in hardship', () => {
    expect(prescreenVerdict({})).toBeNull();
    expect(prescreenVerdict({ situation: 1 })).toBeNull();
    expect(prescreenVerdict({ situation: 1, compensation: 1 })).toBeNull();
    expect(prescreenVerdict({ situation: 1, compensation: 1, hardship: 1 })).toBeNull();
    expect(prescreenVerdict({ situation: 1, compensation: 1, hardship: 1, exclusion: 0 })?.verdict).toBe(
      'likely',
    );
  });

  it('sends someone whose matter is not a crime or tort victim’s to legal aid (12348) at the first answer', () => {
    const v = prescreenVerdict({ situation: 0 });
    expect(v?.verdict).toBe('unlikely');
    expect(v && 'elsewhere' in v ? v.elsewhere.join() : '').toContain('12348');
  });

  it('rules out: compensated; not yet sued (unless life is in danger); hardship not caused by the case; none; an exclusion', () => {
    expect(prescreenVerdict({ situation: 1, compensation: 4 })?.verdict).toBe('unlikely');
    expect(prescreenVerdict({ situation: 1, compensation: 3 })?.verdict).toBe('unlikely');
    expect(prescreenVerdict({ situation: 2, compensation: 3 })).toBeNull();
    expect(prescreenVerdict({ situation: 2, compensation: 3, hardship: 1, exclusion: 0 })?.verdict).toBe(
      'likely',
    );
    const unrelated = prescreenVerdict({ situation: 3, compensation: 1, hardship: 2 });
    expect(unrelated?.verdict).toBe('unlikely');
    expect(unrelated && 'elsewhere' in unrelated ? unrelated.elsewhere.join() : '').toContain('社会救助');
    expect(prescreenVerdict({ situation: 3, compensation: 1, hardship: 3 })?.verdict).toBe('unlikely');
    const fault = prescreenVerdict({ situation: 1, compensation: 2, hardship: 1, exclusion: 1 });
    expect(fault?.verdict).toBe('unlikely');
    expect(fault?.reasons.join()).toContain('重大过错');
  });

  it('every question cites the 2021 细则 and offers distinct digits', () => {
    for (const q of PRESCREEN_QUESTIONS) {
      expect(q.source).toContain('人民检察院开展国家司法救助工作细则');
      expect(new Set(q.options.map((o) => o.choice)).size).toBe(q.options.length);
    }
  });
});

describe('materials', () => {
  it('lists the common items, then medical bills for an injury or a death certificate for a death', () => {
    const injured = materialsFor({ situation: 1 }).map((m) => m.label);
    expect(injured).toEqual(['申请书', '身份证明', '困难证明', '医疗票据', '判决书或未获赔偿的证明']);
    const bereaved = materialsFor({ situation: 3 }).map((m) => m.key);
    expect(bereaved).toContain('death');
    expect(bereaved).not.toContain('medical');
    expect(materialsFor({ situation: 4 }).map((m) => m.key)).toContain('loss');
  });

  it('knows the words a grid member types, full-width or not, and nothing else', () => {
    expect(materialNamed('困难证明')?.key).toBe('hardship');
    expect(materialNamed('身份证')?.key).toBe('identity');
    expect(materialNamed(' 判决书 ')?.key).toBe('judgment');
    expect(materialNamed('结婚证')).toBeNull();
  });
});

describe('amounts', () => {
  it('reads 30000, 30,000, 3万, 2.5万元 and refuses words', () => {
    expect(yuanTyped('30000')).toBe(30000);
    expect(yuanTyped('30,000')).toBe(30000);
    expect(yuanTyped('3万')).toBe(30000);
    expect(yuanTyped('2.5万元')).toBe(25000);
    expect(yuanTyped('很多')).toBeNull();
  });

  it('the API takes positive yuan with at most two decimals, below the guard', () => {
    expect(yuanOf(20000)).toBe('20000.00');
    expect(yuanOf(0.1)).toBe('0.10');
    for (const bad of [0, -5, 1.234, Number.NaN, 2_000_000, '100'])
      expect(() => yuanOf(bad)).toThrow(/amountYuan/);
  });
});

describe('time limits', () => {
  it('each cites its source and says what was checked; unverified values are the office’s configurable default', () => {
    for (const limit of Object.values(AID_TIME_LIMITS)) {
      expect(limit.source.length).toBeGreaterThan(10);
      expect(limit.checked).toMatch(/默认值/);
    }
  });
});
