// The HTTP client: paths, bearer token, bodies, and which failures are retryable.
import { describe, expect, it } from 'vitest';
import { ApiRequestError, createApiClient, isRetryableApiError } from '../../../bot/api-client.js';

type Call = { url: string; init: RequestInit };

function fakeFetch(respond: (call: Call) => Response | Promise<Response>) {
  const calls: Call[] = [];
  const fetchImpl = (async (url: string | URL | Request, init?: RequestInit) => {
    const call = { url: String(url), init: init ?? {} };
    calls.push(call);
    return respond(call);
  }) as typeof fetch;
  return { calls, fetchImpl };
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

const body = {
  messageId: 'm1',
  from: { id: 'u1', name: '张三' },
  text: '你好',
  type: 'text' as const,
  receivedAt: '2026-03-02T01:00:00.000Z',
};

describe('api client', () => {
  it('posts a message with the bot token and returns the reply', async () => {
    const { calls, fetchImpl } = fakeFetch(() =>
      json(200, { caseNo: 'GL-2026-000001', reply: '已受理', duplicate: false }),
    );
    const api = createApiClient({ apiUrl: 'http://api.local/', botToken: 'tok', fetch: fetchImpl });

    expect(await api.postMessage(body)).toEqual({
      caseNo: 'GL-2026-000001',
      reply: '已受理',
      duplicate: false,
    });
    expect(calls[0]?.url).toBe('http://api.local/v1/messages');
    expect(calls[0]?.init.method).toBe('POST');
    expect(new Headers(calls[0]?.init.headers).get('authorization')).toBe('Bearer tok');
    expect(JSON.parse(String(calls[0]?.init.body))).toEqual(body);
  });

  it('leases the outbox and marks items sent and failed', async () => {
    const { calls, fetchImpl } = fakeFetch(({ url }) =>
      url.includes('/v1/outbox?')
        ? json(200, {
            items: [{ id: 'o1', to: { kind: 'room', id: 'r@chatroom' }, text: '提醒', attempts: 1 }],
          })
        : new Response(null, { status: 204 }),
    );
    const api = createApiClient({ apiUrl: 'http://api.local', botToken: 'tok', fetch: fetchImpl });

    expect(await api.leaseOutbox(5)).toEqual({
      items: [{ id: 'o1', to: { kind: 'room', id: 'r@chatroom' }, text: '提醒', attempts: 1 }],
    });
    await api.markSent('o1');
    await api.markFailed('o 2', 'contact not found');

    expect(calls.map((c) => [c.init.method, c.url])).toEqual([
      ['GET', 'http://api.local/v1/outbox?limit=5'],
      ['POST', 'http://api.local/v1/outbox/o1/sent'],
      ['POST', 'http://api.local/v1/outbox/o%202/failed'],
    ]);
    expect(JSON.parse(String(calls[2]?.init.body))).toEqual({ error: 'contact not found' });
  });

  it.each([
    ['503', () => json(503, { error: { code: 'db_down', message: 'x' } }), true],
    ['500', () => json(500, { error: { code: 'internal', message: 'x' } }), true],
    ['429', () => json(429, {}), true],
    ['400', () => json(400, { error: { code: 'invalid_input', message: 'x' } }), false],
    ['401', () => json(401, { error: { code: 'unauthorized', message: 'x' } }), false],
    [
      'network error',
      () => {
        throw new TypeError('fetch failed');
      },
      true,
    ],
  ])('classifies %s as retryable=%s', async (_name, respond, retryable) => {
    const { fetchImpl } = fakeFetch(respond as () => Response);
    const api = createApiClient({ apiUrl: 'http://api.local', botToken: 'tok', fetch: fetchImpl });

    const error = await api.postMessage(body).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApiRequestError);
    expect(isRetryableApiError(error)).toBe(retryable);
    expect((error as Error).message).not.toContain('你好');
  });

  it('keeps the error code from the API body', async () => {
    const { fetchImpl } = fakeFetch(() => json(403, { error: { code: 'forbidden', message: 'no' } }));
    const api = createApiClient({ apiUrl: 'http://api.local', botToken: 'tok', fetch: fetchImpl });

    await expect(api.markSent('x')).rejects.toMatchObject({
      status: 403,
      code: 'forbidden',
      retryable: false,
    });
  });

  it('streams a file to POST /v1/attachments as octet-stream and counts a replay (409) as stored', async () => {
    const received: Buffer[] = [];
    const { calls, fetchImpl } = fakeFetch(async (call) => {
      received.push(Buffer.from(await new Response(call.init.body).arrayBuffer()));
      return calls.length === 1
        ? json(201, { id: 1 })
        : json(409, { error: { code: 'attachment_exists', message: 'exists' } });
    });
    const api = createApiClient({ apiUrl: 'http://api.local', botToken: 'tok', fetch: fetchImpl });
    const upload = {
      messageId: 'm 1',
      name: '照片.png',
      mimeType: 'image/png',
      chunks: [Buffer.from('ab'), Buffer.from('cd')],
    };
    await api.uploadAttachment(upload);
    await api.uploadAttachment(upload);
    const url = new URL(calls[0]!.url);
    expect(url.pathname).toBe('/v1/attachments');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      messageId: 'm 1',
      name: '照片.png',
      mimeType: 'image/png',
    });
    expect(calls[0]!.init.headers).toMatchObject({
      authorization: 'Bearer tok',
      'content-type': 'application/octet-stream',
    });
    expect(calls[0]!.init.body).toBeInstanceOf(ReadableStream);
    expect(received.map(String)).toEqual(['abcd', 'abcd']);
  });

  it('reports a refused file as a permanent error with its code', async () => {
    const { fetchImpl } = fakeFetch(() =>
      json(413, { error: { code: 'attachment_too_large', message: 'big' } }),
    );
    const api = createApiClient({ apiUrl: 'http://api.local', botToken: 'tok', fetch: fetchImpl });
    await expect(
      api.uploadAttachment({
        messageId: 'm',
        name: 'a.png',
        mimeType: 'image/png',
        chunks: [Buffer.from('x')],
      }),
    ).rejects.toMatchObject({ retryable: false, status: 413, code: 'attachment_too_large' });
  });
});
