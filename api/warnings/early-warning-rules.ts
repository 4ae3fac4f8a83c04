// The reviewed threshold of early warning: how many clues of one category from one community, within how many days.
export const EARLY_WARNING = {
  /** At this many clues of one category (not `other`) from one community… */
  clues: 3,
  /** …received within this many days, the community's group leader is proposed a round-table meeting. */
  days: 30,
  /** The office's choice, not a rule of law: three reports make a pattern worth a meeting, two may be chance. */
  source: '本院工作规则（可调整）：同一社区 30 日内同类线索达到 3 条，提请组长研究召开圆桌会议。',
} as const;
