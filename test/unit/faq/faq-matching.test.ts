// The trained parser with the reviewed FAQ: floors on the FAQ dev and held-out sets, answer-first, and replaceable entries.
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadFaq } from '../../../intents/faq/faq-store.js';
import { type FaqRecord, normalizeText } from '../../../intents/index.js';
import { readJsonl } from '../../../intents/model/corpus-loader.js';
import { createParser, type ParserInternals } from '../../../intents/parser.js';

// Floors a few points under the figures measured when they were written (intents/README.md, FAQ section).
const FLOORS = {
  dev: { decided: 0.55, wrong: 0.08 },
  test: { decided: 0.42, wrong: 0.1 },
};

let parser: ParserInternals;

beforeAll(async () => {
  parser = await createParser();
});

async function measure(file: string) {
  const rows = readJsonl<{ text: string; faq: string }>(fileURLToPath(new URL(file, import.meta.url)));
  let decided = 0;
  let wrong = 0;
  for (const r of rows) {
    const id = (await parser.parse(r.text)).faq?.id ?? '';
    if (id === r.faq) decided++;
    else if (id) wrong++;
  }
  return { decided: decided / rows.length, wrong: wrong / rows.length };
}

describe('FAQ quality', () => {
  it('keeps decisions on the dev set above the floor', async () => {
    const m = await measure('../../../intents/faq/faq-dev.jsonl');
    expect(m.decided).toBeGreaterThanOrEqual(FLOORS.dev.decided);
    expect(m.wrong).toBeLessThanOrEqual(FLOORS.dev.wrong);
  });

  it('keeps decisions on the held-out set above the floor', async () => {
    const m = await measure('../../../intents/faq/faq-test.jsonl');
    expect(m.decided).toBeGreaterThanOrEqual(FLOORS.test.decided);
    expect(m.wrong).toBeLessThanOrEqual(FLOORS.test.wrong);
  });

  it('keeps the held-out lines out of the FAQ phrasings', () => {
    const phrasings = new Set(
      loadFaq()
        .flatMap((e) => [e.question, ...(e.alternatives ?? [])])
        .map(normalizeText),
    );
    const rows = readJsonl<{ text: string }>(
      fileURLToPath(new URL('../../../intents/faq/faq-test.jsonl', import.meta.url)),
    );
    expect(rows.filter((r) => phrasings.has(normalizeText(r.text)))).toEqual([]);
  });
});

describe('answer first', () => {
  it('answers the wage question even when the resident describes their own case', async () => {
    const p = await parser.parse('老板拖欠我三个月工资不给，我该怎么办？');
    expect(p.faq?.id).toBe('labour-wage-arrears');
  });

  it('gives no FAQ answer to a described matter that asks nothing', async () => {
    const p = await parser.parse('老板拖欠我三个月工资不给，请检察官帮我讨回来');
    expect(p.faq).toBeNull();
  });
});

describe('setFaq', () => {
  it('answers from the entries it is given, and no longer from entries taken away', async () => {
    const wages = loadFaq().find((e) => e.id === 'labour-wage-arrears')!;
    const edited: FaqRecord = { ...wages, answer: '（已由检察官修改）请向劳动保障监察投诉。（仅供参考）' };
    const others = loadFaq().filter(
      (e) => e.id !== 'labour-wage-arrears' && e.id !== 'traffic-drunk-driving',
    );
    try {
      parser.setFaq([...others, edited]);
      expect((await parser.parse('公司拖欠工资怎么办？')).faq?.answer).toBe(edited.answer);
      expect((await parser.parse('醉驾会被判刑吗')).faq?.id).not.toBe('traffic-drunk-driving');
    } finally {
      parser.setFaq(loadFaq());
    }
    expect((await parser.parse('醉驾会被判刑吗')).faq?.id).toBe('traffic-drunk-driving');
  });
});
