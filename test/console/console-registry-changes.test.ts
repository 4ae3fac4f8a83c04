// Browser: on 网格与人员 the office binds a WeChat room to a community, unbinds it, and seats a group's liaison — each audited, each refusal said in Chinese.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { rooms } from '../../db/schema/index.js';
import {
  axeViolations,
  type ConsoleHarness,
  screenshot,
  signInWithAdminToken,
  startConsole,
} from '../helpers/console-browser.js';
import { ADMIN, auth } from '../helpers/test-app.js';

let h: ConsoleHarness;
vi.setConfig({ testTimeout: 150_000 });

beforeAll(async () => {
  h = await startConsole();
  await h.t.database.db.insert(rooms).values([
    { roomId: 'R-console-1@chatroom', topic: '军门社区网格群' },
    { roomId: 'R-console-2@chatroom', topic: '东街网格员群' },
  ]);
}, 300_000);

afterAll(async () => {
  await h?.close();
});

async function api(url: string) {
  const response = await h.t.app.inject({ url, headers: auth(ADMIN) });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}
const auditActions = async () =>
  (await api('/v1/audit?limit=50')).items.map(
    (e: { action: string; subject: string }) => `${e.action} ${e.subject}`,
  );

describe('console 网格与人员: room bindings and group seats', () => {
  it('binds a room to a community, refuses a binding with no grid, and unbinds it', async () => {
    await signInWithAdminToken(h);
    await h.page.goto(`${h.base}/console/registry?tab=rooms`);
    const table = h.page.getByTestId('rooms-table');
    const row = table.locator('tbody tr', { hasText: '军门社区网格群' });
    await expect(row.textContent()).resolves.toContain('未绑定');

    await row.getByRole('button', { name: '绑定 军门社区网格群' }).click();
    const dialog = h.page.getByTestId('bind-dialog');
    await expect(dialog.getByRole('textbox', { name: '群 ID' }).inputValue()).resolves.toBe(
      'R-console-1@chatroom',
    );
    await dialog.getByRole('button', { name: '绑定', exact: true }).click();
    await dialog.getByText('请填写群 ID 并选择社区或网格。').waitFor();
    await dialog.getByTestId('bind-grid').click();
    await h.page.keyboard.type('军门');
    await h.page.getByRole('option', { name: '军门社区（GL-S04-C01）' }).click();
    await dialog.getByRole('button', { name: '绑定', exact: true }).click();
    await h.page.getByTestId('registry-notice').getByText('已将群聊绑定到军门社区。').waitFor();
    await expect.poll(() => row.textContent()).toContain('军门社区（GL-S04-C01）');
    const bound = await api('/v1/rooms?bound=true');
    expect(bound.items).toMatchObject([{ roomId: 'R-console-1@chatroom', grid: { code: 'GL-S04-C01' } }]);
    await expect.poll(auditActions).toContain('room.bound room:R-console-1@chatroom');
    expect(await axeViolations(h.page)).toEqual([]);
    await screenshot(h.page, 'registry-rooms');

    await row.getByRole('button', { name: '解绑 军门社区网格群' }).click();
    const confirm = h.page.getByTestId('unbind-dialog');
    await confirm.getByText('该群的消息不再登记为案件').waitFor();
    await confirm.getByRole('button', { name: '解绑' }).click();
    await expect.poll(() => row.textContent()).toContain('未绑定');
    expect((await api('/v1/rooms?bound=true')).items).toEqual([]);
    await expect.poll(auditActions).toContain('room.unbound room:R-console-1@chatroom');
    expect(h.pageErrors).toEqual([]);
  });

  it('seats a new liaison, refusing to move the leader to liaison without a new leader', async () => {
    await h.page.goto(`${h.base}/console/registry?tab=groups`);
    const groups = h.page.getByTestId('groups-table');
    await groups.getByRole('button', { name: '编辑 GRP-01' }).click();
    const dialog = h.page.getByTestId('group-dialog');
    const before = await api('/v1/groups/GRP-01');
    const member = before.members.find((m: { role: string }) => m.role === 'member');
    expect(member).toBeTruthy();

    // The leader moved to liaison with no new leader named: refused in words, nothing changed.
    await dialog.getByTestId('group-liaison').click();
    await h.page
      .getByRole('option', { name: `${before.leader.name}（${before.leader.code}）` })
      .last()
      .click();
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.getByText('此人现任本组另一职务，调换时请在同一次修改中为该职务指定新的人选。').waitFor();
    expect((await api('/v1/groups/GRP-01')).liaison.code).toBe(before.liaison.code);
    expect(await axeViolations(h.page)).toEqual([]);

    await dialog.getByTestId('group-liaison').click();
    await h.page
      .getByRole('option', { name: `${member.name}（${member.code}）` })
      .last()
      .click();
    await dialog.getByRole('button', { name: '保存' }).click();
    await h.page.getByTestId('registry-notice').getByText('已保存 GRP-01 的修改。').waitFor();
    const row = groups.locator('tbody tr', { hasText: 'GRP-01' });
    await expect.poll(() => row.textContent()).toContain(`${member.name}（${member.code}）`);
    const after = await api('/v1/groups/GRP-01');
    expect(after.liaison.code).toBe(member.code);
    expect(after.leader.code).toBe(before.leader.code);
    await expect.poll(auditActions).toContain('group.updated group:GRP-01');
    expect(await axeViolations(h.page)).toEqual([]);
    expect(h.pageErrors.filter((e) => !/status of 400/.test(e))).toEqual([]);
  });
});
