// Chinese labels for the API's codes (case kinds, statuses, clue categories, deadlines).

export const KIND_LABELS: Record<string, string> = {
  dispute: '矛盾纠纷',
  legal_question: '法律咨询',
  aid_request: '司法救助',
  clue: '线索举报',
  petition: '信访',
};

export const STATUS_LABELS: Record<string, string> = {
  received: '已接收',
  accepted: '已受理',
  materials_needed: '待补材料',
  transferred: '已移送',
  not_accepted: '不予受理',
  in_progress: '办理中',
  resolved: '已办理',
  closed: '已办结',
};

export const CATEGORY_LABELS: Record<string, string> = {
  pornography: '涉黄',
  gambling: '涉赌',
  drugs: '涉毒',
  theft_robbery: '盗窃抢劫',
  fraud: '诈骗',
  illegal_fundraising: '非法集资',
  food_drug: '食品药品',
  environment: '生态环境',
  violence_gang: '暴力涉黑',
  minors: '未成年人',
  public_interest: '公益诉讼',
  other: '其他',
};

export const DEADLINE_LABELS: Record<string, string> = {
  procedural: '程序性回复（7个工作日）',
  substantive: '实体性回复（3个月）',
  progress: '月度进展',
  aid_notice: '司法救助材料告知',
};

export function label(map: Record<string, string>, code: string | null | undefined, fallback = '—'): string {
  if (code === null || code === undefined) return fallback;
  return map[code] ?? code;
}

export function pct(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : `${value.toFixed(1)}%`;
}
