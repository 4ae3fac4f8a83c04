// Chinese names of case kinds and clue categories, for every text a person reads (notices, reminders, pages).
import type { CaseKind } from '../../db/schema/index.js';
import type { ClueCategory } from '../../intents/types.js';

export const KIND_LABELS: Record<CaseKind, string> = {
  dispute: '矛盾纠纷',
  legal_question: '法律咨询',
  aid_request: '司法救助申请',
  clue: '线索',
  petition: '信访诉求',
};

export const CATEGORY_LABELS: Record<ClueCategory, string> = {
  pornography: '涉黄',
  gambling: '赌博',
  drugs: '毒品',
  theft_robbery: '盗窃抢劫',
  fraud: '诈骗',
  illegal_fundraising: '非法集资',
  food_drug: '食品药品安全',
  environment: '生态环境',
  violence_gang: '暴力涉黑',
  minors: '未成年人保护',
  public_interest: '公益诉讼',
  other: '其他',
};

/** 赌博 for `gambling`; a category stored before the list changed is shown as 其他, never in English. */
export function categoryLabel(category: string | null | undefined): string | null {
  if (!category) return null;
  return (CATEGORY_LABELS as Record<string, string>)[category] ?? CATEGORY_LABELS.other;
}

/** 线索（赌博） for a categorised clue, the kind alone otherwise. */
export function caseLabel(kind: CaseKind, category?: string | null): string {
  const cat = kind === 'clue' ? categoryLabel(category) : null;
  return cat ? `${KIND_LABELS[kind]}（${cat}）` : KIND_LABELS[kind];
}

/** 线索·赌博 — the same, for places already inside brackets. */
export function caseLabelInline(kind: CaseKind, category?: string | null): string {
  const cat = kind === 'clue' ? categoryLabel(category) : null;
  return cat ? `${KIND_LABELS[kind]}·${cat}` : KIND_LABELS[kind];
}
