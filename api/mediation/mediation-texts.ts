// What the bot says about mediation (检调对接): to the prosecutor, the grid member and the resident.
import { toShanghaiDate } from '../deadlines/shanghai-time.js';

export const MEDIATION_USAGE = {
  refer: '用法：调解 GL-2026-000123（可附说明，例如“调解 GL-2026-000123 请社区调委会协助”）',
  outcome:
    '用法：调解结果 GL-2026-000123 达成 5000 双方签订协议（金额可不写）；未达成时：调解结果 GL-2026-000123 未达成 原因',
  signOff: '用法：确认调解 GL-2026-000123（可附补充说明，一并告知反映人）',
} as const;

/** Yuan as people write it: 5000, 5000.5, 833,500. */
export function yuan(amount: number): string {
  return amount.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

export const mediationTexts = {
  /** The prosecutor's answer to 调解 GL-…. */
  referred: (caseNo: string, community: string, mediator: string | null) =>
    mediator
      ? `已将 ${caseNo} 转交${community}调解，并通知网格员${mediator}。网格员报告调解结果后，达成协议的将请您确认结案。`
      : `已将 ${caseNo} 转交${community}调解。该社区暂无登记微信的网格员，未发送通知，请另行联系社区调委会；调解结果可由办公室录入。`,

  /** The grid member's notice. */
  toMediator: (
    caseNo: string,
    community: string,
    label: string,
    words: string,
    prosecutor: string,
    note?: string,
  ) =>
    [
      `【调解】检察官${prosecutor}请${community}人民调解委员会（网格员）组织调解：`,
      `${caseNo} ${label}｜“${words}”`,
      ...(note ? [`说明：${note}`] : []),
      '当事人情况请向承办检察官了解。调解后请私聊回复：',
      `调解结果 ${caseNo} 达成 金额 协议内容（无金额可不写）`,
      `或：调解结果 ${caseNo} 未达成 原因`,
    ].join('\n'),

  /** The grid member, once, when a referral has had no outcome for the configured working days. */
  outcomeReminder: (caseNo: string, community: string, referredAt: Date) =>
    [
      `【调解提醒】${caseNo} 于 ${toShanghaiDate(referredAt)} 转交${community}调解，尚未收到调解结果。`,
      '调解结束后请私聊回复：',
      `调解结果 ${caseNo} 达成 金额 协议内容（无金额可不写）`,
      `或：调解结果 ${caseNo} 未达成 原因`,
      '仍在调解中的，可不回复；如有困难请联系承办检察官。',
    ].join('\n'),

  /** The resident, when their matter goes to mediation. */
  toReporterReferred: (caseNo: string, community: string) =>
    `关于案件 ${caseNo}：检察官已请${community}人民调解委员会对您反映的纠纷进行调解，社区网格员会与您联系。调解结果我们会告知您。`,

  /** The grid member's answer to 调解结果 … 达成. */
  agreedRecorded: (caseNo: string, amount: number | null, asked: boolean) =>
    `已记录 ${caseNo} 调解结果：达成协议${amount !== null ? `（${yuan(amount)} 元）` : ''}。${asked ? '已请承办检察官确认结案。' : '待检察官确认结案。'}`,

  failedRecorded: (caseNo: string) => `已记录 ${caseNo} 调解结果：未达成协议。案件已退回承办检察官继续办理。`,

  /** The prosecutor asked to sign off an agreed mediation. */
  askSignOff: (caseNo: string, community: string, amount: number | null, note: string | null) =>
    [
      `【调解结果】${caseNo} 经${community}调解达成协议${amount !== null ? `，金额 ${yuan(amount)} 元` : ''}。`,
      ...(note ? [`网格员说明：${note}`] : []),
      `小事不出网格：如同意结案，请回复“确认调解 ${caseNo}”（可附说明），系统将告知反映人并结案；如需继续办理，可照常反馈或办结。`,
    ].join('\n'),

  /** The prosecutor told a mediation failed. */
  failedToProsecutor: (caseNo: string, community: string, note: string) =>
    `【调解未成】${caseNo} 经${community}调解未达成协议。原因：${note}\n案件已退回您继续办理。`,

  toReporterFailed: (caseNo: string) =>
    `关于案件 ${caseNo}：社区调解未能达成协议，检察官将继续依法办理，并告知您办理结果。`,

  /** The result the resident is told when the prosecutor signs off (then asked for a rating). */
  closedResult: (amount: number | null, note?: string) =>
    `经社区人民调解委员会调解，您反映的纠纷已达成调解协议${amount !== null ? `（涉及金额 ${yuan(amount)} 元）` : ''}，检察官确认结案。${note ? `\n${note}` : ''}`,

  signedOff: (caseNo: string, notified: number) =>
    `已确认调解并结案 ${caseNo}。${notified > 0 ? '已将结果告知反映人，并将请其评价满意度。' : '该案件无需答复反映人（匿名或无联系方式）。'}`,

  /** Refusals. */
  noCommunity: (caseNo: string) => `案件 ${caseNo} 尚未确定所属社区，不能转交网格调解。请先确定社区或转办。`,
  alreadyOpen: (caseNo: string, state: 'referred' | 'agreed') =>
    state === 'referred'
      ? `案件 ${caseNo} 已在社区调解中，请等待网格员报告调解结果。`
      : `案件 ${caseNo} 已调解达成协议，待检察官确认结案（回复“确认调解 ${caseNo}”）。`,
  nothingToReport: (caseNo: string) =>
    `案件 ${caseNo} 没有待报告结果的调解（检察官发送“调解 ${caseNo}”转交后才能报告）。`,
  nothingToSignOff: (caseNo: string) => `案件 ${caseNo} 没有待确认的调解协议。`,
  failedNeedsNote: '请写明未达成的原因，例如：调解结果 GL-2026-000123 未达成 对方不同意赔偿',
  amountOnlyIfAgreed: '未达成协议时不填写金额。',
  noteTooLong: (max: number) => `说明最多 ${max} 字，请精简后重发。`,
  badAmount: '金额请写数字（元），例如 5000 或 5000.50。',
};

export const gridMemberHelp = [
  '网格员指令（私聊发送）：',
  '我的线索 — 查看您提交的线索及办理情况',
  '调解结果 GL-… 达成 5000 协议内容 — 报告检察官转交的纠纷调解达成协议（金额可不写），由检察官确认结案',
  '调解结果 GL-… 未达成 原因 — 报告调解未成，案件退回检察官',
  '材料 GL-… 困难证明 已交 — 勾选司法救助材料（困难证明可向居委会开具；只写“材料 GL-…”看清单）',
  '在网格群里 @我 或以“线索”“反映”开头发送，即可登记线索。',
].join('\n');
