// Reads Chinese numerals (三千五百, 两万五, 壹佰) and Arabic numbers with thousands separators.

export const CHINESE_DIGITS: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  壹: 1,
  幺: 1,
  二: 2,
  两: 2,
  贰: 2,
  三: 3,
  叁: 3,
  四: 4,
  肆: 4,
  五: 5,
  伍: 5,
  六: 6,
  陆: 6,
  七: 7,
  柒: 7,
  八: 8,
  捌: 8,
  九: 9,
  玖: 9,
};
const SMALL_UNITS: Record<string, number> = { 十: 10, 拾: 10, 百: 100, 佰: 100, 千: 1000, 仟: 1000 };
const BIG_UNITS: Record<string, number> = { 万: 10_000, 萬: 10_000, 亿: 100_000_000 };

export const CHINESE_NUMERAL_CHARS = '零〇一壹幺二两贰三叁四肆五伍六陆七柒八捌九玖十拾百佰千仟万萬亿';

/** Value of a Chinese numeral string, or null when it is not one. Handles the spoken ellipsis 两万五 = 25000. */
export function parseChineseNumeral(text: string): number | null {
  if (!text) return null;
  let total = 0;
  let section = 0;
  let digit: number | null = null;
  let lastUnit = 0;
  for (const ch of text) {
    if (ch in CHINESE_DIGITS) {
      digit = CHINESE_DIGITS[ch]!;
    } else if (ch in SMALL_UNITS) {
      const unit = SMALL_UNITS[ch]!;
      section += (digit ?? 1) * unit;
      digit = null;
      lastUnit = unit;
    } else if (ch in BIG_UNITS) {
      const unit = BIG_UNITS[ch]!;
      section += digit ?? 0;
      total = (total + section) * unit;
      section = 0;
      digit = null;
      lastUnit = unit;
    } else {
      return null;
    }
  }
  if (digit !== null) {
    // A digit right after a unit is one step below it in speech: 两万五 → 25000, 三千五 → 3500, but 一千零五 → 1005.
    const chars = [...text];
    const before = chars[chars.length - 2];
    const afterUnit = before !== undefined && (before in SMALL_UNITS || before in BIG_UNITS);
    section += afterUnit && lastUnit >= 100 ? digit * (lastUnit / 10) : digit;
  }
  return total + section;
}

/** Value of "12,500" / "83.35" / "5". */
export function parseArabicNumber(text: string): number | null {
  const n = Number(text.replace(/[,，]/g, ''));
  return Number.isFinite(n) ? n : null;
}
