// In-memory stand-in for the Jianwang API as the bot uses it, with switchable failures.
import {
  ApiRequestError,
  type AttachmentUpload,
  type BotApi,
  type OutboxItem,
  type PostMessageBody,
  type PostMessageResult,
} from '../../../bot/api-client.js';

export interface FakeBotApi extends BotApi {
  /** Every postMessage call that reached the API (including failed ones). */
  calls: PostMessageBody[];
  /** Messages recorded (first delivery of each messageId). */
  recorded: Map<string, PostMessageBody>;
  /** The next `n` postMessage calls fail: retryable (503) or permanent (400). */
  failNext(n: number, kind?: 'retryable' | 'permanent'): void;
  /** All calls fail (retryable) until `up()`. */
  down(): void;
  up(): void;
  replyFor: (body: PostMessageBody) => string | null;
  outbox: OutboxItem[];
  sent: string[];
  failed: { id: string; error: string }[];
  leases: number[];
  /** Files stored, by message id (bytes joined). */
  uploads: Map<string, { name: string; mimeType: string; bytes: Buffer }>;
  /** Every upload call that reached the API, in order (message ids). */
  uploadCalls: string[];
}

export function createFakeBotApi(): FakeBotApi {
  let failures = 0;
  let failKind: 'retryable' | 'permanent' = 'retryable';
  let isDown = false;
  const answers = new Map<string, PostMessageResult>();

  const api: FakeBotApi = {
    calls: [],
    recorded: new Map(),
    outbox: [],
    sent: [],
    failed: [],
    leases: [],
    uploads: new Map(),
    uploadCalls: [],
    replyFor: (body) => `已收到：${body.text.length}字`,
    failNext(n, kind = 'retryable') {
      failures = n;
      failKind = kind;
    },
    down() {
      isDown = true;
    },
    up() {
      isDown = false;
    },
    async postMessage(body) {
      api.calls.push(body);
      if (isDown)
        throw new ApiRequestError('POST /v1/messages: API unreachable', true, undefined, 'unreachable');
      if (failures > 0) {
        failures--;
        if (failKind === 'permanent') throw new ApiRequestError('HTTP 400', false, 400, 'invalid_input');
        throw new ApiRequestError('HTTP 503', true, 503, 'unavailable');
      }
      const known = answers.get(body.messageId);
      if (known) return { ...known, duplicate: true };
      const answer: PostMessageResult = { reply: api.replyFor(body), duplicate: false };
      answers.set(body.messageId, answer);
      api.recorded.set(body.messageId, body);
      return answer;
    },
    async uploadAttachment(upload: AttachmentUpload) {
      api.uploadCalls.push(upload.messageId);
      if (isDown)
        throw new ApiRequestError('POST /v1/attachments: API unreachable', true, undefined, 'unreachable');
      if (!api.uploads.has(upload.messageId))
        api.uploads.set(upload.messageId, {
          name: upload.name,
          mimeType: upload.mimeType,
          bytes: Buffer.concat(upload.chunks),
        });
    },
    async leaseOutbox(limit) {
      api.leases.push(limit);
      return { items: api.outbox.splice(0, limit) };
    },
    async markSent(id) {
      api.sent.push(id);
    },
    async markFailed(id, error) {
      api.failed.push({ id, error });
    },
  };
  return api;
}
