// Turns a WeChat message of any type into the (type, text) pair the API records, with its file when it has one.
import type { FileBoxInterface } from 'file-box';
import { type Message, types } from 'wechaty';
import type { InboundMessageType } from '../api-client.js';

export interface MessageContent {
  type: InboundMessageType;
  text: string;
  /** The photo, file, voice or video the message carries. */
  file?: FileBoxInterface;
}

const FILE_TYPES: Partial<Record<types.Message, { type: InboundMessageType; text: string }>> = {
  [types.Message.Image]: { type: 'image', text: '[图片]' },
  [types.Message.Attachment]: { type: 'file', text: '[文件]' },
  [types.Message.Audio]: { type: 'voice', text: '[语音]' },
  [types.Message.Video]: { type: 'video', text: '[视频]' },
};

const PLACEHOLDERS: Partial<Record<types.Message, MessageContent>> = {
  [types.Message.Emoticon]: { type: 'other', text: '[表情]' },
  [types.Message.MiniProgram]: { type: 'other', text: '[小程序]' },
  [types.Message.Contact]: { type: 'other', text: '[名片]' },
};

export async function readMessageContent(message: Message): Promise<MessageContent> {
  const kind = message.type();
  if (kind === types.Message.Text) return { type: 'text', text: message.text() };
  // Merged forwarded records: the puppet flattens them into text, which is what the API needs.
  if (kind === types.Message.ChatHistory) return { type: 'chat_history', text: message.text() };
  if (kind === types.Message.Url) return { type: 'url', text: await urlText(message) };
  if (kind === types.Message.Location) return { type: 'location', text: await locationText(message) };
  const fileType = FILE_TYPES[kind];
  if (fileType) {
    const file = await fileOf(message);
    return file ? { ...fileType, text: fileText(fileType.text, kind, file), file } : fileType;
  }
  // Puppets report some files (a .docx, a .gif) as Unknown: they are kept as files when the puppet has one.
  if (kind === types.Message.Unknown) {
    const file = await fileOf(message);
    if (file) return { type: 'file', text: `[文件] ${file.name}`, file };
  }
  return PLACEHOLDERS[kind] ?? { type: 'other', text: '[其他消息]' };
}

/** A file's name says what it is ("[文件] 租房合同.pdf"); a photo's or voice's generated name says nothing. */
function fileText(placeholder: string, kind: types.Message, file: FileBoxInterface): string {
  return kind === types.Message.Attachment && file.name ? `${placeholder} ${file.name}` : placeholder;
}

async function fileOf(message: Message): Promise<FileBoxInterface | undefined> {
  try {
    return await message.toFileBox();
  } catch {
    return undefined;
  }
}

async function locationText(message: Message): Promise<string> {
  try {
    const location = await message.toLocation();
    const point = `(${location.latitude()}, ${location.longitude()})`;
    return ['[位置]', location.name(), location.address(), point].filter((part) => !!part).join('\n');
  } catch {
    return '[位置]';
  }
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
