// HTTP client for the Jianwang API as the bot sees it: inbound messages and the outbox lease.
import type {
  AttachmentProblem,
  InboundMessage,
  InboundMessageType,
  InboundResult,
} from '../api/messages/inbound-message.js';

/** What the bot posts: the contract is defined once, in the API, and imported here. */
export type PostMessageBody = InboundMessage;
export type PostMessageResult = InboundResult;
export type { AttachmentProblem, InboundMessageType };

/** One message's file as the bot read it from WeChat (at most MAX_ATTACHMENT_BYTES). */
export interface AttachmentUpload {
  messageId: string;
  name: string;
  mimeType: string;
  /** The bytes in the chunks they were read in; sent as a stream. */
  chunks: Buffer[];
}

/** Codes of POST /v1/attachments that refuse the file itself: the message is posted without it. */
export const FILE_REFUSALS: Readonly<Record<string, AttachmentProblem>> = {
  attachment_too_large: 'too_large',
  attachment_type_not_allowed: 'type_not_allowed',
  attachment_empty: 'unreadable',
};

export interface OutboxItem {
  id: string;
  to: { kind: 'contact' | 'room'; id: string };
  text: string;
  attempts: number;
}

/** What the bot needs from the API; the HTTP client implements it, tests pass an in-memory fake. */
export interface BotApi {
  postMessage(body: PostMessageBody): Promise<PostMessageResult>;
  /** Stores a message's file before the message is posted; a replay (409 attachment_exists) counts as stored. */
  uploadAttachment(upload: AttachmentUpload): Promise<void>;
  leaseOutbox(limit: number): Promise<{ items: OutboxItem[] }>;
  markSent(id: string): Promise<void>;
  markFailed(id: string, error: string): Promise<void>;
}

/**
 * A failed API call. `retryable` is true when trying again later can succeed (network down,
 * timeout, 5xx, 429); false when the API refused the request itself (other 4xx).
 */
export class ApiRequestError extends Error {
  override readonly name = 'ApiRequestError';
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly status?: number,
    readonly code?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isRetryableApiError(error: unknown): boolean {
  return error instanceof ApiRequestError && error.retryable;
}

export function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 429 || status === 408;
}

export interface ApiClientOptions {
  apiUrl: string;
  botToken: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export function createApiClient(options: ApiClientOptions): BotApi {
  const doFetch = options.fetch ?? globalThis.fetch;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const base = options.apiUrl.replace(/\/+$/, '');

  async function request(
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
    raw?: { chunks: Buffer[]; timeoutMs: number },
  ): Promise<Response> {
    const headers: Record<string, string> = { authorization: `Bearer ${options.botToken}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (raw) headers['content-type'] = 'application/octet-stream';
    let response: Response;
    try {
      response = await doFetch(`${base}${path}`, {
        method,
        headers,
        body: raw ? streamOf(raw.chunks) : body === undefined ? undefined : JSON.stringify(body),
        // A streamed request body needs half duplex in Node's fetch.
        ...(raw ? { duplex: 'half' } : {}),
        signal: AbortSignal.timeout(raw?.timeoutMs ?? timeoutMs),
      } as RequestInit);
    } catch (cause) {
      throw new ApiRequestError(`${method} ${path}: API unreachable`, true, undefined, 'unreachable', {
        cause,
      });
    }
    if (!response.ok) {
      const code = await errorCode(response);
      throw new ApiRequestError(
        `${method} ${path}: HTTP ${response.status}${code ? ` (${code})` : ''}`,
        isRetryableStatus(response.status),
        response.status,
        code,
      );
    }
    return response;
  }

  async function json(response: Response, what: string): Promise<unknown> {
    try {
      return await response.json();
    } catch (cause) {
      throw new ApiRequestError(`${what}: response is not JSON`, false, response.status, 'bad_response', {
        cause,
      });
    }
  }

  return {
    async postMessage(body) {
      const response = await request('POST', '/v1/messages', body);
      const data = (await json(response, 'POST /v1/messages')) as Partial<PostMessageResult> | null;
      if (!data || typeof data !== 'object' || (data.reply !== null && typeof data.reply !== 'string')) {
        throw new ApiRequestError('POST /v1/messages: unexpected response shape', false, 200, 'bad_response');
      }
      return {
        ...(typeof data.caseNo === 'string' ? { caseNo: data.caseNo } : {}),
        reply: data.reply ?? null,
        duplicate: data.duplicate === true,
      };
    },
    async uploadAttachment(upload) {
      const query = new URLSearchParams({
        messageId: upload.messageId,
        name: upload.name,
        mimeType: upload.mimeType,
      });
      const size = upload.chunks.reduce((n, c) => n + c.length, 0);
      try {
        // A slow uplink must not cut a 20 MB file short: a second per 256 KiB on top of the usual timeout.
        const response = await request('POST', `/v1/attachments?${query}`, undefined, {
          chunks: upload.chunks,
          timeoutMs: timeoutMs + Math.ceil(size / 262_144) * 1000,
        });
        await drain(response);
      } catch (error) {
        // The same message's file reached the API before (a retry after a lost answer): it is stored.
        if (error instanceof ApiRequestError && error.code === 'attachment_exists') return;
        throw error;
      }
    },
    async leaseOutbox(limit) {
      const response = await request('GET', `/v1/outbox?limit=${encodeURIComponent(String(limit))}`);
      const data = (await json(response, 'GET /v1/outbox')) as { items?: unknown } | null;
      if (!data || !Array.isArray(data.items)) {
        throw new ApiRequestError('GET /v1/outbox: unexpected response shape', false, 200, 'bad_response');
      }
      return {
        items: data.items.filter(isOutboxItem).map((item) => ({
          id: item.id,
          to: { kind: item.to.kind, id: item.to.id },
          text: item.text,
          attempts: typeof item.attempts === 'number' ? item.attempts : 0,
        })),
      };
    },
    async markSent(id) {
      await drain(await request('POST', `/v1/outbox/${encodeURIComponent(id)}/sent`));
    },
    async markFailed(id, error) {
      await drain(await request('POST', `/v1/outbox/${encodeURIComponent(id)}/failed`, { error }));
    },
  };
}

function streamOf(chunks: Buffer[]): ReadableStream<Uint8Array> {
  let next = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = chunks[next++];
      if (chunk) controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      else controller.close();
    },
  });
}

async function errorCode(response: Response): Promise<string | undefined> {
  try {
    const data = (await response.json()) as { error?: { code?: unknown } } | null;
    return typeof data?.error?.code === 'string' ? data.error.code : undefined;
  } catch {
    return undefined;
  }
}

async function drain(response: Response): Promise<void> {
  // Releases the connection back to the pool even when a 200 carries a body.
  await response.arrayBuffer().catch(() => undefined);
}

function isOutboxItem(value: unknown): value is OutboxItem {
  if (!value || typeof value !== 'object') return false;
  const item = value as Partial<OutboxItem>;
  return (
    typeof item.id === 'string' &&
    typeof item.text === 'string' &&
    !!item.to &&
    (item.to.kind === 'contact' || item.to.kind === 'room') &&
    typeof item.to.id === 'string'
  );
}
