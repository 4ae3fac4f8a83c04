// Finds sums of money in normalised text and returns the largest in yuan (83.35万元 → 833500, 三千五百块 → 3500).
import { CHINESE_NUMERAL_CHARS, parseArabicNumber, parseChineseNumeral } from './chinese-numeral-parser.js';

// Numbers start only where a digit run starts: retrying inside a long run made matching quadratic.
const NUM = `(?<!\\d)(?:\\d{1,3}(?:,\\d{3})+|\\d+)(?:\\.\\d+)?`;
const CN = `(?<![${CHINESE_NUMERAL_CHARS}])[${CHINESE_NUMERAL_CHARS}]+`;
const CURRENCY = '(?:元|块钱|块|圆|rmb|RMB|人民币)';
// Counters that turn 5万 into people, times or square metres rather than money.
const NOT_MONEY_AFTER = '(?![人次个户名平亩吨斤件台辆步公里米字条])';

// Counters and time words after a bare number: 欠了三个月, 借了两次, 交了一份, 付了一半 are not sums.
const NOT_COUNTED =
  '(?![人次个户名平亩吨斤件台辆步公里米字条份张本天年月号点岁周回趟遍位只家间套层楼栋半下多小分秒])';
// Words after which a bare number is money as people write it: 被转走了八千, 月租两千八, 借给他5k.
const MONEY_CONTEXT =
  '(?:转走了?|转了|转给(?:他|她|对方)?|汇了|借了?|借给(?:他|她|我|对方)?|欠了?|欠我|骗了?|骗走了?|被骗了?|卷走了?|' +
  '赔了?|赔偿|补偿|付了?|交了?|花了?|充值了?|投资了?|投了|收了?|退了?|要了|' +
  '押金|定金|订金|租金|月租|房租|工资|月薪|年薪|彩礼|罚款|罚了|损失了?|总共|一共)';

const ARABIC_RE = new RegExp(
  `(?:[¥￥]\\s*(${NUM})\\s*(万|千|百|亿)?)|(?:(${NUM})\\s*(万|千|百|亿)?\\s*(?:多)?\\s*(${CURRENCY})|(${NUM})\\s*(万|亿)(?:多)?${NOT_MONEY_AFTER})`,
  'g',
);
const CHINESE_RE = new RegExp(
  `(${CN})(?:多)?\\s*(${CURRENCY}|(?<=[万亿][零一二两三四五六七八九]?)${NOT_MONEY_AFTER}(?![${CHINESE_NUMERAL_CHARS}]))`,
  'g',
);

// 5k and 4.8w, as chat writes thousands and ten-thousands; not 5km or a word in Latin letters.
const LATIN_UNIT_RE = new RegExp(`(${NUM})\\s*([kKwW])(?![a-zA-Z])${NOT_MONEY_AFTER}`, 'g');
// 18万8 and 1万5: a digit after 万 is thousands in speech, as 两万五 is 25000.
const SPOKEN_WAN_RE = new RegExp(
  `(${NUM})万([1-9])(?![\\d.${CHINESE_NUMERAL_CHARS}])${NOT_MONEY_AFTER}`,
  'g',
);
const CONTEXT_RE = new RegExp(
  `${MONEY_CONTEXT}\\s*(?:(${NUM})\\s*(万|千|百|亿)?(?![\\d.万千百亿kKwW${CHINESE_NUMERAL_CHARS}])|(${CN})(?![${CHINESE_NUMERAL_CHARS}]))${NOT_COUNTED}`,
  'g',
);

const UNIT: Record<string, number> = {
  百: 100,
  千: 1000,
  万: 10_000,
  亿: 100_000_000,
  k: 1000,
  K: 1000,
  w: 10_000,
  W: 10_000,
};

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
  for (const m of text.matchAll(LATIN_UNIT_RE)) {
    const n = parseArabicNumber(m[1]!);
    if (n !== null && n > 0) amounts.push(round2(n * UNIT[m[2]!]!));
  }
  for (const m of text.matchAll(SPOKEN_WAN_RE)) {
    const n = parseArabicNumber(m[1]!);
    if (n !== null) amounts.push(round2(n * 10_000 + Number(m[2]) * 1000));
  }
  for (const m of text.matchAll(CONTEXT_RE)) {
    if (m[1] !== undefined) {
      const n = parseArabicNumber(m[1]);
      if (n !== null && n > 0) amounts.push(round2(n * (m[2] ? UNIT[m[2]]! : 1)));
      continue;
    }
    const n = parseChineseNumeral(m[3]!);
    // Below ten a bare Chinese numeral after such a word is a count (借了两回, 花了三下), not yuan.
    if (n !== null && n >= 10) amounts.push(n);
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
