// The key that encrypts the bot's disk queue: BOT_QUEUE_KEY when set, otherwise derived from BOT_TOKEN.
import { hkdfSync } from 'node:crypto';
import { decodeDataKey } from '../../api/security/data-key-format.js';

/**
 * The bot has no database and may run on another host, so it holds no data key. BOT_TOKEN is a secret it
 * must have anyway and keeps in its environment, not on the disk the queue is on: a copy of the queue
 * directory alone reads as nothing. Changing BOT_TOKEN changes the derived key, so either let the queue
 * drain first or pin BOT_QUEUE_KEY (32 bytes, 64 hex digits or base64) to keep one key across token changes.
 */
export function botQueueKey(options: { botQueueKey?: string | undefined; botToken: string }): Buffer {
  if (options.botQueueKey) {
    const key = decodeDataKey(options.botQueueKey);
    if (!key) throw new Error('BOT_QUEUE_KEY must be 32 bytes written as 64 hex digits or base64');
    return key;
  }
  return Buffer.from(hkdfSync('sha256', options.botToken, 'jianwang bot-queue', 'v1', 32));
}
