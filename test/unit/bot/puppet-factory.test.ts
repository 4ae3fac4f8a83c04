// Puppet choice: the service puppet with a token (built, never connected), the mock otherwise.

import { describe, expect, it } from 'vitest';
import { PuppetMock } from 'wechaty-puppet-mock';
import { PuppetService } from 'wechaty-puppet-service';
import { startsWithRoomPrefix } from '../../../bot/inbound/room-filter.js';
import { createPuppet } from '../../../bot/puppet-factory.js';

describe('createPuppet', () => {
  it('builds wechaty-puppet-service with the token and endpoint, without connecting', () => {
    const created = createPuppet({
      puppetServiceToken: 'puppet_workpro_0123456789abcdef',
      puppetServiceEndpoint: '10.0.0.5:8788',
      puppetServiceNoTls: true,
    });

    expect(created.kind).toBe('service');
    expect(created.puppet).toBeInstanceOf(PuppetService);
    const puppet = created.puppet as PuppetService;
    expect(puppet.options.token).toBe('puppet_workpro_0123456789abcdef');
    expect(puppet.options.endpoint).toBe('10.0.0.5:8788');
    expect(puppet.options.tls?.disable).toBe(true);
    expect(puppet.state.active()).toBe(false);
    expect(created.mocker).toBeUndefined();
  });

  it('falls back to the mock puppet with a mocker and a bot user', () => {
    const created = createPuppet({ puppetServiceToken: '  ' });

    expect(created.kind).toBe('mock');
    expect(created.puppet).toBeInstanceOf(PuppetMock);
    if (created.kind !== 'mock') return;
    expect(created.mocker.ContactMock.load(created.botUserId).payload.name).toBe('检网');
  });
});

describe('room keyword filter', () => {
  it.each([
    ['线索：有人赌博', true],
    ['  反映一个问题', true],
    ['\u3000求助', true],
    ['咨询离婚', true],
    ['绑定网格 城东一网格', true],
    ['我要举报', false],
    ['今天天气不错', false],
  ])('%s → %s', (text, expected) => {
    expect(startsWithRoomPrefix(text)).toBe(expected);
  });
});
