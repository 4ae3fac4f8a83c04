// The simulator's prosecutor picker lists the registry's prosecutors who have a WeChat id, with their groups.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registeredProsecutors } from '../../scripts/process-runtime.js';
import { ADMIN, auth, createTestApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
}, 180_000);
afterAll(async () => t?.close());

describe('simulator prosecutor identities', () => {
  it('lists the seeded prosecutors, demo-prosecutor-08 with its group, and a newly registered one', async () => {
    const seeded = await registeredProsecutors(t.app);
    expect(seeded.length).toBeGreaterThan(1);
    expect(seeded).toContainEqual({
      wechatId: 'demo-prosecutor-08',
      name: expect.any(String),
      groups: [expect.stringContaining('第三检察官办案组')],
    });

    const created = await t.app.inject({
      method: 'POST',
      url: '/v1/people',
      headers: auth(ADMIN),
      payload: { name: '新检察官', role: 'prosecutor', wechatId: 'wx-new-prosecutor' },
    });
    expect(created.statusCode).toBe(201);
    const after = await registeredProsecutors(t.app);
    expect(after).toContainEqual({ wechatId: 'wx-new-prosecutor', name: '新检察官', groups: [] });
    expect(after.every((p) => p.wechatId)).toBe(true);
  });

  it('offers no one without an API in the process', async () => {
    expect(await registeredProsecutors(undefined)).toEqual([]);
  });
});
