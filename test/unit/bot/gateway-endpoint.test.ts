// Finding and checking the WeChat gateway: each failure is one line naming what to check, never the token's secret.
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import {
  GatewayProblem,
  maskToken,
  probeGateway,
  resolveGatewayEndpoint,
} from '../../../bot/connection/gateway-endpoint.js';

const token = 'puppet_fake_0123456789secret';
const problemOf = async (promise: Promise<unknown>): Promise<GatewayProblem> => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GatewayProblem);
  const problem = error as GatewayProblem;
  expect(problem.message).not.toContain('0123456789secret');
  expect(problem.message).not.toContain('\n');
  return problem;
};

describe('gateway endpoint', () => {
  it('uses the configured endpoint without asking anyone', async () => {
    const lookUp = async () => {
      throw new Error('must not be called');
    };
    expect(await resolveGatewayEndpoint({ token, endpoint: 'gw.example:8788', lookUp })).toBe(
      'gw.example:8788',
    );
  });

  it('looks the token up and returns host:port', async () => {
    const urls: string[] = [];
    const endpoint = await resolveGatewayEndpoint({
      token,
      lookUp: async (url) => {
        urls.push(url);
        return { status: 200, body: '{"host":"1.2.3.4","port":8788}' };
      },
    });
    expect(endpoint).toBe('1.2.3.4:8788');
    expect(urls).toEqual([`https://api.chatie.io/v0/hosties/${token}`]);
  });

  it('says a token is unknown, or that the discovery service cannot be reached, in one line', async () => {
    const unknown = await problemOf(
      resolveGatewayEndpoint({ token, lookUp: async () => ({ status: 404, body: '' }) }),
    );
    expect(unknown.message).toBe(
      'token puppet_fake_… is unknown to api.chatie.io: check WECHATY_PUPPET_SERVICE_TOKEN (the provider’s token), or set WECHATY_PUPPET_SERVICE_ENDPOINT to the gateway’s host:port',
    );
    const dns = await problemOf(
      resolveGatewayEndpoint({
        token,
        lookUp: async () => {
          throw Object.assign(new Error('getaddrinfo ENOTFOUND api.chatie.io'), { code: 'ENOTFOUND' });
        },
      }),
    );
    expect(dns.message).toMatch(
      /^cannot look up api\.chatie\.io to find the WeChat gateway for token puppet_fake_… \(ENOTFOUND\): check the network and DNS, or set WECHATY_PUPPET_SERVICE_ENDPOINT/,
    );
    const broken = await problemOf(
      resolveGatewayEndpoint({ token, lookUp: async () => ({ status: 200, body: 'not json' }) }),
    );
    expect(broken.code).toBe('token_no_address');
  });

  it('masks a token down to its provider prefix', () => {
    expect(maskToken('puppet_fake_xxx')).toBe('puppet_fake_…');
    expect(maskToken('secret')).toBe('se…');
  });

  it('probes a listening gateway and names a refused or malformed endpoint', async () => {
    const server = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    await expect(probeGateway(`127.0.0.1:${port}`)).resolves.toBeUndefined();
    await new Promise<void>((resolve) => server.close(() => resolve()));

    const refused = await problemOf(probeGateway(`127.0.0.1:${port}`));
    expect(refused.message).toBe(
      `WeChat gateway 127.0.0.1:${port} refused the connection: check WECHATY_PUPPET_SERVICE_ENDPOINT and that the gateway is running`,
    );
    const malformed = await problemOf(probeGateway('gateway-without-port'));
    expect(malformed.code).toBe('endpoint_invalid');
  });
});
