// Audit: every showing of a reporter's identity is logged and listed by GET /v1/audit; every case change is an event.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, caseEvents, cases, groupMembers, groups, people } from '../../db/schema/index.js';
import { ADMIN, auth, createTestApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
let prosecutor: { token: string; id: number; actor: string; personId: number; name: string };
let office: string;
const NAMED = 'GL-2026-000801';
const ANONYMOUS = 'GL-2026-000802';

const get = (url: string, token = ADMIN) => t.app.inject({ method: 'GET', url, headers: auth(token) });
const auditRows = async () =>
  t.database.db.select().from(auditLog).where(eq(auditLog.action, 'read_reporter'));

beforeAll(async () => {
  t = await createTestApp({ now: '2026-11-27T02:00:00Z' });
  const db = t.database.db;
  const [g1] = await db.select().from(groups).where(eq(groups.code, 'GRP-01'));
  const [member] = await db
    .select()
    .from(groupMembers)
    .where(and(eq(groupMembers.groupId, g1!.id), eq(groupMembers.role, 'member')));
  const issued = await t.app.services.tokens.create({ role: 'prosecutor', person: member!.personId }, 'test');
  const [memberPerson] = await db.select().from(people).where(eq(people.id, member!.personId));
  prosecutor = {
    token: issued.token,
    id: issued.id,
    actor: `token:${issued.id}`,
    personId: member!.personId,
    name: memberPerson!.name,
  };
  office = (await t.app.services.tokens.create({ role: 'office' }, 'test')).token;
  const [reporter] = await db.insert(people).values({ name: '王举报', role: 'resident' }).returning();
  const base = {
    kind: 'clue' as const,
    intent: 'report_clue',
    summaryEnc: t.app.services.registry.fieldCipher.encrypt('audit fixture'),
    groupId: g1!.id,
    reporterId: reporter!.id,
    receivedAt: new Date('2026-11-20T02:00:00Z'),
    proceduralDueAt: new Date('2026-12-01T15:59:59.999Z'),
    substantiveDueAt: new Date('2027-02-20T15:59:59.999Z'),
  };
  await db.insert(cases).values([
    { ...base, caseNo: NAMED },
    { ...base, caseNo: ANONYMOUS, anonymous: true, noReplyReason: 'anonymous' },
  ]);
});

afterAll(async () => {
  await t?.close();
});

describe('reads of reporter details', () => {
  it('logs who saw the reporter of which case, when; the office, not entitled, sees no name and leaves no entry', async () => {
    const reporters = (caseNo: string, token = ADMIN) => get(`/v1/cases/${caseNo}/reporters`, token);
    const byAdmin = await reporters(NAMED);
    expect(byAdmin.json().items).toMatchObject([{ name: '王举报', first: true }]);
    t.clock.advance(60_000);
    const byMember = await reporters(NAMED, prosecutor.token);
    expect(byMember.json().items).toMatchObject([{ name: '王举报' }]);
    // The case itself names nobody, whoever reads it.
    const byOffice = await get(`/v1/cases/${NAMED}`, office);
    expect(byOffice.statusCode).toBe(200);
    expect(byOffice.body).not.toContain('王举报');
    expect((await reporters(NAMED, office)).statusCode).toBe(403);

    const rows = await auditRows();
    expect(rows.map((r) => [r.actor, r.subject, r.at.toISOString()])).toEqual([
      ['admin:env', NAMED, '2026-11-27T02:00:00.000Z'],
      [prosecutor.actor, NAMED, '2026-11-27T02:01:00.000Z'],
    ]);
  });

  it('lists the log for admins, newest first, filtered by action, actor and time, paged', async () => {
    const all = await get('/v1/audit?action=read_reporter');
    expect(all.statusCode).toBe(200);
    expect(all.json().total).toBe(2);
    expect(all.json().items.map((e: { actor: string }) => e.actor)).toEqual([prosecutor.actor, 'admin:env']);
    expect(all.json().items[0]).toMatchObject({
      action: 'read_reporter',
      subject: NAMED,
      at: '2026-11-27T10:01:00.000+08:00',
    });

    const mine = await get(`/v1/audit?actor=${encodeURIComponent(prosecutor.actor)}`);
    expect(mine.json().items.map((e: { action: string }) => e.action)).toEqual(['read_reporter']);

    const window = await get(
      `/v1/audit?action=read_reporter&from=${encodeURIComponent('2026-11-27T10:00:30+08:00')}&to=${encodeURIComponent('2026-11-27T10:05:00+08:00')}`,
    );
    expect(window.json().items.map((e: { actor: string }) => e.actor)).toEqual([prosecutor.actor]);

    const page = await get('/v1/audit?action=read_reporter&limit=1&offset=1');
    expect(page.json()).toMatchObject({ total: 2, items: [{ actor: 'admin:env' }] });

    // Token issuance is audited too.
    const issued = await get('/v1/audit?action=token_created');
    expect(issued.json().items.map((e: { subject: string }) => e.subject)).toContain(
      `token:${prosecutor.id}`,
    );
  });

  it('filters by person: what they did with their tokens, in the console and in WeChat, each entry naming them', async () => {
    const db = t.database.db;
    // Entries under the person's other actor labels, and one by someone else, written as those paths write them.
    await db.insert(auditLog).values([
      { at: t.clock.now(), actor: `console:${prosecutor.personId}`, action: 'session_created', subject: 'x' },
      { at: t.clock.now(), actor: `wechat:${prosecutor.personId}`, action: 'transfer_case', subject: NAMED },
      {
        at: t.clock.now(),
        actor: `console:${prosecutor.personId + 100_000}`,
        action: 'session_created',
        subject: 'y',
      },
    ]);
    const mine = (await get(`/v1/audit?person=${prosecutor.personId}`)).json();
    expect(mine.items.map((e: { actor: string }) => e.actor).sort()).toEqual(
      [`console:${prosecutor.personId}`, prosecutor.actor, `wechat:${prosecutor.personId}`].sort(),
    );
    expect(mine.total).toBe(3);
    for (const e of mine.items) expect(e.person).toEqual({ id: prosecutor.personId, name: prosecutor.name });
    const both = (await get(`/v1/audit?person=${prosecutor.personId}&action=read_reporter`)).json();
    expect(both.items.map((e: { actor: string }) => e.actor)).toEqual([prosecutor.actor]);
    // The admin's own entries name nobody.
    const admin = (await get('/v1/audit?actor=admin%3Aenv&action=read_reporter')).json();
    expect(admin.items[0].person).toBeNull();
    expect((await get('/v1/audit?person=0')).statusCode).toBe(400);
    expect((await get('/v1/audit/actions')).json().items).toEqual(
      expect.arrayContaining(['read_reporter', 'session_created', 'token_created', 'transfer_case']),
    );
  });

  it.each([
    ['a time without zone', 'from=2026-11-27T10:00:00'],
    ['from not before to', 'from=2026-11-28T00:00:00%2B08:00&to=2026-11-27T00:00:00%2B08:00'],
    ['a limit too large', 'limit=100000'],
    ['a negative offset', 'offset=-1'],
  ])('rejects %s with 400', async (_name, query) => {
    expect((await get(`/v1/audit?${query}`)).statusCode).toBe(400);
  });

  it('is for admins only', async () => {
    expect((await get('/v1/audit', office)).statusCode).toBe(403);
    expect((await get('/v1/audit/actions', office)).statusCode).toBe(403);
    expect((await get('/v1/audit', prosecutor.token)).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/v1/audit' })).statusCode).toBe(401);
  });
});

describe('changes to a case', () => {
  it('are recorded as events with who and when', async () => {
    t.clock.set('2026-11-27T03:00:00Z');
    const res = await t.app.inject({
      method: 'POST',
      url: `/v1/cases/${NAMED}/actions`,
      headers: auth(prosecutor.token),
      payload: { action: 'accept' },
    });
    expect(res.statusCode).toBe(200);
    const [row] = await t.database.db.select().from(cases).where(eq(cases.caseNo, NAMED));
    const events = await t.database.db.select().from(caseEvents).where(eq(caseEvents.caseId, row!.id));
    expect(events.map((e) => [e.type, e.actor, e.at.toISOString()])).toContainEqual([
      'accepted',
      prosecutor.actor,
      '2026-11-27T03:00:00.000Z',
    ]);
    const shown = (await get(`/v1/cases/${NAMED}`)).json().events;
    expect(shown).toContainEqual(expect.objectContaining({ type: 'accepted', actor: prosecutor.actor }));
  });
});
