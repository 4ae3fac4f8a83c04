// Turns a WeChat message of any type into the (type, text) pair the API records.
import { type Message, types } from 'wechaty';
import type { InboundMessageType } from '../api-client.js';

export interface MessageContent {
  type: InboundMessageType;
  text: string;
}

const PLACEHOLDERS: Partial<Record<types.Message, MessageContent>> = {
  [types.Message.Image]: { type: 'image', text: '[图片]' },
  [types.Message.Attachment]: { type: 'file', text: '[文件]' },
  [types.Message.Audio]: { type: 'voice', text: '[语音]' },
  [types.Message.Video]: { type: 'video', text: '[视频]' },
  [types.Message.Emoticon]: { type: 'other', text: '[表情]' },
  [types.Message.Location]: { type: 'other', text: '[位置]' },
  [types.Message.MiniProgram]: { type: 'other', text: '[小程序]' },
  [types.Message.Contact]: { type: 'other', text: '[名片]' },
};

export async function readMessageContent(message: Message): Promise<MessageContent> {
  const kind = message.type();
  if (kind === types.Message.Text) return { type: 'text', text: message.text() };
  // Merged forwarded records: the puppet flattens them into text, which is what the API needs.
  if (kind === types.Message.ChatHistory) return { type: 'chat_history', text: message.text() };
  if (kind === types.Message.Url) return { type: 'url', text: await urlText(message) };
  return PLACEHOLDERS[kind] ?? { type: 'other', text: '[其他消息]' };
}

async function urlText(message: Message): Promise<string> {
  try {
    const link = await message.toUrlLink();
    return [link.title(), link.description(), link.url()].filter((part) => !!part).join('\n');
  } catch {
    // Some puppets cannot parse every card; the raw XML/text is still better than nothing.
    return message.text();
  }
}
