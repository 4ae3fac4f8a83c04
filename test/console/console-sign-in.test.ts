// Browser: the sign-in page as an unsigned visitor sees it (served, drawn in Chinese, accessible).
import { stat } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { axeViolations, type ConsoleHarness, screenshot, startConsole } from '../helpers/console-browser.js';

let h: ConsoleHarness;
// A real browser on 2 shared cores: page loads take seconds, not milliseconds.
vi.setConfig({ testTimeout: 90_000 });

beforeAll(async () => {
  h = await startConsole();
}, 300_000);

afterAll(async () => {
  await h?.close();
});

describe('console sign-in', () => {
  it('asks an unsigned visitor to sign in, in Chinese, with no accessibility violations', async () => {
    await h.page.goto(`${h.base}/console/`);
    await h.page.waitForURL(/\/console\/login/);
    await expect(h.page.getByRole('tab', { name: '微信登录码' }).isVisible()).resolves.toBe(true);
    expect(await h.page.getAttribute('html', 'lang')).toBe('zh-CN');
    expect(await axeViolations(h.page)).toEqual([]);
    const file = await screenshot(h.page, 'login');
    expect((await stat(file)).size).toBeGreaterThan(10_000);
  });
});
