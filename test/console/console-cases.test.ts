// Browser: 案件 — filtering and searching the list, working a case (受理 then 反馈), a note, and a refused action's reason.
import { stat } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { reportCase } from '../helpers/case-fixtures.js';
import {
  axeViolations,
  type ConsoleHarness,
  screenshot,
  signInWithAdminToken,
  startConsole,
} from '../helpers/console-browser.js';
import { type ConsoleFixture, insertConsoleCases } from '../helpers/console-cases.js';
import { ADMIN, auth } from '../helpers/test-app.js';

let h: ConsoleHarness;
let fixture: ConsoleFixture;
let worked: string;
let stale: string;
vi.setConfig({ testTimeout: 120_000 });

const seriousOrWorse = async () =>
  (await axeViolations(h.page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
const total = () => h.page.locator('.el-pagination__total').textContent();
const column = (n: number) =>
  h.page.locator(`[data-testid="case-table"] tbody tr td:nth-child(${n})`).allTextContents();

beforeAll(async () => {
  h = await startConsole();
  fixture = await insertConsoleCases(h.t);
  worked = await reportCase(h.t, { text: '楼上装修噪音扰民，多次协商无果' });
  stale = await reportCase(h.t, { text: '小区停车位被长期占用' });
  await signInWithAdminToken(h);
}, 300_000);

afterAll(async () => {
  await h?.close();
});

describe('console 案件', () => {
  it('filters the list by kind through the page, and searches by text and by case number', async () => {
    await h.page.goto(`${h.base}/console/cases`);
    await expect.poll(total).toContain(String(fixture.total + 2));
    // Element Plus lays its placeholder over the input: the click goes to the select as a person's would.
    await h.page.getByRole('combobox', { name: '类型' }).click({ force: true });
    await h.page.getByRole('option', { name: '线索举报' }).click();
    await h.page.waitForURL((url) => url.searchParams.get('kind') === 'clue');
    await expect.poll(total).toContain(`共 ${fixture.clues} 条`);
    for (const kind of await column(2)) expect(kind).toBe('线索举报');
    await h.page.keyboard.press('Escape');
    // The pointer leaves the table, so no row's tooltip covers the screenshot.
    await h.page.mouse.move(1300, 100);
    expect(await seriousOrWorse()).toEqual([]);
    const file = await screenshot(h.page, 'cases');
    expect((await stat(file)).size).toBeGreaterThan(20_000);

    await h.page.goto(`${h.base}/console/cases`);
    const search = h.page.getByRole('textbox', { name: '按案件编号或关键词搜索' });
    await search.fill('停车位');
    await search.press('Enter');
    await h.page.waitForURL((url) => url.searchParams.get('q') === '停车位');
    await expect.poll(() => column(1)).toEqual([stale]);
    await search.fill(worked.slice(-6));
    await search.press('Enter');
    await expect.poll(() => column(1)).toEqual([worked]);
  });

  it('works a case from the list: 受理, then 反馈 with a text, and adds a note', async () => {
    await h.page.goto(`${h.base}/console/cases?q=${worked}`);
    await h.page.getByRole('link', { name: worked }).click();
    await h.page.waitForURL((url) => url.pathname.endsWith(`/cases/${worked}`));
    await expect.poll(() => h.page.getByTestId('case-status').textContent()).toBe('已接收');
    await h.page.getByRole('button', { name: '受理', exact: true }).click();
    await expect.poll(() => h.page.getByTestId('case-status').textContent()).toBe('已受理');
    await h.page.getByRole('button', { name: '反馈进展' }).click();
    await h.page
      .getByRole('textbox', { name: '办理进展（将发送给反映人）' })
      .fill('已联系物业，约定本周上门查看');
    await h.page.getByRole('button', { name: '确定' }).click();
    await expect.poll(() => h.page.getByTestId('case-timeline').textContent()).toContain('已联系物业');
    expect(await h.page.getByTestId('case-timeline').textContent()).toContain('受理');
    await h.page.getByRole('textbox', { name: '新备注' }).fill('物业电话已核实');
    await h.page.getByRole('button', { name: '添加备注' }).click();
    await expect.poll(() => h.page.getByTestId('case-notes').textContent()).toContain('物业电话已核实');

    const res = await h.t.app.inject({ method: 'GET', url: `/v1/cases/${worked}`, headers: auth(ADMIN) });
    expect(res.json()).toMatchObject({ status: 'accepted', notes: [{ text: '物业电话已核实' }] });
    expect(res.json().events.map((e: { type: string }) => e.type)).toEqual(
      expect.arrayContaining(['accepted', 'progress_reported', 'note_added']),
    );
    await h.page.waitForTimeout(300);
    expect(await seriousOrWorse()).toEqual([]);
    const file = await screenshot(h.page, 'case');
    expect((await stat(file)).size).toBeGreaterThan(20_000);
  });

  it('shows the reason, worded as in WeChat, when the API refuses an action', async () => {
    await h.page.goto(`${h.base}/console/cases/${stale}`);
    await expect.poll(() => h.page.getByTestId('case-status').textContent()).toBe('已接收');
    // Someone else rejects the case meanwhile; this page still offers 受理.
    const other = await h.t.app.inject({
      method: 'POST',
      url: `/v1/cases/${stale}/actions`,
      headers: auth(ADMIN),
      payload: { action: 'reject', text: '不属于检察机关受理范围' },
    });
    expect(other.statusCode, other.body).toBe(200);
    await h.page.getByRole('button', { name: '受理', exact: true }).click();
    await expect
      .poll(() => h.page.getByTestId('action-error').textContent())
      .toContain(`案件 ${stale} 当前状态为“不予受理”，不能受理。`);
    expect(h.pageErrors.filter((e) => !e.includes('409'))).toEqual([]);
  });
});
