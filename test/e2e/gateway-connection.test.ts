// Real gRPC path: wechaty-puppet-service's PuppetServer over a mock on loopback is a gateway the bot logs in to, loses and finds again.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileBox } from 'file-box';
import { afterEach, describe, expect, it } from 'vitest';
import { types } from 'wechaty';
import { mock, PuppetMock } from 'wechaty-puppet-mock';
import { PuppetServer } from 'wechaty-puppet-service';
import { type Bot, createBot } from '../../bot/create-bot.js';
import { createPuppet } from '../../bot/puppet-factory.js';
import { createFakeBotApi } from '../bot/support/fake-bot-api.js';
import { captureLogs } from '../helpers/log-capture.js';

const TOKEN = 'insecure_jianwang_gateway_test';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function gateway(port: number, mocker = new mock.Mocker()) {
  const user = mocker.createContact({ id: 'gateway-bot', name: '检网' });
  mocker.use(() => {
    mocker.login(user);
    return () => undefined;
  });
  const server = new PuppetServer({
    endpoint: `127.0.0.1:${port}`,
    puppet: new PuppetMock({ mocker }),
    token: TOKEN,
    tls: { disable: true },
  });
  return server;
}

const until = async (check: () => boolean, ms = 30_000) => {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 50));
  return check();
};

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

describe('bot through a wechaty-puppet-service gateway', () => {
  it('waits for a gateway that is not up yet, logs in once it is, and reports each state', {
    timeout: 120_000,
  }, async () => {
    const port = await freePort();
    const created = createPuppet({
      puppetServiceToken: TOKEN,
      puppetServiceEndpoint: `127.0.0.1:${port}`,
      puppetServiceNoTls: true,
    });
    if (created.kind !== 'service') throw new Error('expected the service puppet');
    const queueDir = await mkdtemp(join(tmpdir(), 'jw-gateway-'));
    const logs = captureLogs();
    const bot: Bot = createBot({
      puppet: created.puppet,
      api: createFakeBotApi(),
      logger: logs.logger,
      queueDir,
      queueKey: randomBytes(32),
      outbox: { enabled: false },
      retry: { baseMs: 50, maxMs: 200 },
      gateway: { puppet: created.puppet, settings: { token: TOKEN, endpoint: `127.0.0.1:${port}` } },
    });
    cleanups.push(
      () => rm(queueDir, { recursive: true, force: true }),
      () => bot.stop(),
    );

    await bot.start();
    expect(bot.connection.status().state).toBe('connecting');
    expect(await until(() => logs.lines.some((l) => /refused the connection/.test(l.msg ?? '')))).toBe(true);

    const server = gateway(port);
    await server.start();
    cleanups.push(() => server.stop());
    expect(await until(() => bot.connection.status().state === 'logged_in', 60_000)).toBe(true);
    expect(logs.lines.some((l) => l.msg === 'connected to the WeChat gateway')).toBe(true);
    expect(bot.connection.status().notLoggedInSince).toBeNull();

    // The gateway goes away: noticed, reported, and logged in again once a gateway is back on that address.
    await server.stop();
    expect(await until(() => bot.connection.status().state === 'connecting', 60_000)).toBe(true);
    const again = gateway(port);
    await again.start();
    cleanups.push(() => again.stop());
    expect(await until(() => bot.connection.status().state === 'logged_in', 60_000)).toBe(true);

    await bot.stop();
    expect(bot.connection.status().state).toBe('off');
  });

  it('carries a photo over gRPC (FileBox transfer): the bot uploads the very bytes sent on the gateway side', {
    timeout: 120_000,
  }, async () => {
    const port = await freePort();
    const mocker = new mock.Mocker();
    const server = gateway(port, mocker);
    await server.start();
    cleanups.push(() => server.stop());
    const created = createPuppet({
      puppetServiceToken: TOKEN,
      puppetServiceEndpoint: `127.0.0.1:${port}`,
      puppetServiceNoTls: true,
    });
    if (created.kind !== 'service') throw new Error('expected the service puppet');
    const queueDir = await mkdtemp(join(tmpdir(), 'jw-gateway-file-'));
    const api = createFakeBotApi();
    api.replyFor = () => null;
    const bot: Bot = createBot({
      puppet: created.puppet,
      api,
      logger: captureLogs().logger,
      queueDir,
      queueKey: randomBytes(32),
      outbox: { enabled: false },
      gateway: { puppet: created.puppet, settings: { token: TOKEN, endpoint: `127.0.0.1:${port}` } },
    });
    cleanups.push(
      () => rm(queueDir, { recursive: true, force: true }),
      () => bot.stop(),
    );
    await bot.start();
    expect(await until(() => bot.connection.status().state === 'logged_in', 60_000)).toBe(true);

    const resident = mocker.createContact({ id: 'wxid_gateway_resident', name: '陈阿姨' });
    const photo = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      randomBytes(300_000),
    ]);
    const message = mocker.MessageMock.create({
      id: 'gateway-photo-1',
      talkerId: resident.id,
      listenerId: 'gateway-bot',
      timestamp: Date.now(),
      type: types.Message.Image,
    });
    mocker.cacheFileBoxPayload.set(
      message.id,
      FileBox.fromBase64(photo.toString('base64'), 'leak.png').toJSON(),
    );
    mocker.puppet.emit('message', { messageId: message.id });

    expect(await until(() => api.recorded.has('gateway-photo-1'), 60_000)).toBe(true);
    expect(api.recorded.get('gateway-photo-1')).toMatchObject({ type: 'image', text: '[图片]' });
    expect(api.uploads.get('gateway-photo-1')).toMatchObject({ name: 'leak.png', mimeType: 'image/png' });
    expect(api.uploads.get('gateway-photo-1')?.bytes.equals(photo)).toBe(true);
  });
});
