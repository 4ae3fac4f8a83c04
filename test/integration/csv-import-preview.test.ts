// ?dryRun=true on the registry CSV imports: every line and each bad line's error, what would change, nothing written.
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, grids, people } from '../../db/schema/index.js';
import { ADMIN, createTestApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;

const PEOPLE_HEADER = 'name,role,wechat_id,grid_code,group_code,phone';

function postCsv(url: string, csv: string) {
  return t.app.inject({
    method: 'POST',
    url,
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'text/csv' },
    payload: csv,
  });
}

async function total(table: typeof people | typeof grids | typeof auditLog): Promise<number> {
  const [row] = await t.database.db.select({ n: count() }).from(table);
  return row!.n;
}

beforeAll(async () => {
  t = await createTestApp();
});

afterAll(async () => {
  await t.close();
});

describe('CSV import preview (?dryRun=true)', () => {
  it('lists every line of a file with a bad line, with that line’s error, and writes nothing', async () => {
    const before = { people: await total(people), audit: await total(auditLog) };
    const csv = [
      PEOPLE_HEADER,
      '陈网格员,grid_member,wxid_preview_1,GL-S05-C01-G01,,',
      '王检察官,judge,wxid_preview_2,,,',
      '李网格员,grid_member,wxid_preview_3,GL-S05-C01-G01,,',
    ].join('\r\n');
    const res = await postCsv('/v1/people/import?dryRun=true', csv);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ dryRun: true, valid: false, created: 0, updated: 0 });
    expect(body.header).toEqual(PEOPLE_HEADER.split(','));
    expect(body.lines.map((l: { line: number }) => l.line)).toEqual([2, 3, 4]);
    expect(body.lines[0]).toEqual({
      line: 2,
      fields: ['陈网格员', 'grid_member', 'wxid_preview_1', 'GL-S05-C01-G01', '', ''],
      errors: [],
    });
    expect(body.lines[1].errors).toHaveLength(1);
    expect(body.lines[1].errors[0]).toMatch(/role/);
    expect(body.errors).toEqual([{ line: 3, message: body.lines[1].errors[0] }]);
    expect(await total(people)).toBe(before.people);
    expect(await total(auditLog)).toBe(before.audit);
  });

  it('counts what a valid file would create and update, writes nothing, and applying it then does exactly that', async () => {
    const csv = [
      PEOPLE_HEADER,
      '周网格员,grid_member,wxid_preview_4,GL-S05-C01-G01,,',
      '吴网格员,grid_member,wxid_preview_5,GL-S05-C01-G01,,',
    ].join('\n');
    const before = await total(people);
    const preview = await postCsv('/v1/people/import?dryRun=true', csv);
    expect(preview.statusCode).toBe(200);
    expect(preview.json()).toMatchObject({ dryRun: true, valid: true, created: 2, updated: 0, errors: [] });
    expect(await total(people)).toBe(before);
    const [none] = await t.database.db.select().from(people).where(eq(people.wechatId, 'wxid_preview_4'));
    expect(none).toBeUndefined();

    const applied = await postCsv('/v1/people/import?dryRun=false', csv);
    expect(applied.statusCode).toBe(200);
    expect(applied.json()).toEqual({ created: 2, updated: 0 });
    expect(await total(people)).toBe(before + 2);
    const again = await postCsv('/v1/people/import?dryRun=true', csv);
    expect(again.json()).toMatchObject({ valid: true, created: 0, updated: 2 });
  });

  it('previews a grid file the same way', async () => {
    const before = await total(grids);
    const csv = [
      'code,name,level,parent_code',
      'GL-S05-C90,新建社区,community,GL-S05',
      'GL-X,坏网格,planet,',
    ].join('\n');
    const res = await postCsv('/v1/grids/import?dryRun=true', csv);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ dryRun: true, valid: false });
    expect(body.lines).toHaveLength(2);
    expect(body.lines[0].errors).toEqual([]);
    expect(body.lines[1].errors.join(' ')).toMatch(/level/);
    expect(await total(grids)).toBe(before);
  });

  it('refuses a dryRun value that is not true or false', async () => {
    const res = await postCsv('/v1/people/import?dryRun=yes', `${PEOPLE_HEADER}\n`);
    expect(res.statusCode).toBe(400);
  });
});
