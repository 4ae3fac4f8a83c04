// The rule every FAQ entry must pass before residents see it: sourced, current, dated, marked 仅供参考, phone-sized.
import { readFileSync } from 'node:fs';
import type { FaqRecord, FaqSource } from '../types.js';

/** A text no answer may cite any more, and what replaced it. */
export interface SupersededText {
  law: string;
  /** Markers of the superseded versions (e.g. "2021"); absent means every version of this title. */
  versions?: string[];
  /** The text in force instead; `part` names the book or chapter when a code replaced a whole law. */
  current: { law: string; version: string; part?: string };
  note?: string;
}

/** How a superseded row's replacement reads to a reviewer. */
export function currentTextLabel(row: SupersededText): string {
  return `《${row.current.law}》（${row.current.version}）${row.current.part ?? ''}`;
}

export const DISCLAIMER = '仅供参考';
/** About two phone screens of WeChat text; the reply adds a line or two around it. */
export const MAX_ANSWER_CHARS = 400;
export const MAX_QUESTION_CHARS = 100;
export const MAX_ALTERNATIVES = 30;
export const FAQ_ID_PATTERN = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/;

const SUPERSEDED_FILE = new URL('./superseded-texts.json', import.meta.url);
let supersededCache: SupersededText[] | undefined;

export function loadSupersededTexts(): readonly SupersededText[] {
  supersededCache ??= JSON.parse(readFileSync(SUPERSEDED_FILE, 'utf8')) as SupersededText[];
  return supersededCache;
}

/** Titles are compared without 《》, brackets' width and the 中华人民共和国 prefix residents' answers drop. */
export function normalizeLawTitle(title: string): string {
  return title
    .replace(/[《》〈〉<>\s]/g, '')
    .replace(/\(/g, '（')
    .replace(/\)/g, '）')
    .replace(/^中华人民共和国/, '');
}

/** The superseded-table row a source cites, if it cites a text no longer in force. */
export function supersededBy(
  source: FaqSource,
  table: readonly SupersededText[] = loadSupersededTexts(),
): SupersededText | undefined {
  const law = normalizeLawTitle(source.law);
  return table.find(
    (row) =>
      normalizeLawTitle(row.law) === law &&
      (!row.versions || row.versions.some((marker) => source.version.includes(marker))),
  );
}

/** Everything wrong with an entry, in Chinese for the office that edits it; empty when it may be shown. */
export function reviewProblems(
  entry: FaqRecord,
  table: readonly SupersededText[] = loadSupersededTexts(),
): string[] {
  const problems: string[] = [];
  if (!FAQ_ID_PATTERN.test(entry.id)) problems.push(`编号“${entry.id}”须为小写字母、数字和连字符`);
  if (!entry.question.trim()) problems.push('缺少问题');
  else if (entry.question.length > MAX_QUESTION_CHARS) problems.push(`问题超过 ${MAX_QUESTION_CHARS} 字`);
  if (!entry.topic.trim()) problems.push('缺少主题');
  if ((entry.alternatives?.length ?? 0) > MAX_ALTERNATIVES)
    problems.push(`其他问法超过 ${MAX_ALTERNATIVES} 条`);
  for (const alt of entry.alternatives ?? [])
    if (!alt.trim() || alt.length > MAX_QUESTION_CHARS) problems.push(`其他问法“${alt}”为空或过长`);
  if (!entry.answer.includes(DISCLAIMER)) problems.push(`答复缺少“${DISCLAIMER}”提示`);
  if (entry.answer.length > MAX_ANSWER_CHARS)
    problems.push(`答复 ${entry.answer.length} 字，超过手机一屏半的 ${MAX_ANSWER_CHARS} 字`);
  if (!entry.sources.length) problems.push('缺少法律依据（sources）');
  for (const s of entry.sources) {
    if (!s.law.trim() || !s.article.trim() || !s.version.trim())
      problems.push(`法律依据“${s.law || '？'}”须写明名称、条文和版本或施行日期`);
    const old = supersededBy(s, table);
    if (old) problems.push(`引用了已被取代的《${s.law}》（${s.version}），现行为${currentTextLabel(old)}`);
  }
  // A title quoted in the answer must be one the entry cites, so the reviewer checks what residents read.
  const cited = new Set(entry.sources.map((s) => normalizeLawTitle(s.law)));
  for (const m of entry.answer.matchAll(/《([^》]+)》/g)) {
    const title = normalizeLawTitle(m[1] ?? '');
    if (title && !cited.has(title)) problems.push(`答复提到《${m[1]}》，但法律依据中没有`);
  }
  if (!ISO_WITH_OFFSET.test(entry.reviewedAt) || Number.isNaN(Date.parse(entry.reviewedAt)))
    problems.push('复核时间（reviewedAt）须为带时区的 ISO 8601 时间');
  return problems;
}
