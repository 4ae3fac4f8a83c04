// Browser: the 审计 page lists the audit trail and narrows it by action, person and dates.
import { stat } from 'node:fs/promises';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { auditLog, people } from '../../db/schema/index.js';
import {
  axeViolations,
  type ConsoleHarness,
  screenshot,
  signInWithAdminToken,
  startConsole,
} from '../helpers/console-browser.js';

let h: ConsoleHarness;
let prosecutor: { id: number; name: string };
vi.setConfig({ testTimeout: 120_000 });

const at = (local: string) => new Date(`${local}+08:00`);

beforeAll(async () => {
  h = await startConsole({ now: '2026-11-27T10:00:00+08:00' });
  const db = h.t.database.db;
  const [p] = await db.select().from(people).where(eq(people.wechatId, 'demo-prosecutor-01'));
  prosecutor = { id: p!.id, name: p!.name };
  await db.insert(auditLog).values([
    { at: at('2026-11-20T09:00:00'), actor: 'admin:env', action: 'token_created', subject: 'token:7' },
    {
      at: at('2026-11-21T09:30:00'),
      actor: `wechat:${p!.id}`,
      action: 'transfer_case',
      subject: 'GL-2026-000301',
    },
    {
      at: at('2026-11-24T14:00:00'),
      actor: `console:${p!.id}`,
      action: 'read_reporter',
      subject: 'GL-2026-000302',
    },
    { at: at('2026-11-25T16:00:00'), actor: 'admin:env', action: 'read_reporter', subject: 'GL-2026-000303' },
    { at: at('2026-11-26T08:00:00'), actor: 'admin:env', action: 'room.bound', subject: 'room:R1' },
  ]);
}, 300_000);

afterAll(async () => {
  await h?.close();
});

const subjects = async () =>
  h.page.getByTestId('audit-table').locator('tbody tr td:nth-child(4)').allInnerTexts();

describe('console 审计', () => {
  it('filters the audit trail by action, person and dates', async () => {
    await signInWithAdminToken(h);
    await h.page.goto(`${h.base}/console/audit`);
    const table = h.page.getByTestId('audit-table');
    await table.getByText('GL-2026-000303').waitFor();
    await expect(table.getByText('管理员令牌').first().isVisible()).resolves.toBe(true);

    // Action: 查看举报人 → the two reads of reporter details.
    await h.page.getByTestId('filter-action').click();
    await h.page.getByRole('option', { name: '查看举报人' }).click();
    await h.page.waitForURL(/action=read_reporter/);
    await expect.poll(subjects).toEqual(['GL-2026-000303', 'GL-2026-000302']);

    // Person: the prosecutor → their console read only; the row names them.
    await h.page.getByTestId('filter-person').click();
    await h.page.keyboard.type(prosecutor.name);
    await h.page
      .getByRole('option', { name: new RegExp(prosecutor.name) })
      .first()
      .click();
    await expect.poll(subjects).toEqual(['GL-2026-000302']);
    await expect(table.getByText(`${prosecutor.name}（控制台）`).isVisible()).resolves.toBe(true);

    // Dates: clear the action, keep the person, 11-21 … 11-21 → the WeChat transfer.
    await h.page.getByRole('button', { name: '清除筛选' }).click();
    await expect.poll(subjects).toHaveLength(6); // five written above, and this sign-in
    await h.page.goto(`${h.base}/console/audit?person=${prosecutor.id}&from=2026-11-21&to=2026-11-21`);
    await expect.poll(subjects).toEqual(['GL-2026-000301']);
    await expect(table.getByText(`${prosecutor.name}（微信）`).isVisible()).resolves.toBe(true);

    await h.page.goto(`${h.base}/console/audit`);
    await table.getByText('GL-2026-000303').waitFor();
    expect(await axeViolations(h.page)).toEqual([]);
    expect(h.pageErrors).toEqual([]);
    const file = await screenshot(h.page, 'audit');
    expect((await stat(file)).size).toBeGreaterThan(10_000);
  });
});
