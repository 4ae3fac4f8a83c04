// What a co-reporter is told (their report merged into a case someone else reported): general words, their own number.

/** Statuses in which the matter is still being handled, as a co-reporter is told it. */
const OPEN = new Set(['received', 'accepted', 'materials_needed', 'in_progress']);

export const coReportTexts = {
  /** Neither the case's number nor that anyone else reported it: only that theirs is registered. */
  receipt(receiptNo: string): string {
    return `您反映的情况已登记，编号 ${receiptNo}，承办检察官将核查处理，办理完毕后告知您。查询进度请发送“查询 ${receiptNo}”。`;
  },

  status(receiptNo: string, caseStatus: string): string {
    return OPEN.has(caseStatus)
      ? `编号 ${receiptNo}：您反映的情况正在办理中，办理完毕后会告知您。`
      : `编号 ${receiptNo}：您反映的情况已办理完毕。感谢您的反映。`;
  },

  listLine(receiptNo: string, caseStatus: string): string {
    return `${receiptNo}（您反映的情况）${OPEN.has(caseStatus) ? '办理中' : '已办理完毕'}`;
  },

  /** When the case closes: never the first reporter's result, reason or where it went. */
  closed(receiptNo: string): string {
    return `您反映的情况（编号 ${receiptNo}）已办理完毕，感谢您的反映。如有新的情况，欢迎随时留言。`;
  },
};
