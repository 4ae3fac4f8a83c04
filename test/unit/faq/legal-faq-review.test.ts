// Guards the reviewed legal FAQ: every entry sourced, dated, current and marked 仅供参考; the fixes stay fixed.
import { describe, expect, it } from 'vitest';
import { DEFAULT_DEADLINE_CONFIG } from '../../../api/deadlines/deadline-rules.js';
import {
  loadSupersededTexts,
  normalizeLawTitle,
  reviewProblems,
  supersededBy,
} from '../../../intents/faq/faq-review.js';
import { loadFaq } from '../../../intents/faq/faq-store.js';
import type { FaqRecord } from '../../../intents/index.js';

const faq = loadFaq();
const byId = new Map(faq.map((e) => [e.id, e]));
const entry = (id: string): FaqRecord => {
  const e = byId.get(id);
  if (!e) throw new Error(`no FAQ entry ${id}`);
  return e;
};
const cites = (e: FaqRecord, law: string) =>
  e.sources.some((s) => normalizeLawTitle(s.law) === normalizeLawTitle(law));

const sound: FaqRecord = {
  id: 'sample-entry',
  topic: 'labour',
  question: '加班费怎么算？',
  answer: '按《劳动法》第44条计算。（仅供参考）',
  sources: [{ law: '中华人民共和国劳动法', article: '第44条', version: '2018年修正' }],
  reviewedAt: '2026-11-30T20:00:00+08:00',
};

describe('every reviewed entry', () => {
  it('passes the review rule: sources, current texts, 仅供参考, a review date, phone-sized', () => {
    const failures = faq
      .map((e) => ({ id: e.id, problems: reviewProblems(e) }))
      .filter((f) => f.problems.length);
    expect(failures).toEqual([]);
  });

  it('has unique ids and non-empty review notes', () => {
    expect(new Set(faq.map((e) => e.id)).size).toBe(faq.length);
    for (const e of faq) expect(e.reviewNotes?.trim(), e.id).toBeTruthy();
  });
});

describe('the review rule', () => {
  it('accepts a sound entry', () => {
    expect(reviewProblems(sound)).toEqual([]);
  });

  it('fails an entry without sources, without 仅供参考, without a dated review, or too long', () => {
    expect(reviewProblems({ ...sound, sources: [] }).join()).toContain('缺少法律依据');
    expect(reviewProblems({ ...sound, answer: '按《劳动法》第44条计算。' }).join()).toContain('仅供参考');
    expect(reviewProblems({ ...sound, reviewedAt: '2026-11-30' }).join()).toContain('reviewedAt');
    expect(reviewProblems({ ...sound, answer: `${'很长'.repeat(200)}仅供参考` }).join()).toContain('超过');
    expect(
      reviewProblems({
        ...sound,
        sources: [{ law: '中华人民共和国劳动法', article: '', version: '2018年修正' }],
      }).join(),
    ).toContain('条文');
  });

  it('fails an answer that names a law its sources do not cite', () => {
    const problems = reviewProblems({ ...sound, answer: '按《劳动合同法》第30条。（仅供参考）' });
    expect(problems.join()).toContain('《劳动合同法》');
  });

  it.each([
    ['人民检察院国家司法救助工作细则（试行）', '2016', '人民检察院开展国家司法救助工作细则'],
    ['中华人民共和国治安管理处罚法', '2012年修正', '2025年修订'],
    ['中华人民共和国民事诉讼法', '2021年修正', '2023年修正'],
    ['最高人民法院关于审理劳动争议案件适用法律若干问题的解释（二）', '法释〔2006〕6号', '法释〔2025〕12号'],
    ['中华人民共和国婚姻法', '2001年修正', '民法典'],
    ['最高人民法院关于审理民间借贷案件适用法律若干问题的规定', '2015年', '法释〔2020〕17号'],
  ])('fails an entry citing superseded %s (%s)', (law, version, current) => {
    const problems = reviewProblems({ ...sound, sources: [{ law, article: '第1条', version }] });
    expect(problems.join()).toContain('已被取代');
    expect(problems.join()).toContain(current);
  });

  it('does not flag the current versions of the same texts', () => {
    for (const [law, version] of [
      ['中华人民共和国治安管理处罚法', '2025年修订，2026-01-01施行'],
      ['中华人民共和国民事诉讼法', '2023年修正，2024-01-01施行'],
      ['最高人民法院关于审理劳动争议案件适用法律问题的解释（二）', '法释〔2025〕12号，2025-09-01施行'],
      ['人民检察院开展国家司法救助工作细则', '2021-12-31印发施行'],
    ] as const)
      expect(supersededBy({ law, article: '第1条', version }), law).toBeUndefined();
  });

  it('keeps a well-formed superseded table: each row names what replaced it', () => {
    const table = loadSupersededTexts();
    expect(table.length).toBeGreaterThanOrEqual(10);
    for (const row of table) {
      expect(row.law.trim()).toBeTruthy();
      expect(row.current.law.trim()).toBeTruthy();
      expect(row.current.version.trim()).toBeTruthy();
      // No row may mark another row's replacement superseded: the current texts are what answers must cite.
      expect(
        supersededBy({ law: row.current.law, article: '第1条', version: row.current.version }, table),
      ).toBeUndefined();
    }
  });
});

describe('the fixes issue 18 asked for', () => {
  it('bride price: divorce is the condition for grounds (2) and (3), and the 2024 rules are applied', () => {
    const e = entry('marriage-bride-price');
    expect(cites(e, '最高人民法院关于审理涉彩礼纠纷案件适用法律若干问题的规定')).toBe(true);
    expect(e.answer).toContain('离婚时才能请求返还');
    expect(e.answer).toMatch(/第6条/);
  });

  it('judicial aid cites the 2021 rules, not the superseded 2016 trial rules', () => {
    const e = entry('aid-judicial-aid');
    expect(cites(e, '人民检察院开展国家司法救助工作细则')).toBe(true);
    expect(e.answer).not.toContain('试行');
  });

  it('fake-police fraud no longer says the authorities never phone, and points to 12309', () => {
    const e = entry('fraud-fake-police');
    expect(e.answer).not.toMatch(/不会通过电话/);
    expect(e.answer).toContain('安全账户');
    expect(e.answer).toContain('验证码');
    expect(e.answer).toContain('12309');
    expect(cites(e, '中华人民共和国反电信网络诈骗法')).toBe(true);
  });

  it('the incomplete entries carry the rule that changes the answer', () => {
    expect(entry('procuratorate-no-filing').answer).toMatch(/7日内.*30日内.*复核/s);
    expect(entry('procuratorate-appeal').answer).toMatch(/第216条[\s\S]*3个月[\s\S]*不得再次/);
    expect(entry('labour-arbitration').answer).toContain('不受一年限制');
    expect(entry('labour-dismissal-compensation').answer).toMatch(/半个月[\s\S]*三倍[\s\S]*12年/);
    expect(entry('labour-no-contract').answer).toMatch(/11个月[\s\S]*无固定期限/);
    expect(entry('traffic-drunk-driving').answer).toMatch(/五年内[\s\S]*150毫克/);
    expect(entry('traffic-accident-compensation').answer).toContain('不超过10%');
    expect(entry('inheritance-intestate').answer).toMatch(/第1153条[\s\S]*第1129条/);
    expect(entry('marriage-property').answer).toContain('第78条');
    expect(entry('marriage-child-support').answer).toMatch(/20%至30%[\s\S]*50%/);
    expect(entry('neighbour-property-fee').answer).toMatch(/已经按约定[\s\S]*催告/);
    expect(entry('neighbour-dog-bite').answer).toMatch(/第1246条[\s\S]*第1247条/);
    expect(entry('consumer-online-return').answer).toContain('完好');
    expect(entry('consumer-fraud-triple').answer).toContain('明知');
    expect(entry('criminal-assault').answer).toContain('2026-01-01');
    expect(entry('lending-limitation').answer).toMatch(/抗辩[\s\S]*不会主动/);
    const interest = entry('lending-interest-cap');
    expect(interest.sources.find((s) => s.law.includes('民间借贷'))?.article).toMatch(
      /第25条.*第26条.*第29条/,
    );
    expect(interest.answer).not.toMatch(/\d+(\.\d+)?%/);
  });

  it('the seven answers that cited no law now do', () => {
    for (const id of [
      'lending-iou',
      'lending-guarantee',
      'tenancy-deposit',
      'neighbour-water-leak',
      'consumer-prepaid-card',
      'fraud-task-scam',
      'aid-legal-aid',
    ])
      expect(entry(id).answer, id).toMatch(/《[^》]+》第\d+条/);
  });

  it('answers the new topics residents of a procuratorate ask', () => {
    for (const id of [
      'procuratorate-12309',
      'procuratorate-complaint',
      'public-interest-litigation',
      'criminal-detained-relative',
      'criminal-bail-custody-review',
      'criminal-plea-leniency',
      'victim-non-prosecution-appeal',
      'victim-civil-claim',
      'minors-abuse-report',
      'minors-bullying',
      'minors-record-sealed',
      'procuratorate-support-prosecution',
      'procuratorate-execution-supervision',
      'state-compensation',
      'fraud-elderly',
      'fraud-illegal-fundraising',
      'privacy-data-leak',
    ])
      expect(byId.has(id), id).toBe(true);
    expect(entry('victim-non-prosecution-appeal').answer).toContain('7日以内');
    expect(entry('state-compensation').answer).toContain('时效为2年');
    expect(entry('minors-abuse-report').answer).toContain('立即向公安');
    expect(entry('minors-record-sealed').answer).toContain('封存');
    expect(entry('criminal-bail-custody-review').answer).toMatch(/羁押的必要性|羁押必要性/);
  });

  it('states this product’s own reply times, as the deadline rules compute them', () => {
    const e = entry('procuratorate-complaint');
    expect(e.answer).toContain(`${DEFAULT_DEADLINE_CONFIG.proceduralWorkingDays}个工作日内`);
    expect(e.answer).toContain(`${DEFAULT_DEADLINE_CONFIG.substantiveMonths}个月内`);
  });
});
