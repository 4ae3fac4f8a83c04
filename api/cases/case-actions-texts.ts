// What a reporter is told when the office acts on their case, worded for a resident.
import { toChineseDate } from '../http/time-format.js';
import type { CaseAction } from './case-lifecycle.js';

/** Each action as the prosecutor's WeChat command names it, for refusals worded as WeChat words them. */
export const ACTION_VERBS: Record<CaseAction, string> = {
  accept: '受理',
  request_materials: '补充材料',
  transfer: '转办',
  reject: '不予受理',
  start: '开始办理',
  progress: '反馈',
  resolve: '办结',
  close: '结案',
};

export const SURVEY_QUESTION = '请对本次办理进行评价：回复 满意 / 基本满意 / 不满意';

interface ReplyFacts {
  caseNo: string;
  text?: string | undefined;
  body?: string | undefined;
  substantiveDueAt: Date;
}

/** The resident's message for an action, or null when the action owes them nothing (start, close). */
export function reporterReply(action: CaseAction, f: ReplyFacts): string | null {
  const note = f.text ? `\n说明：${f.text}` : '';
  switch (action) {
    case 'accept':
      return `您反映的事项（案件编号 ${f.caseNo}）已受理，承办检察官将依法办理，并在${toChineseDate(f.substantiveDueAt)}前答复办理结果。${note}`;
    case 'request_materials':
      return `关于案件 ${f.caseNo}：为便于办理，请您补充以下材料：${f.text}\n可直接在此回复文字、照片或文件。`;
    case 'transfer':
      return `关于案件 ${f.caseNo}：经审查，此事依法由${f.body}负责办理，我们已将您反映的情况转交${f.body}，请留意对方联系。${note}`;
    case 'reject':
      return `关于案件 ${f.caseNo}：经审查，本院决定不予受理。理由：${f.text}\n如有疑问，可直接回复咨询。`;
    case 'progress':
      return `关于案件 ${f.caseNo} 的办理进展：${f.text}\n我们将继续办理，并按月告知进展。`;
    case 'resolve':
      return `案件 ${f.caseNo} 已办结。办理结果：${f.text}`;
    case 'start':
    case 'close':
      return null;
  }
}

export function surveyQuestion(caseNo: string): string {
  return `感谢您对案件 ${caseNo} 的耐心等待。${SURVEY_QUESTION}`;
}
