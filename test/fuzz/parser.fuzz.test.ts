// Property tests of the intents layer over hostile text: never throws, always a well-formed parse, phones masked.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  CLUE_CATEGORIES,
  createParser,
  INTENTS,
  maskSensitive,
  normalizeText,
  type Parser,
  parseCaseNo,
} from '../../intents/index.js';
import { toHalfWidth } from '../../intents/normalize/text-normalizer.js';
import {
  groupedIdNumber,
  groupedPhone,
  hostileText,
  INJECTIONS,
  ordinaryNumbers,
  spelledPhone,
  surroundingText,
} from './fuzz-inputs.js';

const NOW = new Date('2026-11-27T02:00:00Z');

/** The parse the API stores and decides on: every field present, scores in [0, 1], entities bounded. */
const parseSchema = z.strictObject({
  intent: z.enum(INTENTS as [string, ...string[]]),
  score: z.number().min(0).max(1),
  category: z.enum(CLUE_CATEGORIES as [string, ...string[]]).nullable(),
  categoryScore: z.number().min(0).max(1),
  entities: z.strictObject({
    caseNo: z.string().max(32).optional(),
    phone: z.string().max(32).optional(),
    amountYuan: z.number().finite().nonnegative().optional(),
    idNumber: z.string().max(32).optional(),
    dates: z.array(z.string().max(32)).max(50).optional(),
    place: z.string().max(100).optional(),
  }),
  faq: z
    .strictObject({
      id: z.string(),
      question: z.string(),
      answer: z.string(),
      score: z.number().min(0).max(1),
    })
    .nullable(),
  normalizedText: z.string(),
  clarify: z.boolean(),
});
let parser: Parser;

beforeAll(async () => {
  parser = await createParser();
});

describe('parser over hostile text', () => {
  it('returns a well-formed parse for any text', async () => {
    await fc.assert(
      fc.asyncProperty(hostileText, async (text) => {
        const parse = await parser.parse(text, { now: NOW });
        const checked = parseSchema.safeParse(parse);
        expect(checked.success, JSON.stringify(checked.error?.issues ?? [])).toBe(true);
        expect(INTENTS).toContain(parse.intent);
        expect(parse.normalizedText.length).toBeLessThanOrEqual(text.length * 2 + 10);
      }),
      { numRuns: 150 },
    );
  });

  it('parses the fixed injection strings and a 100k-character message', async () => {
    for (const text of [...INJECTIONS, '线索：'.repeat(33_334), '1'.repeat(100_000)]) {
      const parse = await parser.parse(text, { now: NOW });
      expect(parseSchema.safeParse(parse).success).toBe(true);
    }
  });

  it('never hands the clear ID number out in its entities', async () => {
    const parse = await parser.parse('身份证350102199003071234，帮我查一下', { now: NOW });
    expect(JSON.stringify(parse.entities)).not.toContain('350102199003071234');
  });
});

describe('pure text functions over hostile text', () => {
  it('normalizeText, parseCaseNo and maskSensitive never throw and return strings of bounded size', () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        const normalized = normalizeText(text);
        expect(typeof normalized).toBe('string');
        const caseNo = parseCaseNo(text);
        if (caseNo !== null) expect(caseNo).toMatch(/^GL-\d{4}-\d{6}$/);
        const masked = maskSensitive(text);
        expect(typeof masked).toBe('string');
        expect(masked.length).toBeLessThanOrEqual(text.length);
      }),
      { numRuns: 300 },
    );
  });

  it('masks a mobile number written in any spelling, wherever it stands in the text', () => {
    fc.assert(
      fc.property(surroundingText, spelledPhone, surroundingText, (before, phone, after) => {
        const masked = maskSensitive(`${before}${phone.spelled}${after}`);
        expect(masked.replace(/[\s-]/g, '')).not.toContain(phone.digits);
        expect(masked).toContain(`${phone.digits.slice(7)}`);
      }),
      { numRuns: 500 },
    );
  });

  it('masks an 18-digit ID number wherever it stands in the text', () => {
    const idNumber = fc
      .string({ unit: fc.constantFrom(...'0123456789'), minLength: 17, maxLength: 17 })
      .chain((head) => fc.constantFrom(`${head}0`, `${head}X`, `${head}x`));
    fc.assert(
      fc.property(surroundingText, idNumber, surroundingText, (before, id, after) => {
        const masked = maskSensitive(`${before}${id}${after}`);
        expect(masked).not.toContain(id.slice(6, 14));
      }),
      { numRuns: 300 },
    );
  });

  /** Digits and stars only: what is left of a number once its separators are gone (the surroundings have no digits). */
  const digitsAndStars = (text: string) => toHalfWidth(text).replace(/[^\d*]/g, '');

  it('masks a mobile number grouped with spaces, dots, dashes, full-width digits and +86', () => {
    fc.assert(
      fc.property(surroundingText, groupedPhone, surroundingText, (before, phone, after) => {
        const masked = maskSensitive(`${before}${phone.spelled}${after}`);
        const country = /^\D*(0086|86)/.exec(toHalfWidth(phone.spelled))?.[1] ?? '';
        // Whatever stood between the groups, what is left of the number is its head and tail.
        expect(digitsAndStars(masked)).toBe(
          `${digitsAndStars(before)}${country}${phone.digits.slice(0, 3)}****${phone.digits.slice(7)}${digitsAndStars(after)}`,
        );
      }),
      { numRuns: 500 },
    );
  });

  it('masks an ID number grouped with spaces, dots, dashes and full-width digits', () => {
    fc.assert(
      fc.property(surroundingText, groupedIdNumber, surroundingText, (before, { id, spelled }, after) => {
        const masked = maskSensitive(`${before}${spelled}${after}`);
        const tail = id.slice(14).replace('X', '');
        expect(digitsAndStars(masked)).toBe(
          `${digitsAndStars(before)}${id.slice(0, 6)}********${tail}${digitsAndStars(after)}`,
        );
      }),
      { numRuns: 500 },
    );
  });

  it('leaves amounts, dates, times and case numbers as they were written', () => {
    fc.assert(
      fc.property(ordinaryNumbers, (text) => {
        expect(maskSensitive(text)).toBe(toHalfWidth(text));
      }),
      { numRuns: 500 },
    );
  });

  it('finds a case number however it is written', () => {
    const written = fc
      .tuple(
        fc.integer({ min: 2000, max: 2099 }),
        fc.integer({ min: 0, max: 999_999 }),
        fc.constantFrom('GL-', 'gl', 'GL ', 'Gl_', 'ＧＬ－'),
        fc.constantFrom('-', '', ' ', '－'),
        surroundingText.map((s) => s.replace(/[A-Za-zＡ-Ｚａ-ｚ]+$/u, '')),
      )
      .map(([year, n, prefix, sep, before]) => ({
        caseNo: `GL-${year}-${String(n).padStart(6, '0')}`,
        text: `${before}${prefix}${year}${sep}${String(n).padStart(6, '0')}号案件`,
      }));
    fc.assert(
      fc.property(written, ({ caseNo, text }) => {
        expect(parseCaseNo(text)).toBe(caseNo);
      }),
      { numRuns: 300 },
    );
  });
});
