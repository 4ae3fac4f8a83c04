// The legal days of the year (法治宣传日) and the lecture topics each suggests, for planning outreach to the grids.
export interface LegalDay {
  month: number;
  day: number;
  name: string;
  topics: string[];
}

/** Fixed-date days only; days defined by weekday (e.g. 全民国防教育日, the third Saturday of September) are left out. */
export const LEGAL_DAYS: readonly LegalDay[] = [
  { month: 3, day: 15, name: '国际消费者权益日', topics: ['消费维权', '食品药品安全', '预付卡消费'] },
  { month: 4, day: 15, name: '全民国家安全教育日', topics: ['国家安全', '反间谍', '网络安全'] },
  { month: 4, day: 26, name: '世界知识产权日', topics: ['知识产权保护', '假冒伪劣'] },
  { month: 6, day: 1, name: '国际儿童节', topics: ['未成年人保护', '强制报告', '校园欺凌'] },
  { month: 6, day: 26, name: '国际禁毒日', topics: ['禁毒', '新型毒品识别'] },
  { month: 11, day: 9, name: '全国消防日', topics: ['消防安全', '占用消防通道'] },
  { month: 12, day: 4, name: '国家宪法日', topics: ['宪法', '公民基本权利'] },
];

/** The legal days within `days` from `today` (YYYY-MM-DD, Shanghai), soonest first, with their dates. */
export function upcomingLegalDays(today: string, days: number): (LegalDay & { date: string })[] {
  const start = Date.parse(`${today}T00:00:00Z`);
  const year = Number(today.slice(0, 4));
  const found: (LegalDay & { date: string })[] = [];
  for (const y of [year, year + 1]) {
    for (const d of LEGAL_DAYS) {
      const date = `${y}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
      const diff = (Date.parse(`${date}T00:00:00Z`) - start) / 86_400_000;
      if (diff >= 0 && diff <= days) found.push({ ...d, date });
    }
  }
  return found.sort((a, b) => a.date.localeCompare(b.date));
}
