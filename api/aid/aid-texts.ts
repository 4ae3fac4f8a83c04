// What the bot says about judicial aid: the pre-screen's questions and answers, and the replies to 材料 / 救助 commands.
import type { AidMaterial, AidStatus } from '../../db/schema/index.js';
import { toChineseDate } from '../http/time-format.js';
import { type MaterialRule, PRESCREEN_QUESTIONS, type PrescreenQuestion } from './aid-rules.js';

function question(q: PrescreenQuestion, index: number): string {
  const options = q.options.map((o) => `${o.choice} ${o.label}`).join('\n');
  return `（${index + 1}/${PRESCREEN_QUESTIONS.length}）${q.text}\n${options}\n回复数字即可。`;
}

function tickList(materials: readonly AidMaterial[]): string {
  return materials.map((m) => `${m.done ? '✓' : '□'} ${m.label}`).join('\n');
}

export const aidTexts = {
  intro: (caseNo: string) =>
    `为了帮您初步判断是否符合国家司法救助的条件（案件 ${caseNo}），请回答几个简单的问题，结果仅供参考，以检察机关审查决定为准。`,
  question,
  notAnOption: (q: PrescreenQuestion, index: number) => `请回复选项前的数字。\n${question(q, index)}`,
  gaveUp: (caseNo: string) =>
    `没能完成救助预审，不影响您的申请：案件 ${caseNo} 已登记，检察官会与您联系，告知救助条件和需要的材料。`,

  likely: (caseNo: string, materials: readonly MaterialRule[]) =>
    [
      `初步符合，请准备以下材料：`,
      ...materials.map((m, i) => `${i + 1}. ${m.label}（${m.hint}）`),
      `案件 ${caseNo} 已转入司法救助预审，检察官会与您联系核实情况；材料可以直接发照片到这里，或交给社区网格员。`,
    ].join('\n'),

  unlikely: (caseNo: string, reasons: readonly string[], elsewhere: readonly string[]) =>
    [
      `根据您的回答，您的情况可能不符合国家司法救助的条件：${reasons.join('；')}。`,
      `您可以：${elsewhere.join('；')}。`,
      `案件 ${caseNo} 已登记，检察官仍会审看并答复您；如果情况有出入，可以直接告诉检察官。`,
    ].join('\n'),

  // Commands: 材料 GL-… 困难证明 已交 (grid member, prosecutor) and 救助 GL-… 受理/审查/发放 (prosecutor).
  materialsUsage:
    '用法：材料 GL-2026-000123 困难证明 已交（撤销写“未交”）；只写“材料 GL-2026-000123”查看清单。可写的材料：申请书、身份证明、困难证明、医疗票据、判决书、死亡证明、财产损失证明。',
  aidUsage:
    '用法：救助 GL-2026-000123 受理 [申请金额]；救助 GL-2026-000123 审查；救助 GL-2026-000123 发放。决定请用：救助 GL-2026-000123 决定 给予 金额，或 救助 GL-2026-000123 决定 不予 理由。',
  notFound: (caseNo: string) => `没有找到您可办理的司法救助案件 ${caseNo}，请核对编号。`,
  noAid: (caseNo: string) =>
    `案件 ${caseNo} 还没有司法救助申请。检察官可以发送“救助 ${caseNo} 受理”开始办理。`,
  unknownMaterial: (word: string) =>
    `没有“${word}”这项材料。可写：申请书、身份证明、困难证明、医疗票据、判决书、死亡证明、财产损失证明。`,
  checklist: (caseNo: string, status: AidStatus, materials: readonly AidMaterial[]) =>
    `司法救助 ${caseNo}（${status}）材料清单：\n${tickList(materials)}`,
  ticked: (caseNo: string, label: string, done: boolean, materials: readonly AidMaterial[]) => {
    const left = materials.filter((m) => !m.done).length;
    return `已记录 ${caseNo}：${label}${done ? '已交' : '改为未交'}。${left ? `还差 ${left} 项：` : '材料已齐全。'}\n${tickList(materials)}`;
  },
  moved: (caseNo: string, status: AidStatus, dueAt: Date | null) =>
    `已将司法救助 ${caseNo} 转入“${status}”。${dueAt ? `本阶段期限：${toChineseDate(dueAt)}。` : ''}`,
  decided: (caseNo: string, granted: boolean, amount: string | null) =>
    granted
      ? `已记录 ${caseNo}：决定给予救助 ${amount} 元。发放后请发送“救助 ${caseNo} 发放”。`
      : `已记录 ${caseNo}：决定不予救助。`,
  illegal: (caseNo: string, status: AidStatus | null, wanted: string) =>
    `司法救助 ${caseNo} 当前为“${status ?? '未申请'}”，不能${wanted}。顺序为：预审 → 受理 → 审查 → 决定 → 发放。`,
  badAmount: '金额请写数字（元），例如 30000 或 2.5万。',

  // To the applicant, through the outbox.
  applicantDecision: (caseNo: string, granted: boolean, amount: string | null, reason: string | null) =>
    granted
      ? `您的司法救助申请（案件 ${caseNo}）经审查，决定给予救助金 ${amount} 元，发放时会另行通知您。`
      : `您的司法救助申请（案件 ${caseNo}）经审查，决定不予救助。理由：${reason}。如有疑问可以联系承办检察官，生活困难的也可以向街道、居委会申请社会救助。`,
  applicantPaid: (caseNo: string, amount: string | null) =>
    `您的司法救助金（案件 ${caseNo}）${amount ? `${amount} 元` : ''}已发放，请留意查收。`,

  // To the group, before a stage's limit and once it has passed.
  reminder: (caseNo: string, status: AidStatus, dueAt: Date) =>
    `【司法救助提醒】${caseNo} 处于“${status}”阶段，期限 ${toChineseDate(dueAt)}，请及时办理。`,
  escalation: (caseNo: string, status: AidStatus, dueAt: Date) =>
    `【司法救助逾期】${caseNo} 的“${status}”阶段已超过期限（${toChineseDate(dueAt)}），请督促办理。`,
};
