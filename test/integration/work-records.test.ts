// Field work recorded from WeChat (记录 走访 三坊七巷社区 …) and a grid member's 我的线索, through the message API.
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFieldCipher } from '../../api/security/field-cipher.js';
import { workRecords } from '../../db/schema/index.js';
import { GRP01, personId, say } from '../helpers/case-fixtures.js';
import { inbound, parseOf } from '../helpers/inbound-fixtures.js';
import { createTestApp, postInbound, type TestApp } from '../helpers/test-app.js';

const GRID_MEMBER = 'demo-grid-member-01';
const key = randomBytes(32);
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ now: '2026-12-01T02:00:00Z', env: { DATA_KEY: key.toString('base64') } });
});
afterAll(async () => {
  await t?.close();
});

const recordsOf = async (wechatId: string) =>
  t.database.db
    .select()
    .from(workRecords)
    .where(eq(workRecords.personId, await personId(t, wechatId)));

describe('记录: a prosecutor records field work', () => {
  it('is kept with the day, the community and the note (encrypted: it may name residents), and counted for the month', async () => {
    const reply = await say(t, GRP01.leader, '记录 走访 三坊七巷社区 与社区书记了解电诈防范情况');
    expect(reply).toBe(
      '已记录：2026年12月1日 走访 三坊七巷社区。您本月已记录实地工作 1 次，计入月度工作统计。',
    );
    const [row] = await recordsOf(GRP01.leader);
    expect(row).toMatchObject({ kind: '走访', workedOn: '2026-12-01' });
    expect(row!.noteEnc).toMatch(/^v1:/);
    expect(createFieldCipher(key).decrypt(row!.noteEnc)).toBe('与社区书记了解电诈防范情况');
    expect(row!.gridId).not.toBeNull();
  });

  it('takes the day written in the message, and counts the month of that day', async () => {
    expect(await say(t, GRP01.leader, '记录 讲座 11月28日 三坊七巷社区 反诈讲座 60人')).toBe(
      '已记录：2026年11月28日 讲座 三坊七巷社区。您本月已记录实地工作 1 次，计入月度工作统计。',
    );
    expect(await say(t, GRP01.leader, '记录 座谈 昨天 区内 与派出所座谈')).toContain(
      '2026年11月30日 座谈 区内',
    );
    expect(await recordsOf(GRP01.leader)).toHaveLength(3);
  });

  it('refuses what it cannot record, says how, and stores nothing', async () => {
    const before = (await recordsOf(GRP01.member)).length;
    expect(await say(t, GRP01.member, '记录 吃饭 三坊七巷社区')).toContain(
      '类别：走访、座谈、讲座、志愿服务',
    );
    expect(await say(t, GRP01.member, '记录 走访 火星社区 看看')).toContain('没有找到“火星社区”');
    expect(await say(t, GRP01.member, '记录 走访 12月25日 三坊七巷社区')).toContain('日期在今天之后');
    expect(await say(t, GRP01.member, '记录 走访 2月30日 三坊七巷社区')).toContain('类别');
    expect(await recordsOf(GRP01.member)).toHaveLength(before);
  });

  it('is not a command for a resident: their 记录 is read as a message', async () => {
    const reply = await say(t, 'wxid_resident_record', '记录 走访 三坊七巷社区');
    expect(reply).not.toContain('已记录');
  });
});

describe('我的线索: a grid member sees what became of their clues', () => {
  it('lists each clue with its status in plain words, and nothing when there is none', async () => {
    expect(await say(t, GRID_MEMBER, '我的线索')).toContain('您还没有提交过线索');
    const res = await postInbound(
      t,
      inbound(
        '三坊七巷社区有人在出租屋里开设赌场',
        parseOf('report_clue', { category: 'gambling', entities: { place: '三坊七巷社区' } }),
        { from: { id: GRID_MEMBER, name: '' }, receivedAt: t.clock.now().toISOString() },
      ),
    );
    const caseNo = res.json().caseNo as string;
    expect(caseNo).toMatch(/^GL-2026-\d{6}$/);
    const listed = await say(t, GRID_MEMBER, '我的线索');
    expect(listed).toContain(`${caseNo} 线索·赌博（2026年12月1日）：已收到，待受理`);
    expect(listed).toContain('共 1 条');
  });

  it('is not a command for a resident', async () => {
    expect(await say(t, 'wxid_resident_clues', '我的线索')).not.toContain('您还没有提交过线索');
  });
});
