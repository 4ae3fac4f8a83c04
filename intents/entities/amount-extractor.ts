// Finds sums of money in normalised text and returns the largest in yuan (83.35万元 → 833500, 三千五百块 → 3500).
import { CHINESE_NUMERAL_CHARS, parseArabicNumber, parseChineseNumeral } from './chinese-numeral-parser.js';

// Numbers start only where a digit run starts: retrying inside a long run made matching quadratic.
const NUM = `(?<!\\d)(?:\\d{1,3}(?:,\\d{3})+|\\d+)(?:\\.\\d+)?`;
const CN = `(?<![${CHINESE_NUMERAL_CHARS}])[${CHINESE_NUMERAL_CHARS}]+`;
const CURRENCY = '(?:元|块钱|块|圆|rmb|RMB|人民币)';
// Counters that turn 5万 into people, times or square metres rather than money.
const NOT_MONEY_AFTER = '(?![人次个户名平亩吨斤件台辆步公里米字条])';

const ARABIC_RE = new RegExp(
  `(?:[¥￥]\\s*(${NUM})\\s*(万|千|百|亿)?)|(?:(${NUM})\\s*(万|千|百|亿)?\\s*(?:多)?\\s*(${CURRENCY})|(${NUM})\\s*(万|亿)(?:多)?${NOT_MONEY_AFTER})`,
  'g',
);
const CHINESE_RE = new RegExp(
  `(${CN})(?:多)?\\s*(${CURRENCY}|(?<=[万亿][零一二两三四五六七八九]?)${NOT_MONEY_AFTER}(?![${CHINESE_NUMERAL_CHARS}]))`,
  'g',
);

const UNIT: Record<string, number> = { 百: 100, 千: 1000, 万: 10_000, 亿: 100_000_000 };

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

export function extractAmounts(text: string): number[] {
  const amounts: number[] = [];
  for (const m of text.matchAll(ARABIC_RE)) {
    const numText = m[1] ?? m[3] ?? m[6];
    const unit = m[2] ?? m[4] ?? m[7];
    const n = numText ? parseArabicNumber(numText) : null;
    if (n !== null) amounts.push(round2(n * (unit ? UNIT[unit]! : 1)));
  }
  for (const m of text.matchAll(CHINESE_RE)) {
    const n = parseChineseNumeral(m[1]!);
    // A lone 一/两 before 块 is more often "一块儿" (together) than one yuan.
    if (n !== null && n > 0 && !(n < 10 && m[2]?.startsWith('块') && m[1]!.length === 1)) amounts.push(n);
  }
  return amounts;
}

/** The largest sum mentioned: in a report of loss it is the one that matters for priority. */
export function extractAmountYuan(text: string): number | undefined {
  const amounts = extractAmounts(text);
  return amounts.length ? Math.max(...amounts) : undefined;
}
