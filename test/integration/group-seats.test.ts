// One set of seat rules for a group's leader and liaison, whether changed by PATCH /v1/groups or by CSV import.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, auth, createTestApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

const group = async (code: string) =>
  (await t.app.inject({ method: 'GET', url: `/v1/groups/${code}`, headers: auth(ADMIN) })).json();
const patch = (code: string, payload: object) =>
  t.app.inject({ method: 'PATCH', url: `/v1/groups/${code}`, headers: auth(ADMIN), payload });
const importPeople = (rows: string[]) =>
  t.app.inject({
    method: 'POST',
    url: '/v1/people/import',
    headers: { ...auth(ADMIN), 'content-type': 'text/csv' },
    payload: ['name,role,wechat_id,grid_code,group_code,phone', ...rows].join('\n'),
  });
const seats = async (code: string) => {
  const g = await group(code);
  return { leader: g.leader?.wechatId ?? null, liaison: g.liaison?.wechatId ?? null };
};

describe('the leader and liaison of a group (GRP-03: leader demo-prosecutor-07, liaison demo-prosecutor-08)', () => {
  it('PATCH refuses the liaison as leader without a new liaison, and changes nothing', async () => {
    const res = await patch('GRP-03', { leaderCode: 'PR-08' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({
      code: 'seat_left_empty',
      message: expect.stringContaining('PR-08'),
    });
    expect(await seats('GRP-03')).toEqual({ leader: 'demo-prosecutor-07', liaison: 'demo-prosecutor-08' });
  });

  it('CSV import refuses the same change on its line, and applies nothing of the file', async () => {
    const res = await importPeople([
      '新检察官,prosecutor,wxid_seat_new,,GRP-03,',
      '吴晓明,group_leader,demo-prosecutor-08,,GRP-03,',
    ]);
    expect(res.statusCode).toBe(422);
    expect(res.json().error.details).toEqual([
      {
        line: 3,
        message:
          "demo-prosecutor-08 is GRP-03's liaison and would become its leader; name a new liaison in the same file",
      },
    ]);
    expect(await seats('GRP-03')).toEqual({ leader: 'demo-prosecutor-07', liaison: 'demo-prosecutor-08' });
    const people = await t.app.inject({
      method: 'GET',
      url: '/v1/people?q=wxid_seat_new',
      headers: auth(ADMIN),
    });
    expect(people.json().total).toBe(0);
  });

  it('both accept it when the new liaison is named in the same request or file', async () => {
    const file = await importPeople([
      '吴晓明,group_leader,demo-prosecutor-08,,GRP-03,',
      '新联络员,liaison,wxid_seat_liaison,,GRP-03,',
    ]);
    expect(file.statusCode, file.body).toBe(200);
    expect(await seats('GRP-03')).toEqual({ leader: 'demo-prosecutor-08', liaison: 'wxid_seat_liaison' });
    const members = (await group('GRP-03')).members;
    expect(members.find((m: { wechatId: string }) => m.wechatId === 'demo-prosecutor-07').role).toBe(
      'member',
    );

    const res = await patch('GRP-02', { leaderCode: 'PR-05', liaisonCode: 'PR-06' });
    expect(res.statusCode, res.body).toBe(200);
    expect(await seats('GRP-02')).toEqual({ leader: 'demo-prosecutor-05', liaison: 'demo-prosecutor-06' });
  });

  it('both let the leader and the liaison swap seats, and refuse one person in both', async () => {
    expect((await patch('GRP-01', { leaderCode: 'PR-02', liaisonCode: 'PR-01' })).statusCode).toBe(200);
    expect(await seats('GRP-01')).toEqual({ leader: 'demo-prosecutor-02', liaison: 'demo-prosecutor-01' });
    const file = await importPeople([
      '甲,group_leader,demo-prosecutor-11,,GRP-04,',
      '乙,liaison,demo-prosecutor-10,,GRP-04,',
    ]);
    expect(file.statusCode, file.body).toBe(200);
    expect(await seats('GRP-04')).toEqual({ leader: 'demo-prosecutor-11', liaison: 'demo-prosecutor-10' });

    const same = await patch('GRP-05', { leaderCode: 'PR-15', liaisonCode: 'PR-15' });
    expect(same.statusCode).toBe(400);
    expect(same.json().error.code).toBe('same_person');
  });
});
