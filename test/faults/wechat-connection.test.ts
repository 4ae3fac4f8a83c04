// Real WeChat that cannot connect: a bad token or an unreachable gateway ends in one readable line, retries, and a 503 /health.
import { createServer } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { type SpawnedServer, spawnServer } from '../helpers/spawn-server.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';
import { tempDir } from './support/live-stack.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
});

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** npm start with real-WeChat settings, on a fresh data directory (and a fresh database on Postgres). */
async function start(env: Record<string, string>): Promise<SpawnedServer> {
  const dataDir = await tempDir('jw-wechat-');
  let database: TestDatabase | undefined;
  if (process.env.DATABASE_URL) database = await createTestDatabase();
  const server = spawnServer({
    NODE_ENV: 'development',
    HOST: '127.0.0.1',
    PORT: '0',
    DATA_DIR: dataDir.path,
    DATABASE_URL: database?.url ?? '',
    LOG_LEVEL: 'debug',
    BOT_LOGIN_GRACE_SECONDS: '2',
    ...env,
  });
  cleanups.push(
    () => server.stop(),
    () => dataDir.remove(),
    async () => database?.close(),
  );
  return server;
}

const apiUrl = (output: string) => /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];

async function health(server: SpawnedServer): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${apiUrl(server.output())}/health`);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Messages logged by the bot component (pino JSON lines). */
function botLines(output: string): { level: number; msg: string }[] {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{') && line.includes('"component":"bot"'))
    .map((line) => JSON.parse(line) as { level: number; msg: string });
}

function expectNoLibraryNoise(output: string) {
  expect(output).not.toMatch(/^\s+at /m);
  expect(output).not.toContain('TypeError');
  expect(output).not.toContain('listener.onError');
  expect(output).not.toMatch(/WechatyResolver|GrpcManager|WechatyToken/);
}

describe('npm start with real WeChat that cannot connect', () => {
  it('with a bad token: one line saying the token cannot be resolved and what to check; keeps running and retrying', {
    timeout: 480_000,
  }, async () => {
    // The bot alone (no API, so no model to train): the token's line and the retries are the bot's.
    const server = await start({
      WECHATY_PUPPET_SERVICE_TOKEN: 'puppet_fake_xxx',
      COMPONENTS: 'bot',
      API_URL: `http://127.0.0.1:${await closedPort()}`,
    });
    // Without DNS the look-up fails; with a network the discovery service does not know the token.
    const problem = /(cannot look up|cannot reach|is unknown to) api\.chatie\.io/;
    await server.waitFor((out) => botLines(out).filter((l) => problem.test(l.msg)).length >= 2, 420_000);

    const lines = botLines(server.output()).filter((l) => problem.test(l.msg));
    // One error line; the retries that follow only at debug.
    expect(lines.filter((l) => l.level >= 50)).toHaveLength(1);
    expect(lines[0]?.msg).toMatch(/WECHATY_PUPPET_SERVICE_(TOKEN|ENDPOINT)/);
    expect(lines[0]?.msg).toMatch(/\(retrying in \d+ s\)$/);
    expect(lines[0]?.msg).not.toContain('xxx');
    expectNoLibraryNoise(server.output());
    expect(server.child.exitCode).toBeNull();
    expect(await server.stop()).toBe(0);
  });

  it('with an unreachable gateway: one line naming it, retries with back-off, /health 503 after the grace time', {
    timeout: 480_000,
  }, async () => {
    const port = await closedPort();
    const server = await start({
      WECHATY_PUPPET_SERVICE_TOKEN: 'insecure_0123456789',
      WECHATY_PUPPET_SERVICE_ENDPOINT: `127.0.0.1:${port}`,
      WECHATY_PUPPET_SERVICE_NO_TLS: 'true',
    });
    const refused = `WeChat gateway 127.0.0.1:${port} refused the connection`;
    // Start-up trains the intents model: 35 s on an idle machine, minutes on a loaded 2-core one.
    await server.waitFor(
      (out) =>
        apiUrl(out) !== undefined && botLines(out).filter((l) => l.msg.startsWith(refused)).length >= 3,
      420_000,
    );

    const lines = botLines(server.output()).filter((l) => l.msg.startsWith(refused));
    expect(lines.filter((l) => l.level >= 50)).toHaveLength(1);
    expect(lines[0]?.msg).toContain('check WECHATY_PUPPET_SERVICE_ENDPOINT and that the gateway is running');
    const delays = lines.map((l) => Number(/retrying in (\d+) s/.exec(l.msg)?.[1]));
    expect(delays[2]).toBeGreaterThan(delays[0] ?? 0);
    expectNoLibraryNoise(server.output());

    const { status, body } = await health(server);
    expect(status).toBe(503);
    expect(body).toMatchObject({
      status: 'degraded',
      bot: { state: 'connecting', since: expect.any(String) },
    });
    expect(await server.stop()).toBe(0);
  });
});
