// What triage says: the resident's safety advice on an urgent matter, the leader's urgent alert, the grid group's notice.
import type { GroupFunction } from '../../db/schema/index.js';
import type { Urgency, UrgencyReason } from '../../intents/urgency/urgency-rules.js';
import { toChineseDate } from '../http/time-format.js';

const REASON_LABELS: Record<UrgencyReason, string> = {
  minor_harm: '涉未成年人受侵害（强制报告）',
  violence_now: '暴力正在发生',
  danger_to_life: '危及生命',
  self_harm: '自伤自杀风险',
  needs_treatment: '有人受伤需救治',
};

const FUNCTION_LABELS: Record<GroupFunction, string> = {
  grid: '网格检察官办案组',
  控申: '控告申诉检察组',
  未检: '未成年人检察组',
  公益诉讼: '公益诉讼检察组',
  民事行政: '民事行政检察组',
  刑事检察: '刑事检察组',
};

const hhmm = (d: Date) =>
  new Intl.DateTimeFormat('zh-CN', {
    timeZone: 'Asia/Shanghai',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(d);

export const triageTexts = {
  /** First line of the reply to an urgent matter: safety before paperwork. */
  safetyAdvice(urgency: Urgency): string {
    return urgency.hurt
      ? '【紧急】如有危险，请立即拨打110报警；有人受伤请立即拨打120急救。'
      : '【紧急】如有危险，请立即拨打110报警。';
  },

  urgentAlert(caseNo: string, label: string, urgency: Urgency, summary: string, dueAt: Date): string {
    const why = urgency.reasons.map((r) => REASON_LABELS[r]).join('、');
    return `【紧急案件】${caseNo} ${label}：${why}\n${summary}\n请立即处置，首次答复期限 ${toChineseDate(dueAt)} ${hhmm(dueAt)}。回复“受理 ${caseNo}”受理。`;
  },

  gridInformed(caseNo: string, label: string, department: GroupFunction, summary: string): string {
    return `【知悉】本网格的${label} ${caseNo} 已由${FUNCTION_LABELS[department]}办理，请配合了解情况。\n${summary}`;
  },
};

export { FUNCTION_LABELS };
