// Finds dates (absolute and relative) and resolves them to YYYY-MM-DD in Asia/Shanghai relative to "now".
import { parseChineseNumeral } from './chinese-numeral-parser.js';

const SHANGHAI_OFFSET_MS = 8 * 3600_000; // China has kept UTC+8 without daylight saving since 1991.
const DAY_MS = 86_400_000;

interface Ymd {
  y: number;
  m: number;
  d: number;
}

function todayInShanghai(now: Date): Ymd {
  const t = new Date(now.getTime() + SHANGHAI_OFFSET_MS);
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}

function addDays(base: Ymd, days: number): Ymd {
  const t = new Date(Date.UTC(base.y, base.m - 1, base.d) + days * DAY_MS);
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}

function valid({ y, m, d }: Ymd): boolean {
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

function format({ y, m, d }: Ymd): string {
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function num(text: string): number {
  return /^\d+$/.test(text) ? Number(text) : (parseChineseNumeral(text) ?? Number.NaN);
}

const N = '(\\d{1,2}|[一二两三四五六七八九十]{1,3})';
const WEEKDAY: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 日: 7, 天: 7, 末: 6 };

interface Rule {
  re: RegExp;
  resolve: (m: RegExpExecArray, today: Ymd) => Ymd | null;
}

function weekdayOf(today: Ymd): number {
  const dow = new Date(Date.UTC(today.y, today.m - 1, today.d)).getUTCDay();
  return dow === 0 ? 7 : dow;
}

const RULES: Rule[] = [
  {
    re: /(?<!\d)(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?(?!\d)/g,
    resolve: (m) => ({ y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) }),
  },
  {
    re: new RegExp(
      `(今年|去年|前年|明年|本月|这个月|上个?月|下个?月)?(?:${N}\\s*月)?${N}\\s*[日号](?![\\d])`,
      'g',
    ),
    resolve: (m, today) => {
      const prefix = m[1];
      const day = num(m[3]!);
      let month = m[2] ? num(m[2]) : today.m;
      let year = today.y;
      if (prefix === '去年') year -= 1;
      else if (prefix === '前年') year -= 2;
      else if (prefix === '明年') year += 1;
      else if (prefix?.startsWith('上')) month -= 1;
      else if (prefix?.startsWith('下')) month += 1;
      if (!m[2] && !prefix) return null; // a bare "5号" is as often a building or a room as a date
      if (month < 1) {
        month += 12;
        year -= 1;
      } else if (month > 12) {
        month -= 12;
        year += 1;
      }
      // Without a year, a date more than half a year ahead is last year's (people report what happened).
      if (
        !prefix &&
        m[2] &&
        Date.UTC(year, month - 1, day) - Date.UTC(today.y, today.m - 1, today.d) > 183 * DAY_MS
      ) {
        year -= 1;
      }
      return { y: year, m: month, d: day };
    },
  },
  {
    // 11/20 and 11.20那天, as chat writes a day: a month and a day without a year (a decimal only before a day word).
    re: /(?<![\d./:])(\d{1,2})(?:\/(\d{1,2})(?![\d/:])|\.(\d{1,2})(?=那天|当天|那晚|当晚|晚上|早上|上午|下午|中午|凌晨|号|日))/g,
    resolve: (m, today) => {
      const month = Number(m[1]);
      const day = Number(m[2] ?? m[3]);
      if (month < 1 || month > 12) return null;
      let year = today.y;
      if (Date.UTC(year, month - 1, day) - Date.UTC(today.y, today.m - 1, today.d) > 183 * DAY_MS) year -= 1;
      return { y: year, m: month, d: day };
    },
  },
  { re: /半个月(前|以前|之前)/g, resolve: (_m, t) => addDays(t, -15) },
  { re: /大前天/g, resolve: (_m, t) => addDays(t, -3) },
  { re: /(?<!大)前天|前日/g, resolve: (_m, t) => addDays(t, -2) },
  { re: /昨天|昨日|昨晚|昨夜/g, resolve: (_m, t) => addDays(t, -1) },
  { re: /今天|今日|今晚|今早|今天早上/g, resolve: (_m, t) => t },
  { re: /明天|明日|明早|明晚/g, resolve: (_m, t) => addDays(t, 1) },
  { re: /(?<!大)后天/g, resolve: (_m, t) => addDays(t, 2) },
  {
    re: new RegExp(`${N}\\s*(天|日|周|个?星期|个?礼拜|个?月)(前|以前|之前|后|以后|之后)`, 'g'),
    resolve: (m, t) => {
      const n = num(m[1]!);
      const sign = m[3]!.includes('前') ? -1 : 1;
      const unit = m[2]!;
      if (unit.endsWith('月')) {
        const months = t.m - 1 + sign * n;
        const y = t.y + Math.floor(months / 12);
        const mo = ((months % 12) + 12) % 12;
        return { y, m: mo + 1, d: t.d };
      }
      const days = unit === '天' || unit === '日' ? n : n * 7;
      return addDays(t, sign * days);
    },
  },
  {
    re: /(上上|上|这|本|下)个?(?:周|星期|礼拜)([一二三四五六日天末])/g,
    resolve: (m, t) => {
      const weeks = { 上上: -2, 上: -1, 这: 0, 本: 0, 下: 1 }[m[1]!] ?? 0;
      const target = WEEKDAY[m[2]!]!;
      return addDays(t, weeks * 7 + target - weekdayOf(t));
    },
  },
];

/** Every date mentioned, in order of appearance, without repeats. */
export function extractDates(text: string, now: Date = new Date()): string[] {
  const today = todayInShanghai(now);
  const found: { at: number; end: number; date: string }[] = [];
  for (const rule of RULES) {
    rule.re.lastIndex = 0;
    for (let m = rule.re.exec(text); m; m = rule.re.exec(text)) {
      const at = m.index;
      const end = at + m[0].length;
      if (found.some((f) => at < f.end && end > f.at)) continue;
      const ymd = rule.resolve(m, today);
      if (ymd && valid(ymd)) found.push({ at, end, date: format(ymd) });
    }
  }
  found.sort((a, b) => a.at - b.at);
  return [...new Set(found.map((f) => f.date))];
}
