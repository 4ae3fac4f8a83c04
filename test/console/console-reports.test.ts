// Browser: the 报表 page shows the month's 件件有回复 figures and downloads the workbook, which reads back with exceljs.
import { readFile, stat } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { cases, groups } from '../../db/schema/index.js';
import {
  axeViolations,
  type ConsoleHarness,
  screenshot,
  signInWithAdminToken,
  startConsole,
} from '../helpers/console-browser.js';

let h: ConsoleHarness;
vi.setConfig({ testTimeout: 120_000 });

const at = (local: string) => new Date(`${local}+08:00`);
const endOf = (day: string) => at(`${day}T23:59:59.999`);
const FORMULA = '=1+1 摘要以等号开头';

beforeAll(async () => {
  h = await startConsole({ seed: false, now: '2026-12-10T10:00:00+08:00' });
  const db = h.t.database.db;
  const [g] = await db.insert(groups).values({ code: 'RG', name: '第一检察官办案组' }).returning();
  const base = { groupId: g!.id, intent: 'report_dispute', substantiveDueAt: endOf('2027-02-28') };
  await db.insert(cases).values([
    {
      ...base,
      caseNo: 'GL-2026-000101',
      kind: 'dispute',
      status: 'accepted',
      summaryEnc: h.t.app.services.registry.fieldCipher.encrypt('邻里漏水纠纷，请求协调'),
      receivedAt: at('2026-11-02T09:00:00'),
      proceduralDueAt: endOf('2026-11-11'),
      proceduralRepliedAt: at('2026-11-05T09:00:00'),
      satisfaction: 'satisfied',
    },
    {
      ...base,
      caseNo: 'GL-2026-000102',
      kind: 'clue',
      category: 'fraud',
      status: 'received',
      summaryEnc: h.t.app.services.registry.fieldCipher.encrypt(FORMULA),
      receivedAt: at('2026-11-20T09:00:00'),
      proceduralDueAt: endOf('2026-11-29'),
    },
  ]);
}, 300_000);

afterAll(async () => {
  await h?.close();
});

describe('console 报表', () => {
  it('shows the month’s report and downloads the workbook, read back with exceljs', async () => {
    await signInWithAdminToken(h);
    await h.page.goto(`${h.base}/console/reports?month=2026-11`);
    const overdue = h.page.getByTestId('overdue');
    await overdue.getByText('GL-2026-000102').waitFor();
    await expect(overdue.getByText('程序性回复（7个工作日）逾期11天未答复').isVisible()).resolves.toBe(true);
    await expect(h.page.getByTestId('clocks').getByText('50.0%').isVisible()).resolves.toBe(true);

    const [download] = await Promise.all([
      h.page.waitForEvent('download'),
      h.page.getByTestId('download-xlsx').click(),
    ]);
    expect(download.suggestedFilename()).toBe('件件有回复月报-2026-11.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await readFile((await download.path())!)) as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('逾期明细')!;
    expect(sheet.getRow(2).getCell(1).value).toBe('GL-2026-000102');
    expect(sheet.getRow(2).getCell(6).value).toBe(`'${FORMULA}`);
    expect(wb.getWorksheet('汇总')!.getCell('A1').value).toBe('件件有回复月报 2026-11');

    expect(await axeViolations(h.page)).toEqual([]);
    expect(h.pageErrors).toEqual([]);
    const file = await screenshot(h.page, 'reports');
    expect((await stat(file)).size).toBeGreaterThan(10_000);
  });
});
