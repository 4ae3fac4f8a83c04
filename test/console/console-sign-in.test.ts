// Browser: the sign-in page, signing in with the admin token, the frame and the first page, signing out.
import { stat } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  axeViolations,
  type ConsoleHarness,
  screenshot,
  signInWithAdminToken,
  startConsole,
} from '../helpers/console-browser.js';

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

  it('refuses a wrong admin token with a clear message and stays on the sign-in page', async () => {
    await h.page.getByRole('tab', { name: '管理令牌' }).click();
    await h.page.getByRole('textbox', { name: '管理令牌' }).fill('not-the-token');
    await h.page.getByRole('button', { name: '登录' }).click();
    await expect(h.page.getByRole('alert').textContent()).resolves.toContain('令牌无效');
    expect(new URL(h.page.url()).pathname).toBe('/console/login');
  });

  it('signs in with the admin token, shows the dashboard, and signs out', async () => {
    await signInWithAdminToken(h);
    await h.page.getByRole('heading', { name: '总览' }).waitFor();
    expect(await h.page.getByTestId('who').textContent()).toContain('管理员');
    await h.page.getByRole('button', { name: '退出登录' }).click();
    await h.page.waitForURL(/\/console\/login/);
    await h.page.goto(`${h.base}/console/`);
    await h.page.waitForURL(/\/console\/login/);
    expect(h.pageErrors.filter((e) => !/401|Unauthorized/i.test(e))).toEqual([]);
  });
});
