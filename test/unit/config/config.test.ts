// The environment parsed once: production refuses guessable tokens, an unreadable data key and a bot without WeChat.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../api/config/config.js';

const strong = (prefix: string) => `${prefix}_${randomBytes(24).toString('base64url')}`;
const production = () => ({
  NODE_ENV: 'production',
  ADMIN_TOKEN: strong('adm'),
  BOT_TOKEN: strong('bot'),
  DATA_KEY: randomBytes(32).toString('base64'),
  WECHATY_PUPPET_SERVICE_TOKEN: 'puppet_workpro_0123456789abcdef',
});

function refusal(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error('the configuration was accepted');
}

describe('loadConfig in production', () => {
  it('accepts strong tokens, a valid key and a puppet token; no simulator', () => {
    const config = loadConfig(production());
    expect(config.env).toBe('production');
    expect(config.simulator).toEqual({ enabled: false, requireAdminToken: true });
    expect(config.trustProxy).toBe(false);
  });

  it('refuses tokens shorter than 32 characters, naming each', () => {
    const message = refusal({ ...production(), ADMIN_TOKEN: 'a', BOT_TOKEN: 'b'.repeat(31) });
    expect(message).toContain('ADMIN_TOKEN must be at least 32 characters');
    expect(message).toContain('BOT_TOKEN must be at least 32 characters');
    expect(() => loadConfig({ ...production(), BOT_TOKEN: 'b'.repeat(32) })).not.toThrow();
  });

  it('refuses missing tokens and key', () => {
    const { ADMIN_TOKEN: _a, BOT_TOKEN: _b, DATA_KEY: _k, ...rest } = production();
    const message = refusal(rest);
    for (const name of ['ADMIN_TOKEN', 'BOT_TOKEN', 'DATA_KEY'])
      expect(message).toContain(`${name} is required`);
  });

  it.each([
    ['16 bytes', randomBytes(16).toString('base64')],
    ['not base64', 'not a key!'],
    ['63 hex digits', 'a'.repeat(63)],
  ])('refuses a DATA_KEY of %s', (_what, key) => {
    expect(refusal({ ...production(), DATA_KEY: key })).toContain('DATA_KEY must be 32 bytes');
  });

  it('refuses a bot without a puppet token unless SIM_ENABLED=true, which then guards /sim', () => {
    const { WECHATY_PUPPET_SERVICE_TOKEN: _p, ...noPuppet } = production();
    expect(refusal(noPuppet)).toContain('the bot needs WECHATY_PUPPET_SERVICE_TOKEN');
    expect(refusal({ ...noPuppet, SIM_ENABLED: 'false' })).toContain('WECHATY_PUPPET_SERVICE_TOKEN');
    expect(loadConfig({ ...noPuppet, SIM_ENABLED: 'true' }).simulator).toEqual({
      enabled: true,
      requireAdminToken: true,
    });
    // Without the bot in this process there is no puppet to choose.
    expect(() => loadConfig({ ...noPuppet, COMPONENTS: 'api,jobs' })).not.toThrow();
  });

  it('names every problem on one line', () => {
    const message = refusal({ NODE_ENV: 'production', ADMIN_TOKEN: 'a', BOT_TOKEN: 'b', DATA_KEY: 'x' });
    expect(message.match(/; /g)?.length).toBeGreaterThanOrEqual(3);
  });
});

describe('loadConfig elsewhere', () => {
  it('serves the simulator openly in development and allows short tokens', () => {
    const config = loadConfig({ NODE_ENV: 'development', ADMIN_TOKEN: 'a', BOT_TOKEN: 'b' });
    expect(config.simulator).toEqual({ enabled: true, requireAdminToken: false });
    expect(loadConfig({ NODE_ENV: 'development', SIM_ENABLED: 'false' }).simulator.enabled).toBe(false);
  });

  it('refuses an unreadable DATA_KEY in any environment, before anything opens the database', () => {
    expect(refusal({ NODE_ENV: 'development', DATA_KEY: 'short' })).toContain('DATA_KEY must be 32 bytes');
  });

  it.each([
    ['', false],
    ['false', false],
    ['true', true],
    ['2', 2],
    ['10.0.0.1', ['10.0.0.1']],
    ['10.0.0.0/8, loopback,::1', ['10.0.0.0/8', 'loopback', '::1']],
  ])('reads TRUST_PROXY=%j', (value, expected) => {
    expect(loadConfig({ TRUST_PROXY: value }).trustProxy).toEqual(expected);
  });

  it.each(['yes please', '10.0.0.300', '10.0.0.0/33', '*'])('refuses TRUST_PROXY=%j', (value) => {
    expect(refusal({ TRUST_PROXY: value })).toContain('TRUST_PROXY');
  });

  it('reads BOT_QUEUE_KEY, which pins the bot queue key, and refuses one that is not 32 bytes', () => {
    const key = randomBytes(32).toString('hex');
    expect(loadConfig({ BOT_QUEUE_KEY: key }).botQueueKey).toBe(key);
    expect(loadConfig({}).botQueueKey).toBeUndefined();
    expect(refusal({ NODE_ENV: 'development', BOT_QUEUE_KEY: 'short' })).toContain(
      'BOT_QUEUE_KEY must be 32 bytes',
    );
  });

  it('builds phone links from PUBLIC_URL (default localhost on PORT) and lets them live PHONE_LINK_MINUTES', () => {
    expect(loadConfig({ PORT: '4100' })).toMatchObject({
      publicUrl: 'http://localhost:4100',
      phoneLinkMinutes: 30,
    });
    expect(
      loadConfig({ PUBLIC_URL: 'https://jw.example.gov.cn/jianwang/', PHONE_LINK_MINUTES: '10' }),
    ).toMatchObject({ publicUrl: 'https://jw.example.gov.cn/jianwang', phoneLinkMinutes: 10 });
    expect(refusal({ PUBLIC_URL: 'ftp://example.com' })).toContain('PUBLIC_URL');
    expect(refusal({ PUBLIC_URL: 'example.com' })).toContain('PUBLIC_URL');
    expect(refusal({ PHONE_LINK_MINUTES: '0' })).toContain('PHONE_LINK_MINUTES');
  });

  it('reminds of a mediation without an outcome after MEDIATION_REMIND_WORKING_DAYS (default 5)', () => {
    expect(loadConfig({}).mediation).toEqual({ remindAfterWorkingDays: 5 });
    expect(loadConfig({ MEDIATION_REMIND_WORKING_DAYS: '2' }).mediation).toEqual({
      remindAfterWorkingDays: 2,
    });
    expect(refusal({ MEDIATION_REMIND_WORKING_DAYS: '0' })).toContain('MEDIATION_REMIND_WORKING_DAYS');
  });
});
