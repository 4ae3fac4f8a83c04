// What prosecutors are told about a 检察建议 awaiting its reply: the reminder before it is due, the escalation after.
import type { suggestions } from '../../db/schema/index.js';
import { toChineseDate } from '../http/time-format.js';

type Row = Pick<
  typeof suggestions.$inferSelect,
  'suggestionNo' | 'recipient' | 'type' | 'servedAt' | 'replyDueAt'
>;

export const suggestionTexts = {
  reminder: (row: Row) =>
    `【检察建议待回复】${row.suggestionNo}（${row.type}）已于${toChineseDate(row.servedAt)}送达${row.recipient}，回复期限${toChineseDate(row.replyDueAt)}，尚未收到回复。请及时跟进督促。`,
  escalation: (row: Row) =>
    `【检察建议逾期未回复】${row.suggestionNo}（${row.type}）送达${row.recipient}，回复期限${toChineseDate(row.replyDueAt)}已过，仍未回复。请组长研究督促措施（必要时报告上级院或通报其主管机关）。`,
};
