// Finds the WeChat gateway (configured host:port, or discovered from the token) and checks it answers.
import { request } from 'node:https';
import { connect } from 'node:net';

/** Where wechaty-puppet-service looks tokens up, as the library does by default. */
export const DEFAULT_DISCOVERY_AUTHORITY = 'api.chatie.io';

/** Something an operator must fix or wait out, in one line: what is wrong and what to check. */
export class GatewayProblem extends Error {
  override name = 'GatewayProblem';
  constructor(
    message: string,
    /** A stable code, so repeated failures of one kind are logged once. */
    readonly code: string,
  ) {
    super(message);
  }
}

export interface GatewayEndpointOptions {
  token: string;
  /** `host:port` from WECHATY_PUPPET_SERVICE_ENDPOINT; without it the token is looked up. */
  endpoint?: string | undefined;
  authority?: string | undefined;
  timeoutMs?: number;
  /** The token lookup (a GET returning the status and body); replaced in tests. */
  lookUp?: (url: string, timeoutMs: number) => Promise<{ status: number; body: string }>;
}

/** The token's secret part never reaches a log: its prefix (the provider's SNI) is enough to recognise it. */
export function maskToken(token: string): string {
  const cut = token.lastIndexOf('_');
  return `${cut > 0 ? token.slice(0, cut + 1) : token.slice(0, 2)}…`;
}

/** The gateway's `host:port`: as configured, or as the discovery service knows the token. */
export async function resolveGatewayEndpoint(options: GatewayEndpointOptions): Promise<string> {
  if (options.endpoint) return options.endpoint;
  const authority = options.authority || DEFAULT_DISCOVERY_AUTHORITY;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const token = maskToken(options.token);
  const url = `https://${authority}/v0/hosties/${encodeURIComponent(options.token)}`;
  const orEndpoint = 'or set WECHATY_PUPPET_SERVICE_ENDPOINT to the gateway’s host:port';
  let answer: { status: number; body: string };
  try {
    answer = await (options.lookUp ?? httpsGet)(url, timeoutMs);
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
      throw new GatewayProblem(
        `cannot look up ${authority} to find the WeChat gateway for token ${token} (${code}): check the network and DNS, ${orEndpoint}`,
        `discovery_${code}`,
      );
    throw new GatewayProblem(
      `cannot reach ${authority} to find the WeChat gateway for token ${token} (${code ?? describe(error)}): check the network, ${orEndpoint}`,
      `discovery_${code ?? 'failed'}`,
    );
  }
  if (answer.status === 404 || answer.status === 400)
    throw new GatewayProblem(
      `token ${token} is unknown to ${authority}: check WECHATY_PUPPET_SERVICE_TOKEN (the provider’s token), ${orEndpoint}`,
      'token_unknown',
    );
  if (answer.status < 200 || answer.status >= 300)
    throw new GatewayProblem(
      `${authority} answered HTTP ${answer.status} when asked for token ${token}'s gateway: try again later, ${orEndpoint}`,
      `discovery_http_${answer.status}`,
    );
  let found: { host?: unknown; port?: unknown } | undefined;
  try {
    found = JSON.parse(answer.body) as { host?: unknown; port?: unknown };
  } catch {
    found = undefined;
  }
  if (!found || typeof found.host !== 'string' || !found.host || !Number(found.port))
    throw new GatewayProblem(
      `${authority} knows token ${token} but gave no gateway address: ask the provider, ${orEndpoint}`,
      'token_no_address',
    );
  return `${found.host}:${Number(found.port)}`;
}

/** Opens (and closes) a TCP connection to `host:port`; throws a GatewayProblem when nothing answers. */
export async function probeGateway(endpoint: string, timeoutMs = 5_000): Promise<void> {
  const { host, port } = splitEndpoint(endpoint);
  const check = 'check WECHATY_PUPPET_SERVICE_ENDPOINT and that the gateway is running';
  await new Promise<void>((resolve, reject) => {
    const socket = connect({ host, port, timeout: timeoutMs });
    socket.once('connect', () => {
      socket.destroy();
      resolve();
    });
    socket.once('timeout', () => {
      socket.destroy();
      reject(
        new GatewayProblem(
          `WeChat gateway ${endpoint} did not answer within ${Math.round(timeoutMs / 1000)} s: ${check}`,
          'gateway_timeout',
        ),
      );
    });
    socket.once('error', (error) => {
      const code = errorCode(error) ?? 'error';
      const what =
        code === 'ECONNREFUSED'
          ? 'refused the connection'
          : code === 'ENOTFOUND' || code === 'EAI_AGAIN'
            ? `cannot be found (${code})`
            : `is unreachable (${code})`;
      reject(new GatewayProblem(`WeChat gateway ${endpoint} ${what}: ${check}`, `gateway_${code}`));
    });
  });
}

export function splitEndpoint(endpoint: string): { host: string; port: number } {
  const match = /^\[?([^\]]+?)\]?:(\d{1,5})$/.exec(endpoint.trim());
  const port = Number(match?.[2]);
  if (!match?.[1] || !(port > 0 && port < 65536))
    throw new GatewayProblem(
      `WECHATY_PUPPET_SERVICE_ENDPOINT "${endpoint}" is not host:port (e.g. gateway.example.com:8788)`,
      'endpoint_invalid',
    );
  return { host: match[1], port };
}

function httpsGet(url: string, timeoutMs: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'GET', timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        if (body.length < 10_000) body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.once('timeout', () => req.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })));
    req.once('error', reject);
    req.end();
  });
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
