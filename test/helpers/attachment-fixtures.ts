// Test files and the bot's upload call: small real-looking PNG/PDF bytes, posted as the bot posts them.
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { auth, BOT, type TestApp } from './test-app.js';

/** A PNG signature followed by random bytes: passes the type check, differs per call. */
export function pngBytes(size = 2048): Buffer {
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    randomBytes(size - 8),
  ]);
}

export function pdfBytes(size = 1024): Buffer {
  return Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(size - 9)]);
}

export function uploadAttachment(
  t: Pick<TestApp, 'app'>,
  input: { messageId: string; name: string; mimeType: string; bytes: Buffer | Readable },
  token: string = BOT,
) {
  const query = new URLSearchParams({
    messageId: input.messageId,
    name: input.name,
    mimeType: input.mimeType,
  });
  return t.app.inject({
    method: 'POST',
    url: `/v1/attachments?${query}`,
    headers: { ...auth(token), 'content-type': 'application/octet-stream' },
    payload: input.bytes,
  });
}

/** A stream of `size` bytes in 64 KiB chunks, with no Content-Length: the limit must be enforced as it reads. */
export function byteStream(size: number, first: Buffer = Buffer.alloc(0)): Readable {
  let left = size;
  let head: Buffer | null = first;
  return new Readable({
    read() {
      if (head?.length) {
        left -= head.length;
        this.push(head);
        head = null;
        return;
      }
      if (left <= 0) return void this.push(null);
      const n = Math.min(left, 65_536);
      left -= n;
      this.push(Buffer.alloc(n, 7));
    },
  });
}
