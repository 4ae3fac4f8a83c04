// Browser: the 绩效 page shows the month's review per prosecutor and per grid, and downloads the workbook (read back with exceljs).
import { readFile, stat } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { cases, grids, groupMembers, groups, people, workRecords } from '../../db/schema/index.js';
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

beforeAll(async () => {
  h = await startConsole({ seed: false, now: '2026-12-10T10:00:00+08:00' });
  const db = h.t.database.db;
  const [g] = await db.insert(groups).values({ code: 'RG', name: '第一检察官办案组' }).returning();
  const [grid] = await db
    .insert(grids)
    .values({ code: 'C1', name: '三坊七巷社区', level: 'community', ownerGroupId: g!.id })
    .returning();
  const [prosecutor, member] = await db
    .insert(people)
    .values([
      { code: 'P1', name: '林检察官', role: 'prosecutor' },
      { code: 'M1', name: '王网格员', role: 'grid_member', gridId: grid!.id },
    ])
    .returning();
  await db.insert(groupMembers).values({ groupId: g!.id, personId: prosecutor!.id, role: 'leader' });
  const base = {
    groupId: g!.id,
    communityId: grid!.id,
    substantiveDueAt: endOf('2027-02-28'),
    receivedAt: at('2026-11-02T09:00:00'),
    proceduralDueAt: endOf('2026-11-11'),
  };
  await db.insert(cases).values([
    {
      ...base,
      caseNo: 'GL-2026-000101',
      kind: 'dispute',
      intent: 'report_dispute',
      status: 'accepted',
      assigneeId: prosecutor!.id,
      summaryEnc: h.t.app.services.registry.fieldCipher.encrypt('邻里漏水纠纷'),
      proceduralRepliedAt: at('2026-11-05T09:00:00'),
      satisfaction: 'satisfied',
    },
    {
      ...base,
      caseNo: 'GL-2026-000102',
      kind: 'clue',
      intent: 'report_clue',
      category: 'gambling',
      status: 'accepted',
      reporterId: member!.id,
      summaryEnc: h.t.app.services.registry.fieldCipher.encrypt('出租屋开设赌场'),
    },
    {
      ...base,
      caseNo: 'GL-2026-000103',
      kind: 'clue',
      intent: 'report_clue',
      category: 'fraud',
      status: 'received',
      reporterId: member!.id,
      summaryEnc: h.t.app.services.registry.fieldCipher.encrypt('收购银行卡'),
    },
  ]);
  await db.insert(workRecords).values(
    (['走访', '走访', '座谈'] as const).map((kind, i) => ({
      personId: prosecutor!.id,
      kind,
      gridId: grid!.id,
      workedOn: `2026-11-0${i + 3}`,
      noteEnc: '记录',
      createdAt: at(`2026-11-0${i + 3}T18:00:00`),
    })),
  );
}, 300_000);

afterAll(async () => {
  await h?.close();
});

describe('console 绩效', () => {
  it('shows the month’s review per prosecutor and per grid, and downloads the workbook', async () => {
    await signInWithAdminToken(h);
    await h.page.goto(`${h.base}/console/performance?month=2026-11`);
    const byProsecutor = h.page.getByTestId('by-prosecutor');
    await byProsecutor.getByText('林检察官').first().waitFor();
    const row = byProsecutor.locator('tr', { hasText: '林检察官' }).first();
    // 1 case, procedural 1/1, 满意, 走访 2, 座谈 1, 3 in all.
    await expect(row.textContent()).resolves.toMatch(/1 \/ 1（100\.0%）/);
    const cells = (await row.locator('td').allInnerTexts()).map((s) => s.trim());
    expect(cells.slice(0, 3)).toEqual(['林检察官', '第一检察官办案组', '1']);
    expect(cells.slice(7, 12)).toEqual(['2', '1', '0', '0', '3']);
    const gridRow = h.page.getByTestId('by-grid').locator('tr', { hasText: '三坊七巷社区' }).first();
    expect((await gridRow.locator('td').allInnerTexts()).map((s) => s.trim())).toEqual([
      '三坊七巷社区',
      '1',
      '2',
      '1',
      '50.0%',
      '1',
      '1',
      '0',
      '0',
      '0',
    ]);
    // The menu offers the page.
    await expect(h.page.getByRole('menuitem', { name: '绩效' }).isVisible()).resolves.toBe(true);

    const [download] = await Promise.all([
      h.page.waitForEvent('download'),
      h.page.getByTestId('download-xlsx').click(),
    ]);
    expect(download.suggestedFilename()).toBe('月度绩效考评-2026-11.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await readFile((await download.path())!)) as unknown as ArrayBuffer);
    expect(wb.getWorksheet('说明')!.getCell('A1').value).toBe('月度绩效考评 2026-11');
    expect(wb.getWorksheet('检察官')!.getRow(2).getCell(2).value).toBe('林检察官');
    expect(wb.getWorksheet('网格')!.getRow(2).getCell(4).value).toBe(2);

    expect(await axeViolations(h.page)).toEqual([]);
    expect(h.pageErrors).toEqual([]);
    const file = await screenshot(h.page, 'performance');
    expect((await stat(file)).size).toBeGreaterThan(10_000);
  });
});
