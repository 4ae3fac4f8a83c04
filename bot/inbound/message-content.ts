// Turns a WeChat message of any type into what the API records: (type, text) and, for files, how to read them.
import type { FileBoxInterface } from 'file-box';
import { type Message, types } from 'wechaty';
import type { InboundMessageType } from '../api-client.js';

export interface MessageContent {
  type: InboundMessageType;
  text: string;
  /** Photos, documents, voice and video: the file, read only when the message is passed on. */
  file?: () => Promise<FileBoxInterface>;
}

const PLACEHOLDERS: Partial<Record<types.Message, MessageContent>> = {
  [types.Message.Emoticon]: { type: 'other', text: '[表情]' },
  [types.Message.MiniProgram]: { type: 'other', text: '[小程序]' },
  [types.Message.Contact]: { type: 'other', text: '[名片]' },
};

const FILES: Partial<Record<types.Message, { type: InboundMessageType; text: string }>> = {
  [types.Message.Image]: { type: 'image', text: '[图片]' },
  [types.Message.Attachment]: { type: 'file', text: '[文件]' },
  [types.Message.Audio]: { type: 'voice', text: '[语音]' },
  [types.Message.Video]: { type: 'video', text: '[视频]' },
};

export async function readMessageContent(message: Message): Promise<MessageContent> {
  const kind = message.type();
  if (kind === types.Message.Text) return { type: 'text', text: message.text() };
  // Merged forwarded records: the puppet flattens them into text, which is what the API needs.
  if (kind === types.Message.ChatHistory) return { type: 'chat_history', text: message.text() };
  if (kind === types.Message.Url) return { type: 'url', text: await urlText(message) };
  if (kind === types.Message.Location) return { type: 'location', text: await locationText(message) };
  const file = FILES[kind];
  if (file) {
    // A file's name, when WeChat gives one, says what it is: "[文件] 合同.pdf".
    const name = kind === types.Message.Attachment ? message.text().trim().slice(0, 200) : '';
    return {
      ...file,
      text: name && !name.startsWith('<') ? `${file.text} ${name}` : file.text,
      file: () => message.toFileBox(),
    };
  }
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

interface Place {
  name?: string;
  address?: string;
  latitude?: number;
  longitude?: number;
}

/** A shared place as text the case file shows: its name, address and coordinates. */
async function locationText(message: Message): Promise<string> {
  let place: Place | null = null;
  try {
    const location = await message.toLocation();
    place = {
      name: location.name(),
      address: location.address(),
      latitude: location.latitude(),
      longitude: location.longitude(),
    };
  } catch {
    // Wechaty 1.20's toLocation() builds its Location without the Wechaty it needs and throws: the puppet
    // still has the payload.
    try {
      place = await message.wechaty.puppet.messageLocation(message.id);
    } catch {
      place = null;
    }
  }
  if (!place) return '[位置]';
  const coordinates =
    Number.isFinite(place.latitude) && Number.isFinite(place.longitude)
      ? `（纬度 ${place.latitude}，经度 ${place.longitude}）`
      : '';
  return ['[位置]', place.name, place.address, coordinates].filter((part) => !!part).join('\n');
}
