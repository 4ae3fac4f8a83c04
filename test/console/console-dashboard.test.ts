// Browser: 总览 draws every chart from GET /v1/stats/dashboard, and a community's bar opens the case list filtered to it.
import { stat } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  axeViolations,
  type ConsoleHarness,
  screenshot,
  signInWithAdminToken,
  startConsole,
} from '../helpers/console-browser.js';
import { type ConsoleFixture, insertConsoleCases } from '../helpers/console-cases.js';

let h: ConsoleHarness;
let fixture: ConsoleFixture;
const failed: string[] = [];
vi.setConfig({ testTimeout: 120_000 });

const CHARTS = ['intake', 'on-time', 'category', 'street', 'community', 'satisfaction'];

beforeAll(async () => {
  h = await startConsole();
  fixture = await insertConsoleCases(h.t);
  h.page.on('response', (r) => {
    if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
  });
}, 300_000);

afterAll(async () => {
  await h?.close();
});

describe('console 总览', () => {
  it('draws every chart with data, in Chinese, with no serious accessibility violations', async () => {
    await signInWithAdminToken(h);
    await h.page.waitForSelector('[data-testid="chart-community"][data-drawn="true"]');
    for (const name of CHARTS) {
      const chart = h.page.locator(`[data-testid="chart-${name}"]`);
      await chart.locator('canvas').first().waitFor();
      await expect.poll(() => chart.getAttribute('data-drawn')).toBe('true');
      // data-points counts the data ECharts itself holds after drawing (chart.getOption().series).
      expect(Number(await chart.getAttribute('data-points')), name).toBeGreaterThan(0);
    }
    expect(await h.page.getByTestId('stat-overdue').textContent()).toMatch(/逾期\s*[1-9]\d*/);
    expect(await h.page.getByTestId('stat-intake').textContent()).toContain(String(fixture.total));
    // Judicial aid counts the aid records: applications received and, of those, the grants.
    const aid = await h.page.getByTestId('stat-aid').textContent();
    expect(aid).toMatch(new RegExp(`司法救助申请（件）\\s*${fixture.aid.applications}\\D`));
    expect(aid).toContain(`决定救助 ${fixture.aid.granted} 件`);
    expect(await h.page.getByTestId('stat-aid-yuan').textContent()).toContain('决定救助金额（元）');
    await expect.poll(() => h.page.getByTestId('due-this-week').textContent()).toMatch(/GL-2026-9\d{5}/);
    const serious = (await axeViolations(h.page)).filter(
      (v) => v.impact === 'serious' || v.impact === 'critical',
    );
    expect(serious).toEqual([]);
    const file = await screenshot(h.page, 'dashboard');
    expect((await stat(file)).size).toBeGreaterThan(20_000);
    expect(failed).toEqual([]);
    expect(h.pageErrors).toEqual([]);
  });

  it('opens the case list filtered to a community when its bar is clicked', async () => {
    const chart = h.page.locator('[data-testid="chart-community"]');
    await chart.scrollIntoViewIfNeeded();
    const box = await chart.boundingBox();
    if (!box) throw new Error('the community chart has no box');
    // The chart's grid: 112 px left, 8 px top, 24 px bottom; the busiest community's bar is the first (top) one.
    const bars = Number(await chart.getAttribute('data-points'));
    const band = (box.height - 8 - 24) / bars;
    await h.page.mouse.click(box.x + 112 + 6, box.y + 8 + band / 2);
    await h.page.waitForURL((url) => url.pathname.endsWith('/cases') && url.searchParams.has('community'));
    expect(new URL(h.page.url()).searchParams.get('community')).toBe(fixture.busiest.code);
    await expect
      .poll(() => h.page.locator('.el-pagination__total').textContent())
      .toContain(String(fixture.busiest.count));
    const places = await h.page
      .locator('[data-testid="case-table"] tbody tr td:nth-child(5)')
      .allInnerTexts();
    expect(places.length).toBeGreaterThan(0);
    for (const p of places) expect(p).toContain(fixture.busiest.name);
  });
});
