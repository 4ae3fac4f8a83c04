// Browser: the 网格与人员 page — the grid tree, groups, people, rooms, and a CSV import previewed line by line before applying.
import { stat } from 'node:fs/promises';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { people } from '../../db/schema/index.js';
import {
  axeViolations,
  type ConsoleHarness,
  screenshot,
  signInWithAdminToken,
  startConsole,
} from '../helpers/console-browser.js';

let h: ConsoleHarness;
vi.setConfig({ testTimeout: 150_000 });

const csv = (...lines: string[]) => ({
  name: 'people.csv',
  mimeType: 'text/csv',
  buffer: Buffer.from(`${['name,role,wechat_id,grid_code,group_code,phone', ...lines].join('\r\n')}\r\n`),
});

beforeAll(async () => {
  h = await startConsole();
}, 300_000);

afterAll(async () => {
  await h?.close();
});

describe('console 网格与人员', () => {
  it('shows the grid tree, the groups with leader and liaison, people and rooms', async () => {
    await signInWithAdminToken(h);
    await h.page.goto(`${h.base}/console/registry`);
    const tree = h.page.getByTestId('grid-tree');
    const street = tree.getByRole('treeitem').first();
    await street.waitFor();
    await street.click();
    // A street opens to its communities, each with the group that owns it.
    await expect.poll(() => tree.getByText('社区', { exact: true }).count()).toBeGreaterThan(0);
    expect(await axeViolations(h.page)).toEqual([]);
    const file = await screenshot(h.page, 'registry');
    expect((await stat(file)).size).toBeGreaterThan(10_000);

    await h.page.getByRole('tab', { name: '检察组' }).click();
    const groups = h.page.getByTestId('groups-table');
    await groups.getByText('GRP-01').waitFor();
    await expect(groups.locator('tbody tr').first().textContent()).resolves.toMatch(/组长|（demo-|\S+（/);
    expect(await axeViolations(h.page)).toEqual([]);

    await h.page.getByRole('tab', { name: '人员' }).click();
    await h.page.getByRole('textbox', { name: '搜索人员' }).fill('demo-prosecutor-01');
    await h.page.getByRole('button', { name: '搜索' }).click();
    await expect.poll(() => h.page.getByTestId('people-table').locator('tbody tr').count()).toBe(1);
    expect(await axeViolations(h.page)).toEqual([]);

    await h.page.getByRole('tab', { name: '群聊绑定' }).click();
    await h.page.getByTestId('rooms-table').waitFor();
    expect(await axeViolations(h.page)).toEqual([]);
    expect(h.pageErrors).toEqual([]);
  });

  it('previews a CSV import line by line, shows the bad line’s error and applies nothing until it is fixed', async () => {
    await h.page.goto(`${h.base}/console/registry?tab=import`);
    await h.page
      .getByTestId('csv-file')
      .setInputFiles(
        csv(
          '陈网格,grid_member,wxid_console_csv_1,GL-S01-C01-G01,,',
          '坏一行,captain,wxid_console_csv_2,,,',
          '林网格,grid_member,wxid_console_csv_3,GL-S01-C01-G01,,',
        ),
      );
    const table = h.page.getByTestId('preview-table');
    await table.getByText('坏一行').waitFor();
    // Every line is listed, the bad one with its error, and nothing can be applied.
    await expect.poll(() => table.locator('tbody tr').count()).toBe(3);
    const bad = table.locator('tbody tr', { hasText: '坏一行' });
    await expect(bad.textContent()).resolves.toMatch(/role/);
    await expect(bad.getAttribute('class')).resolves.toContain('bad-line');
    await expect(h.page.getByTestId('preview-summary').textContent()).resolves.toContain('1 行有错误');
    await expect(h.page.getByTestId('apply-import').isDisabled()).resolves.toBe(true);
    const stored = () =>
      h.t.database.db.select().from(people).where(eq(people.wechatId, 'wxid_console_csv_1'));
    expect(await stored()).toEqual([]);
    expect(await axeViolations(h.page)).toEqual([]);
    await screenshot(h.page, 'registry-import');

    // Fixed file: the preview passes, then 确认导入 applies it.
    await h.page
      .getByTestId('csv-file')
      .setInputFiles(
        csv(
          '陈网格,grid_member,wxid_console_csv_1,GL-S01-C01-G01,,',
          '林网格,grid_member,wxid_console_csv_3,GL-S01-C01-G01,,',
        ),
      );
    await expect.poll(() => h.page.getByTestId('preview-summary').textContent()).toContain('将新增 2 条');
    expect(await stored()).toEqual([]);
    await h.page.getByTestId('apply-import').click();
    await expect(h.page.getByTestId('import-done').textContent()).resolves.toContain('新增 2 条');
    expect(await stored()).toHaveLength(1);
    expect(h.pageErrors).toEqual([]);
  });
});
