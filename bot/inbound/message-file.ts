// Reads the file of a WeChat message (photo, document, voice, video) for upload: type and size checked as it reads.
import type { FileBoxInterface } from 'file-box';
import {
  isAllowedMimeType,
  MAX_ATTACHMENT_BYTES,
  MAX_ATTACHMENT_NAME,
  mimeTypeFor,
} from '../../api/attachments/attachment-policy.js';
import type { AttachmentProblem, InboundMessageType } from '../api-client.js';

export type MessageFile =
  | { ok: true; name: string; mimeType: string; chunks: Buffer[]; size: number }
  | { ok: false; problem: AttachmentProblem; detail: string };

/** Names for files WeChat hands over without one (a voice message, a photo taken in the chat). */
const DEFAULT_NAMES: Partial<Record<InboundMessageType, string>> = {
  image: 'image.jpg',
  voice: 'voice.sil',
  video: 'video.mp4',
  file: 'file',
};

/**
 * Never more than the API's limit is held: a bigger file stops the read at the limit and is reported,
 * so the sender can be told rather than the file being silently cut.
 */
export async function readMessageFile(
  load: () => Promise<FileBoxInterface>,
  type: InboundMessageType,
  maxBytes = MAX_ATTACHMENT_BYTES,
): Promise<MessageFile> {
  let box: FileBoxInterface;
  try {
    box = await load();
  } catch (error) {
    return { ok: false, problem: 'unreadable', detail: messageOf(error) };
  }
  const name = (box.name || DEFAULT_NAMES[type] || 'file').replace(/[\\/]/g, '_').slice(-MAX_ATTACHMENT_NAME);
  const mimeType = mimeTypeFor(name, box.mediaType);
  if (!isAllowedMimeType(mimeType))
    return { ok: false, problem: 'type_not_allowed', detail: mimeType.slice(0, 100) };
  if (typeof box.size === 'number' && box.size > maxBytes)
    return { ok: false, problem: 'too_large', detail: `${box.size} bytes` };
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    const stream = await box.toStream();
    for await (const chunk of stream) {
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
      size += buffer.length;
      if (size > maxBytes) {
        stream.destroy();
        return { ok: false, problem: 'too_large', detail: `more than ${maxBytes} bytes` };
      }
      chunks.push(buffer);
    }
  } catch (error) {
    return { ok: false, problem: 'unreadable', detail: messageOf(error) };
  }
  if (size === 0) return { ok: false, problem: 'unreadable', detail: 'empty file' };
  return { ok: true, name, mimeType, chunks, size };
}

function messageOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!.slice(0, 200);
}
