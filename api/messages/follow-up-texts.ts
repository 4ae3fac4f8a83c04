// What the bot says about follow-ups and attachments ("已补充到 GL-…" is the contract).
import { MAX_ATTACHMENT_BYTES } from '../attachments/attachment-policy.js';
import type { AttachmentProblem, InboundMessageType } from './inbound-message.js';

const numbered = (options: string[]): string => options.map((o, i) => `${i + 1}. ${o}`).join('\n');
const MB = Math.round(MAX_ATTACHMENT_BYTES / 1024 / 1024);

const WHAT: Partial<Record<InboundMessageType, string>> = {
  image: '图片',
  file: '文件',
  voice: '语音',
  video: '视频',
  location: '位置',
};

export const followUpTexts = {
  joined(caseNo: string, leftWaiting: boolean): string {
    return leftWaiting
      ? `已补充到 ${caseNo}。承办检察官将审查您补充的材料，还有材料可以继续发送。`
      : `已补充到 ${caseNo}。承办检察官会一并查看。`;
  },

  whichCase(options: string[]): string {
    return `请问这份材料补充到哪个案件？\n${numbered(options)}\n回复序号或案件编号即可。`;
  },

  whichCaseAgain(options: string[]): string {
    return `请先告诉我材料补充到哪个案件：\n${numbered(options)}\n回复序号或案件编号即可。`;
  },

  describeFirst(type: InboundMessageType): string {
    return `已收到您发送的${WHAT[type] ?? '内容'}。请再用文字简单说明发生了什么、在哪个社区，我们登记后会把它一并归入案件。`;
  },

  refused(problem: AttachmentProblem): string {
    if (problem === 'too_large')
      return `抱歉，这个文件超过 ${MB} MB，未能保存。请压缩或分成几份后重新发送；其他内容不受影响。`;
    if (problem === 'type_not_allowed')
      return '抱歉，为安全起见不接收这种类型的文件（如压缩包、程序）。请发送图片、PDF、Word、Excel、语音或视频。';
    return '抱歉，这个文件未能读取，请重新发送一次。';
  },

  caseFinished(caseNo: string): string {
    return `案件 ${caseNo} 已办结，不能再补充材料。如有新情况，请直接描述，我们会另行登记。`;
  },

  liaisonNotice(caseNo: string, leftWaiting: boolean): string {
    return leftWaiting
      ? `【补充材料】${caseNo} 报告人已补充材料，案件回到待受理，请审查后回复“受理 ${caseNo}”。`
      : `【补充材料】${caseNo} 报告人补充了新的内容，已归入案卷。`;
  },
};
