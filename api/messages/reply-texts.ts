// What the bot says to residents and grid members, worded for people, in one place.
import type { CaseKind } from '../../db/schema/index.js';
import type { CaseOutcome } from '../cases/case-outcome.js';
import { KIND_LABELS } from '../cases/case-service.js';
import { toChineseDate } from '../http/time-format.js';

export const STATUS_LABELS: Record<string, string> = {
  received: '已收到，待受理',
  accepted: '已受理',
  materials_needed: '需补充材料',
  transferred: '已转交其他部门办理',
  not_accepted: '不予受理',
  in_progress: '办理中',
  resolved: '已办结，待回访',
  closed: '已结案',
};

/** What a status reply needs of a case; `words` is the reporter's own, already cut. */
export interface StatusFacts {
  caseNo: string;
  status: string;
  words: string | null;
  proceduralDueAt: Date;
  proceduralRepliedAt: Date | null;
  substantiveDueAt: Date;
  substantiveRepliedAt: Date | null;
  closedAt: Date | null;
  outcome: CaseOutcome | null;
}

/** A prosecutor's words as a sentence: the command parser drops a final 。, so one is added back where none is. */
const sentence = (text: string): string => (/[。！？!?.…）)”]$/u.test(text) ? text : `${text}。`);

const numbered = (options: string[]): string => options.map((o, i) => `${i + 1}. ${o}`).join('\n');

export const replies = {
  help: '您好，这里是鼓楼区人民检察院“检网”助手。您可以直接发消息：法律咨询、反映矛盾纠纷、申请司法救助、提供违法犯罪线索、信访诉求；查询进度请发送案件编号（如 GL-2026-000123）。',

  clarifyExpired: '刚才的问题已过期。请把您的事情再说一遍，我们按您说的办理。',

  clarifyNoneOfThese:
    '好的。请您把想办的事说得具体一些，例如“邻居漏水不肯修，想请人调解”；发送“帮助”可以看到能办理的事项。',

  /** A resident's 帮助: everything they can do here, each with how to say it. */
  residentHelp: [
    '您好，这里是鼓楼区人民检察院“检网”助手。您可以直接发消息：',
    '1. 反映矛盾纠纷、提供违法犯罪线索：说明发生了什么、在哪个社区，例如“楼上邻居天天半夜吵，想请人调解”；',
    '2. 法律咨询：直接提问，例如“公司拖欠工资怎么办？”；',
    '3. 申请国家司法救助：说明您因案件遇到的生活困难；',
    '4. 信访诉求：写明您的诉求和理由；',
    '5. 查询进度：发送“查询 GL-2026-000123”（您的案件编号），或“我的案件进度”列出您的案件；',
    '6. 匿名举报：消息里写上“匿名”，我们不保存您的身份，但也因此无法答复您、编号不能查询；',
    '7. 评价：案件办结后回复 满意 / 基本满意 / 不满意。',
    '登记后我们会告知案件编号和答复期限。遇到紧急危险请先拨打 110。',
  ].join('\n'),

  notUnderstood:
    '抱歉，没有看明白您的意思。您可以直接描述需要咨询或反映的事情，例如“楼上邻居半夜吵闹，想请人调解”；查询进度请发送案件编号。',

  caseCreated(kind: CaseKind, caseNo: string, procedural: Date, substantive: Date): string {
    return `您的${KIND_LABELS[kind]}已登记，案件编号 ${caseNo}。我们将在${toChineseDate(procedural)}前告知受理情况，在${toChineseDate(substantive)}前答复办理结果。查询进度请发送案件编号。`;
  },

  /** Also the receipt of an anonymous co-reporter: the number is for reference only, never a key to the case. */
  anonymousCase(caseNo: string): string {
    return `已匿名登记，编号 ${caseNo}。匿名登记不保存您的身份，我们无法确认查询的人就是反映人，因此这个编号不能用来查询进度，我们也无法向您答复办理情况。如希望得到答复，请不写“匿名”重新反映，我们会为您的身份保密。`;
  },

  roomReceipt(caseNo: string): string {
    return `已收到，编号 ${caseNo}，承办检察官将跟进。`;
  },

  linked(caseNo: string, inRoom: boolean): string {
    return inRoom
      ? `已收到，此事已在办，编号 ${caseNo}。`
      : `您反映的情况与正在办理的案件 ${caseNo} 相同，已合并记录，将一并答复。`;
  },

  askCommunity(caseNo: string, options: string[]): string {
    const list = options.length ? `\n${numbered(options)}\n回复序号或社区名称即可。` : '';
    return `已登记，案件编号 ${caseNo}。为尽快转给负责的检察官，请问您住在哪个社区（或村）？${list}`;
  },

  chooseCommunity(options: string[]): string {
    return `请问是哪一个社区？\n${numbered(options)}\n回复序号或社区名称即可。`;
  },

  optionOutOfRange(options: string[]): string {
    return options.length
      ? `没有这个序号。请从下面选择：\n${numbered(options)}\n回复序号或社区名称即可。`
      : '没有这个序号，请回复您所在社区的名称，例如“军门社区”。';
  },

  askCommunityAgain(options: string[]): string {
    return options.length
      ? `没有找到这个社区。您是指：\n${numbered(options)}\n回复序号或社区名称即可。`
      : '没有找到这个社区，请回复社区名称，例如“军门社区”。';
  },

  routed(caseNo: string, community: string): string {
    return `好的，案件 ${caseNo} 已转交${community}所属的检察官办案组。`;
  },

  routedToDuty(caseNo: string): string {
    return `案件 ${caseNo} 已转交值班检察官办理。`;
  },

  /** An FAQ answer, headed by the question it answers so a resident sees at once if it is not theirs. */
  faqAnswer(entry: { question: string; answer: string }, askForMore = true): string {
    const head = `关于“${entry.question.replace(/[？?]$/u, '')}”：\n${entry.answer}`;
    return askForMore ? `${head}\n如仍需检察官帮助，请详细描述您的情况。` : head;
  },

  faqAnswerWithOffer(entry: { question: string; answer: string }): string {
    return `${replies.faqAnswer(entry, false)}\n需要我们登记跟进吗？回复 1`;
  },

  offerExpired: '登记邀请已过期。如需我们登记跟进，请重新发送您的情况，登记后会告知案件编号和答复期限。',

  truncated(kept: number): string {
    return `（内容较长，已保存前 ${kept} 字。）`;
  },

  /**
   * One case for its reporter, named by their own words: an open case with the replies still owed and when;
   * a decided or closed one with its result (or where it went, or why it was refused), never deadlines.
   */
  statusOf(c: StatusFacts): string {
    const head = `案件 ${c.caseNo}${c.words ? `（“${c.words}”）` : ''}：`;
    const o = c.outcome;
    if (o?.kind === 'resolved' && (c.status === 'resolved' || c.status === 'closed'))
      return `${head}已办结${c.closedAt ? `，${toChineseDate(c.closedAt)}结案` : ''}。${o.text ? `办理结果：${sentence(o.text)}` : ''}`;
    if (o?.kind === 'transferred' && (c.status === 'transferred' || c.status === 'closed'))
      return `${head}经审查，此事依法由${o.text ?? '其他部门'}负责办理，已于${toChineseDate(o.at)}转交，请留意对方联系。本院不再另行答复。`;
    if (o?.kind === 'rejected' && (c.status === 'not_accepted' || c.status === 'closed'))
      return `${head}本院决定不予受理。${o.text ? `理由：${sentence(o.text)}` : ''}如有疑问，可直接回复咨询。`;
    if (c.status === 'closed')
      return `${head}已结案${c.closedAt ? `（${toChineseDate(c.closedAt)}）` : ''}。`;
    const owed = [
      ...(c.proceduralRepliedAt ? [] : [`受理告知期限 ${toChineseDate(c.proceduralDueAt)}`]),
      ...(c.substantiveRepliedAt ? [] : [`办理结果答复期限 ${toChineseDate(c.substantiveDueAt)}`]),
    ];
    return `${head}${STATUS_LABELS[c.status] ?? c.status}。${owed.length ? `${owed.join('，')}。` : ''}`;
  },

  statusList(lines: string[]): string {
    return lines.length
      ? `您名下的案件：\n${lines.join('\n')}`
      : '没有查到您名下正在办理的案件。如有案件编号，请直接发送编号。';
  },

  statusNotFound(caseNo: string): string {
    // Said for every number not found, so it tells nothing about this one: anonymous cases are never found.
    return `没有查到您名下编号为 ${caseNo} 的案件，请核对编号。匿名登记的案件不保存反映人身份，无法查询。`;
  },

  bound(gridName: string): string {
    return `本群已绑定网格：${gridName}。群内“线索/反映/举报/求助/咨询”开头或@我的消息将登记并转交负责检察官。`;
  },

  bindRefused: '只有已登记的网格员或检察官可以绑定本群。',
  bindUnknownGrid: (q: string) => `没有找到网格“${q}”，请写网格全称或编码，例如“绑定网格 军门社区”。`,
  bindChoose: (options: string[]) =>
    `有多个网格符合，请写全称再绑定：\n${options.map((o) => `· ${o}`).join('\n')}`,
  bindNeedsCommunity: '请绑定到社区或基层网格，而不是街道。',
};
