// When a unit must reply to a 检察建议: each period with its source, checked against the rule's text where possible.

import type { SuggestionType } from '../../db/schema/index.js';
import { addCalendarDays, addCalendarMonths } from '../deadlines/local-date.js';
import { shanghaiEndOfDay, toShanghaiDate } from '../deadlines/shanghai-time.js';

export interface ReplyRule {
  id: string;
  /** The period, counted from the day the suggestion is served (送达), ending at the end of that day in Shanghai. */
  period: { months: number } | { days: number };
  source: string;
  /** What was checked, and what was not: a rule not checked here is the office's configurable default. */
  checked: string;
}

export const REPLY_RULES = {
  general: {
    id: 'general-two-months',
    period: { months: 2 },
    source:
      '《人民检察院检察建议工作规定》（最高人民检察院，2019年2月26日施行）：除另有规定外，应当要求被建议单位自收到检察建议书之日起两个月以内作出相应处理，并书面回复人民检察院；因情况紧急需要被建议单位尽快处理的，可以根据实际情况确定相应的回复期限。',
    checked:
      '期限与条文内容核对一致（据最高检发布会对该条的表述）；条文序号未在此核对，引用时请以正式文本为准。',
  },
  publicInterestUrgent: {
    id: 'public-interest-urgent-15-days',
    period: { days: 15 },
    source:
      '《最高人民法院 最高人民检察院关于检察公益诉讼案件适用法律若干问题的解释》（2018年，2020年修正）第二十一条：行政机关应当在收到检察建议书之日起两个月内依法履行职责并书面回复；出现国家利益或者社会公共利益损害继续扩大等紧急情形的，应当在十五日内书面回复。',
    checked:
      '两个月的期限已与公开文本核对；十五日的紧急期限未能在此与正式文本逐字核对，作为本院可配置的默认值（在本文件中修改，经复核后提交）。',
  },
} as const satisfies Record<string, ReplyRule>;

/** Which rule applies: only an urgent public-interest pre-litigation suggestion has a shorter fixed period. */
export function replyRuleFor(type: SuggestionType, urgent: boolean): ReplyRule {
  return type === '公益诉讼诉前' && urgent ? REPLY_RULES.publicInterestUrgent : REPLY_RULES.general;
}

/** The reply is due by the end of the last day of the period (Shanghai), counted from the day of service. */
export function replyDueAt(servedAt: Date, rule: ReplyRule): Date {
  const served = toShanghaiDate(servedAt);
  const last =
    'months' in rule.period
      ? addCalendarMonths(served, rule.period.months)
      : addCalendarDays(served, rule.period.days);
  return shanghaiEndOfDay(last);
}

/** How many days before the due date the group is reminded (the office's default, not a rule of law). */
export const REMIND_DAYS_BEFORE = 7;
