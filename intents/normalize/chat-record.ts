// Splits a forwarded WeChat chat record ("张三 2026-03-01 10:00" header lines, each followed by what was said).

/** One header line of a merged chat record: the speaker, then an optional date and the time. Within one line. */
export const CHAT_RECORD_HEADER_SOURCE =
  '^([^\\n]{1,20}?)[^\\S\\n]*(?:[:：][^\\S\\n]*)?((?:\\d{4}[-/年.]\\d{1,2}[-/月.]\\d{1,2}日?[^\\S\\n]*)?\\d{1,2}:\\d{2}(?::\\d{2})?)[^\\S\\n]*$';

/** What a pasted record calls itself: 聊天记录, 群聊记录, 微信群聊天记录, 群消息, 对话记录 … */
export const CHAT_RECORD_NAME_SOURCE =
  '(?:微信)?(?:群聊天记录|群聊记录|聊天记录|群消息记录|群消息|对话记录|聊天截图|群聊)(?:截图|转发|内容)?';

/**
 * A record's title: 与老王的聊天记录, 业主群的群聊记录 — a short name without spaces or sentence punctuation, so that
 * 他骗了我五千 我有他的聊天记录 is a sentence, not a title.
 */
const CHAT_RECORD_TITLE_START = `^[^\\S\\n]*[^\\s，。,.!?！？]{0,30}的${CHAT_RECORD_NAME_SOURCE}[^\\S\\n]*`;
/** A title as a whole line. */
export const CHAT_RECORD_TITLE_SOURCE = `${CHAT_RECORD_TITLE_START}$`;
/** A title with the record after it: a one-line message ending 我有他的聊天记录 is kept (it was wiped whole). */
export const CHAT_RECORD_TITLE_BEFORE_RECORD_SOURCE = `${CHAT_RECORD_TITLE_START}(?=\\n\\s*\\S)`;

const HEADER = new RegExp(CHAT_RECORD_HEADER_SOURCE, 'u');
const TITLE = new RegExp(CHAT_RECORD_TITLE_SOURCE, 'u');
const MARK = new RegExp(`^[-—=\\s]*(?:以下(?:为|是))?${CHAT_RECORD_NAME_SOURCE}[:：]?[-—=\\s]*$`, 'u');

export interface ChatRecordLine {
  speaker: string;
  time: string;
  text: string;
}

/** The record's lines, or null when the text has no recognisable record (then it is shown as written). */
export function splitChatRecord(text: string): ChatRecordLine[] | null {
  const lines: ChatRecordLine[] = [];
  let current: ChatRecordLine | null = null;
  for (const raw of text.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.trim();
    if (!current && (TITLE.test(line) || MARK.test(line))) continue;
    const header = HEADER.exec(line);
    if (header?.[1] && header[2]) {
      current = { speaker: header[1].trim(), time: header[2].trim(), text: '' };
      lines.push(current);
      continue;
    }
    if (current && line) current.text = current.text ? `${current.text}\n${line}` : line;
  }
  const spoken = lines.filter((l) => l.text);
  return spoken.length > 0 ? spoken : null;
}
