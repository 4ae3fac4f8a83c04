// Browser tests of the console: the real app on a loopback port with a test database, driven by Debian's chromium.
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { ensureConsoleBuilt, ROOT } from '../../scripts/console/console-build.js';
import { ADMIN, createTestApp, type TestApp } from './test-app.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Where screenshots go; CONSOLE_SCREENSHOTS_DIR=docs/screenshots refreshes the ones the README shows. */
export const SCREENSHOTS_DIR = path.resolve(ROOT, process.env.CONSOLE_SCREENSHOTS_DIR ?? 'data/screenshots');

export interface ConsoleHarness {
  t: TestApp;
  base: string;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Messages the page logged as errors (CSP violations, failed loads, uncaught exceptions). */
  pageErrors: string[];
  close(): Promise<void>;
}

export async function startConsole(
  options: Parameters<typeof createTestApp>[0] = {},
): Promise<ConsoleHarness> {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `no chromium at ${CHROMIUM}: apt-get install -y chromium fonts-noto-cjk (or set CHROMIUM_PATH)`,
    );
  await ensureConsoleBuilt();
  const t = await createTestApp(options);
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  const address = t.app.server.address();
  if (!address || typeof address !== 'object') throw new Error('the test app did not listen');
  const base = `http://127.0.0.1:${address.port}`;
  // Root in a container has no user namespace for chromium's sandbox.
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  const context = await browser.newContext({
    viewport: { width: 1366, height: 768 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    acceptDownloads: true,
    // As a person who asked for less motion: no half-faded dropdown is left for the accessibility check to measure.
    reducedMotion: 'reduce',
  });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text());
  });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  return {
    t,
    base,
    browser,
    context,
    page,
    pageErrors,
    close: async () => {
      await browser.close();
      await t.close();
    },
  };
}

/** Signs in through the page with the admin token and waits for the first page after sign-in. */
export async function signInWithAdminToken(h: ConsoleHarness): Promise<void> {
  await h.page.goto(`${h.base}/console/login`);
  await h.page.getByRole('tab', { name: '管理令牌' }).click();
  await h.page.getByRole('textbox', { name: '管理令牌' }).fill(ADMIN);
  await h.page.getByRole('button', { name: '登录' }).click();
  await h.page.waitForURL((url) => !url.pathname.endsWith('/login'));
}

const axeSource = readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; html: string }[];
}

/** WCAG 2.1 A/AA violations on the page as it is now (axe-core, evaluated over the DevTools protocol). */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(await axeSource);
  return page.evaluate(async () => {
    // Runs in the page: the browser's globals, which Node's type library does not declare.
    const page = globalThis as unknown as {
      axe: { run: (c: unknown, o: unknown) => Promise<unknown> };
      document: unknown;
    };
    const result = (await page.axe.run(page.document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    })) as { violations: AxeViolation[] };
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target, html: n.html.slice(0, 200) })),
    }));
  });
}

export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOTS_DIR, { recursive: true });
  const file = path.join(SCREENSHOTS_DIR, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}
