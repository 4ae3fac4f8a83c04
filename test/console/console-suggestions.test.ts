// Browser: the 检察建议 page lists the register with this year's figures, filters it, records a reply and a follow-up with its rating, serves a new one, and says what is wrong with bad input.
import { stat } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  axeViolations,
  type ConsoleHarness,
  screenshot,
  signInWithAdminToken,
  startConsole,
} from '../helpers/console-browser.js';
import { ADMIN, auth } from '../helpers/test-app.js';

let h: ConsoleHarness;
vi.setConfig({ testTimeout: 120_000 });

async function serve(body: Record<string, unknown>): Promise<string> {
  const response = await h.t.app.inject({
    method: 'POST',
    url: '/v1/suggestions',
    headers: auth(ADMIN),
    payload: { caseNos: [], groupCode: 'GRP-01', ...body },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().suggestionNo;
}

let overdueNo: string;
let awaitingNo: string;
let repliedNo: string;

beforeAll(async () => {
  h = await startConsole({ now: '2026-11-27T10:00:00+08:00' });
  overdueNo = await serve({
    recipient: '鼓楼区市场监督管理局',
    type: '社会治理',
    servedAt: '2026-08-03T09:00:00+08:00',
  });
  repliedNo = await serve({
    recipient: '鼓楼区生态环境局',
    type: '公益诉讼诉前',
    servedAt: '2026-09-01T09:00:00+08:00',
  });
  awaitingNo = await serve({
    recipient: '东街街道办事处',
    type: '社会治理',
    servedAt: '2026-11-02T09:00:00+08:00',
  });
  const replied = await h.t.app.inject({
    method: 'POST',
    url: `/v1/suggestions/${repliedNo}/reply`,
    headers: auth(ADMIN),
    payload: {
      outcome: 'partly',
      text: '已对沿河排污口开展排查，部分整改完成',
      repliedAt: '2026-10-20T10:00:00+08:00',
    },
  });
  expect(replied.statusCode, replied.body).toBe(200);
}, 300_000);

afterAll(async () => {
  await h?.close();
});

const numbers = async () =>
  h.page.getByTestId('suggestions-table').locator('tbody tr td:nth-child(1)').allInnerTexts();
const figure = (label: string) =>
  h.page.getByTestId('suggestion-figures').locator('li', { hasText: label }).locator('strong').textContent();

describe('console 检察建议', () => {
  it('lists the register with its figures, filters it, and records a reply, a follow-up and a rating', async () => {
    await signInWithAdminToken(h);
    await h.page.getByRole('menuitem', { name: '检察建议' }).click();
    await h.page.waitForURL(/\/console\/suggestions/);
    await expect.poll(numbers).toEqual([awaitingNo, repliedNo, overdueNo]);
    await expect.poll(() => figure('本年送达')).toBe('3');
    await expect.poll(() => figure('回复率')).toBe('33.3%');
    await expect.poll(() => figure('采纳率')).toBe('0.0%');
    const table = h.page.getByTestId('suggestions-table');
    await expect(table.getByText('已逾期').isVisible()).resolves.toBe(true);

    // Filter: 已逾期 → the one served in August, due in October, unanswered.
    await h.page.getByTestId('filter-status').click();
    await h.page.getByRole('option', { name: '已逾期' }).click();
    await h.page.waitForURL(/status=overdue/);
    await expect.poll(numbers).toEqual([overdueNo]);
    await h.page.getByRole('button', { name: '清除筛选' }).click();
    await expect.poll(numbers).toHaveLength(3);

    // The awaiting one: a reply without an outcome is refused on the page; then 采纳 with its text.
    await table.getByRole('button', { name: awaitingNo }).click();
    const drawer = h.page.getByTestId('suggestion-detail');
    await drawer.getByText('东街街道办事处').waitFor();
    await expect(drawer.getByText('人民检察院检察建议工作规定').isVisible()).resolves.toBe(true);
    await drawer.getByRole('button', { name: '登记回复' }).click();
    await drawer.getByText('请选择采纳情况并填写回复内容。').waitFor();
    await drawer.getByRole('radio', { name: '采纳', exact: true }).check({ force: true });
    await drawer.getByRole('textbox', { name: '回复内容' }).fill('已组织辖区商户开展消防通道清理');
    await drawer.getByRole('button', { name: '登记回复' }).click();
    await drawer.getByTestId('follow-up-form').waitFor();
    await expect(drawer.getByRole('status').textContent()).resolves.toBe('回复已登记。');
    await expect(drawer.getByText('已组织辖区商户开展消防通道清理').isVisible()).resolves.toBe(true);
    await expect.poll(() => figure('回复率')).toBe('66.7%');
    await expect.poll(() => figure('采纳率')).toBe('50.0%');

    // Follow-up with the rating 优秀.
    await drawer.getByRole('textbox', { name: '回访情况' }).fill('回访确认通道已保持畅通');
    await drawer.getByTestId('follow-up-rating').click();
    await h.page.getByRole('option', { name: '优秀' }).click();
    await drawer.getByRole('button', { name: '登记回访' }).click();
    await drawer.getByText('回访确认通道已保持畅通（').waitFor();
    await expect.poll(() => figure('评为优秀')).toBe('1');
    const stored = await h.t.app.inject({ url: `/v1/suggestions/${awaitingNo}`, headers: auth(ADMIN) });
    expect(stored.json()).toMatchObject({
      status: 'replied',
      outcome: 'adopted',
      replyText: '已组织辖区商户开展消防通道清理',
      followUpNote: '回访确认通道已保持畅通',
      rating: 'excellent',
    });
    await expect(table.locator('tr', { hasText: awaitingNo }).getByText('优秀').isVisible()).resolves.toBe(
      true,
    );
    expect(await axeViolations(h.page)).toEqual([]);
    await screenshot(h.page, 'suggestion');
    await h.page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });
  });

  it('serves a new suggestion from the form, refusing an unknown case number in words', async () => {
    await h.page.getByTestId('new-suggestion').click();
    const dialog = h.page.getByTestId('create-dialog');
    await dialog.getByRole('button', { name: '登记送达' }).click();
    await dialog.getByText('请填写被建议单位和送达日期。').waitFor();
    await dialog.getByRole('textbox', { name: '被建议单位' }).fill('鼓楼区住房和建设局');
    await dialog.getByRole('textbox', { name: '关联案件编号' }).fill('GL-2026-000999');
    await dialog.getByRole('button', { name: '登记送达' }).click();
    await dialog.getByText('案件编号不存在：GL-2026-000999').waitFor();
    await dialog.getByRole('textbox', { name: '关联案件编号' }).fill('');
    await dialog.getByTestId('create-group').click();
    await h.page.getByRole('option', { name: '第二检察官办案组（示例）' }).click();
    await dialog.getByRole('button', { name: '登记送达' }).click();
    const drawer = h.page.getByTestId('suggestion-detail');
    await drawer.getByText('鼓楼区住房和建设局').waitFor();
    // The server computes the due date and the drawer says it.
    await expect(drawer.getByTestId('detail-notice').textContent()).resolves.toMatch(
      /^已登记送达，回复期限 \d{4}-\d{2}-\d{2}。$/,
    );
    await expect.poll(numbers).toHaveLength(4);
    await expect.poll(() => figure('本年送达')).toBe('4');
    const list = await h.t.app.inject({ url: '/v1/suggestions?limit=10', headers: auth(ADMIN) });
    const created = list
      .json()
      .items.find((s: { recipient: string }) => s.recipient === '鼓楼区住房和建设局');
    expect(created).toMatchObject({ type: '社会治理', groupCode: 'GRP-02', status: 'awaiting', caseNos: [] });
    await h.page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });

    expect(await axeViolations(h.page)).toEqual([]);
    expect(h.pageErrors.filter((e) => !/status of 4\d\d/.test(e))).toEqual([]);
    const file = await screenshot(h.page, 'suggestions');
    expect((await stat(file)).size).toBeGreaterThan(10_000);
  });
});
