// What the bot says to prosecutors in answer to their WeChat commands.
import { toChineseDate } from '../http/time-format.js';
import { STATUS_LABELS } from '../messages/reply-texts.js';

export const USAGE = {
  accept: '用法：受理 GL-2026-000123',
  request_materials: '用法：补充材料 GL-2026-000123 需补充的材料',
  transfer:
    '用法：转办 GL-2026-000123 接收单位；转至本院其他办案组：转办 GL-2026-000123 第二检察官办案组 理由',
  progress: '用法：反馈 GL-2026-000123 进展情况（写“反馈 GL-… 结果：…”则按办结处理）',
  resolve: '用法：办结 GL-2026-000123 办理结果（办结即结案，并请反映人评价满意度）',
  note: '用法：备注 GL-2026-000123 备注内容（仅本组和办公室可见，不发给反映人）',
} as const;

export type UsageKey = keyof typeof USAGE;

const DONE: Record<string, string> = {
  accept: '已受理',
  request_materials: '已通知补充材料',
  transfer: '已转办',
  progress: '已记录进展',
  resolve: '已办结并结案',
};

export const commandTexts = {
  help: [
    '检察官指令（私聊发送）：',
    '我的待办 — 按紧迫程度列出您的待办案件',
    '查看 GL-… — 获取手机查看链接：全文、图片，并可在页面上办理',
    '受理 GL-… — 受理案件（您成为承办人）',
    '补充材料 GL-… 需补充的材料',
    '转办 GL-… 接收单位 — 转交院外单位办理',
    '转办 GL-… 第二检察官办案组 理由 — 转至本院其他办案组（组长或办公室），期限不变',
    '备注 GL-… 内容 — 内部备注，仅本组和办公室可见',
    '反馈 GL-… 进展情况（以“结果：”开头则视为办结）',
    '办结 GL-… 办理结果 — 告知反映人办理结果并结案，随后系统请反映人评价满意度（仅一次）',
    '救助 GL-… 受理 [申请金额] / 审查 / 决定 给予 金额 / 决定 不予 理由 / 发放 — 司法救助各阶段',
    '材料 GL-… 困难证明 已交 — 勾选司法救助材料（写“未交”撤销；只写“材料 GL-…”看清单），网格员也可用',
    '调解 GL-… 说明 — 转交案件所在社区的人民调解委员会（网格员）调解（检调对接）',
    '确认调解 GL-… — 网格调解达成协议后确认结案（小事不出网格），告知反映人',
    '记录 走访 三坊七巷社区 内容 — 记录实地工作（走访、座谈、讲座、志愿服务），可写日期，计入月度统计',
    '起草通知 正文（或“起草通知 普法日”）— 起草普法通知，组长批准后发往本组已订阅的群',
    '批准 通知 TZ-… — 组长批准通知，随即依次发往已订阅普法通知的群',
    '案件编号可写作 GL-2026-000123、gl2026000123 等。',
  ].join('\n'),

  /** Said alike for an unknown number and another group's case, so a command never tells whether a case exists. */
  notFound: (caseNo: string) =>
    `没有找到您可办理的案件 ${caseNo}，请核对编号。如需协办其他办案组的案件，请联系办公室调整分派。`,

  groupTransferUsage: '用法：转办 GL-2026-000123 第二检察官办案组 理由（须写明转办理由）',

  notGroupLeader: (caseNo: string) =>
    `只有办案组组长或办公室可以将案件 ${caseNo} 转至其他办案组。如需转办，请联系组长。`,

  sameGroup: (caseNo: string, group: string) => `案件 ${caseNo} 已在${group}，无需转办。`,

  unknownGroup: (name: string) =>
    `没有找到办案组“${name}”，请写办案组全称或编码，例如“第二检察官办案组”或“GRP-02”。`,

  groupTransferred: (caseNo: string, group: string, notified: boolean) =>
    `已将 ${caseNo} 转至${group}，答复期限不变。${notified ? '已通知该组联络人。' : '该组暂无联络人微信，未发送通知，请另行告知。'}`,

  noted: (caseNo: string) => `已记录 ${caseNo} 的备注（仅本组和办公室可见）。`,

  noteTooLong: (max: number) => `备注最多 ${max} 字，请分几条发送。`,

  illegal: (caseNo: string, status: string, command: string) =>
    `案件 ${caseNo} 当前状态为“${STATUS_LABELS[status] ?? status}”，不能${command}。`,

  done(action: string, caseNo: string, notified: number, noReplyReason: string | null): string {
    const head = `${DONE[action] ?? '已处理'} ${caseNo}。`;
    const who = `反映人${notified > 1 ? `（${notified} 人）` : ''}`;
    if (notified > 0 && action === 'resolve') return `${head}已将办理结果告知${who}，并将请其评价满意度。`;
    if (notified > 0) return `${head}已通知${who}。`;
    return `${head}${noReplyReason ? '该案件无需答复反映人（匿名或无联系方式）。' : '反映人无微信联系方式，未发送通知。'}`;
  },

  todoEmpty: '您目前没有待办案件。',

  todoList(lines: string[], total: number): string {
    const more = total > lines.length ? `\n…另有 ${total - lines.length} 件，请在办案系统中查看。` : '';
    return `您的待办（共 ${total} 件，按紧迫程度排列）：\n${lines.join('\n')}${more}`;
  },

  todoLine(
    index: number,
    caseNo: string,
    kindLabel: string,
    status: string,
    next: { label: string; dueAt: Date; overdue: boolean } | null,
    words = '',
  ): string {
    const due = next
      ? `${next.label}期限 ${toChineseDate(next.dueAt)}${next.overdue ? '【已逾期】' : ''}`
      : '无需答复';
    return `${index}. ${caseNo} ${kindLabel}｜${STATUS_LABELS[status] ?? status}｜${due}${words ? `｜“${words}”` : ''}`;
  },
};
