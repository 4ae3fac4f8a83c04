// The deadline sweep walked through time: reminders before, on and after the due day, escalation, quiet hours.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseEvents, cases, groups } from '../../db/schema/index.js';
import { assignTo, outboxRows, personId, seedCase } from '../helpers/sweep-fixtures.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

// A dispute received Mon 2026-11-02 in GL-S01-C01 (group GRP-01: leader PR-01, liaison PR-02, member PR-03):
// procedural reply due Wed 2026-11-11 (7 working days), substantive reply in February 2027.
const RECEIVED = '2026-11-02T10:00:00+08:00';
const PROCEDURAL_DUE = '2026-11-11T23:59:59.999+08:00';

describe('deadline sweep walking one case through its procedural deadline', () => {
  let t: TestApp;
  let caseNo: string;
  let caseId: number;
  const sweepAt = async (instant: string) => {
    t.clock.set(instant);
    const result = await t.app.services.sweep.sweep(t.clock.now());
    return result.queued.filter((q) => q.caseNo === caseNo);
  };

  beforeAll(async () => {
    t = await createTestApp({ now: RECEIVED });
    const row = await seedCase(t.app.services, t.database.db, { receivedAt: RECEIVED });
    caseNo = row.caseNo;
    caseId = row.id;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('sends nothing before the first reminder is due', async () => {
    expect(await sweepAt('2026-11-06T10:00:00+08:00')).toEqual([]);
    expect(await sweepAt('2026-11-09T08:59:00+08:00')).toEqual([]);
  });

  it('reminds the liaison 2 working days before, at 09:00, when nobody has taken the case yet', async () => {
    expect(await sweepAt('2026-11-09T09:00:00+08:00')).toEqual([
      { caseNo, kind: 'before', to: 'demo-prosecutor-02', dueAt: PROCEDURAL_DUE },
    ]);
    const [row] = await outboxRows(
      t.database.db,
      `reminder:${caseNo}:procedural`,
      t.app.services.registry.fieldCipher,
    );
    expect(row).toMatchObject({ toKind: 'contact', toId: 'demo-prosecutor-02', caseId, state: 'pending' });
    expect(row!.text).toContain(caseNo);
    expect(row!.text).toContain('程序性答复');
    expect(row!.text).toContain('11月11日');
  });

  it('queues each reminder once however often it sweeps', async () => {
    expect(await sweepAt('2026-11-09T09:05:00+08:00')).toEqual([]);
    expect(await sweepAt('2026-11-10T15:00:00+08:00')).toEqual([]);
    expect(
      await outboxRows(t.database.db, `reminder:${caseNo}`, t.app.services.registry.fieldCipher),
    ).toHaveLength(1);
  });

  it('reminds the assignee on the due day once a prosecutor has taken the case', async () => {
    await assignTo(t.database.db, caseId, 'PR-03');
    expect(await sweepAt('2026-11-11T09:00:00+08:00')).toEqual([
      { caseNo, kind: 'due_today', to: 'demo-prosecutor-03', dueAt: PROCEDURAL_DUE },
    ]);
  });

  it('reminds daily while overdue and escalates to the leader only after 1 working day overdue', async () => {
    expect(await sweepAt('2026-11-12T09:00:00+08:00')).toEqual([
      { caseNo, kind: 'overdue', to: 'demo-prosecutor-03', dueAt: PROCEDURAL_DUE },
    ]);
    const day2 = await sweepAt('2026-11-13T09:00:00+08:00');
    expect(day2).toHaveLength(2);
    expect(day2).toEqual(
      expect.arrayContaining([
        { caseNo, kind: 'overdue', to: 'demo-prosecutor-03', dueAt: PROCEDURAL_DUE },
        { caseNo, kind: 'escalation', to: 'demo-prosecutor-01', dueAt: PROCEDURAL_DUE },
      ]),
    );
    expect(await sweepAt('2026-11-13T09:30:00+08:00')).toEqual([]);
    const rows = await outboxRows(t.database.db, `reminder:${caseNo}`, t.app.services.registry.fieldCipher);
    expect(rows.map((r) => r.purpose).sort()).toEqual([
      'reminder_before',
      'reminder_due_today',
      'reminder_escalation',
      'reminder_overdue',
      'reminder_overdue',
    ]);
    expect(new Set(rows.map((r) => r.dedupeKey)).size).toBe(5);
    const escalation = rows.find((r) => r.purpose === 'reminder_escalation')!;
    expect(escalation.text).toContain('超期督办');
    expect(escalation.text).toContain('已超期2天');
    expect(escalation.text).toContain('黄振华');
  });

  it('stops reminding about the procedural reply once it is given', async () => {
    await t.database.db
      .update(cases)
      .set({ proceduralRepliedAt: new Date('2026-11-13T10:00:00+08:00'), status: 'accepted' })
      .where(eq(cases.id, caseId));
    expect(await sweepAt('2026-11-16T09:00:00+08:00')).toEqual([]);
  });
});

describe('quiet hours and the morning digest', () => {
  let t: TestApp;
  let late: { caseNo: string; id: number };
  let later: { caseNo: string; id: number };
  let taken: { caseNo: string; id: number };
  const db = () => t.database.db;

  beforeAll(async () => {
    t = await createTestApp({ now: RECEIVED });
    late = await seedCase(t.app.services, db(), { receivedAt: RECEIVED });
    later = await seedCase(t.app.services, db(), { receivedAt: '2026-11-06T10:00:00+08:00' });
    taken = await seedCase(t.app.services, db(), { receivedAt: '2026-11-05T10:00:00+08:00' });
    await assignTo(db(), taken.id, 'PR-03');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('pushes nothing at night: a reminder falling due then is left for the digest', async () => {
    t.clock.set('2026-11-11T22:00:00+08:00');
    const night = await t.app.services.sweep.sweep(t.clock.now());
    expect(night.queued).toEqual([]);
    expect(night.deferredToDigest).toBeGreaterThan(0);
    expect(await outboxRows(db(), 'reminder:', t.app.services.registry.fieldCipher)).toEqual([]);
  });

  it('does not push the night’s reminder after quiet hours end either', async () => {
    t.clock.set('2026-11-12T08:05:00+08:00');
    const morning = await t.app.services.sweep.sweep(t.clock.now());
    expect(morning.queued).toEqual([]);
    expect(await outboxRows(db(), 'reminder:', t.app.services.registry.fieldCipher)).toEqual([]);
  });

  it('sends no digest before 08:30', async () => {
    t.clock.set('2026-11-12T08:29:00+08:00');
    expect(await t.app.services.digest.runIfDue(t.clock.now())).toEqual({ ran: false, queued: [] });
  });

  it('sends one digest per prosecutor with open work at 08:30, most urgent first', async () => {
    t.clock.set('2026-11-12T08:30:00+08:00');
    const result = await t.app.services.digest.runIfDue(t.clock.now());
    expect(result.ran).toBe(true);
    const byWechat = Object.fromEntries(result.queued.map((q) => [q.to, q.caseNos]));
    // Unassigned cases go to the group's liaison and leader; a taken case to its assignee only.
    expect(byWechat).toEqual({
      'demo-prosecutor-01': [late.caseNo, later.caseNo],
      'demo-prosecutor-02': [late.caseNo, later.caseNo],
      'demo-prosecutor-03': [taken.caseNo],
    });
    const pr02 = await personId(db(), 'PR-02');
    const [digest] = await outboxRows(db(), `digest:${pr02}:2026-11-12`, t.app.services.registry.fieldCipher);
    expect(digest).toMatchObject({ toId: 'demo-prosecutor-02', purpose: 'digest' });
    const text = digest!.text;
    expect(text).toContain('每日待办');
    expect(text).toContain(`1. ${late.caseNo}`);
    expect(text).toContain('已超期1天');
    expect(text.indexOf(late.caseNo)).toBeLessThan(text.indexOf(later.caseNo));
    expect(text).not.toContain(taken.caseNo);
  });

  it('sends the digest once a day', async () => {
    t.clock.set('2026-11-12T08:35:00+08:00');
    expect(await t.app.services.digest.runIfDue(t.clock.now())).toEqual({ ran: false, queued: [] });
    t.clock.set('2026-11-12T15:00:00+08:00');
    expect((await t.app.services.digest.runIfDue(t.clock.now())).ran).toBe(false);
    expect(await outboxRows(db(), 'digest:', t.app.services.registry.fieldCipher)).toHaveLength(3);
  });

  it('resumes pushing at the next reminder time', async () => {
    t.clock.set('2026-11-12T09:00:00+08:00');
    const result = await t.app.services.sweep.sweep(t.clock.now());
    expect(result.queued.filter((q) => q.caseNo === late.caseNo)).toEqual([
      { caseNo: late.caseNo, kind: 'overdue', to: 'demo-prosecutor-02', dueAt: PROCEDURAL_DUE },
    ]);
  });

  it('sends a prosecutor without open work no digest', async () => {
    t.clock.set('2026-11-13T08:30:00+08:00');
    const result = await t.app.services.digest.runIfDue(t.clock.now());
    expect(result.ran).toBe(true);
    expect(result.queued.map((q) => q.to).sort()).toEqual([
      'demo-prosecutor-01',
      'demo-prosecutor-02',
      'demo-prosecutor-03',
    ]);
    await t.database.db
      .update(cases)
      .set({ proceduralRepliedAt: new Date(), substantiveRepliedAt: new Date(), status: 'closed' })
      .where(eq(cases.id, taken.id));
    t.clock.set('2026-11-16T08:30:00+08:00');
    const monday = await t.app.services.digest.runIfDue(t.clock.now());
    expect(monday.queued.map((q) => q.to).sort()).toEqual(['demo-prosecutor-01', 'demo-prosecutor-02']);
  });
});

describe('routing left to the sweep', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ now: '2026-11-02T10:00:00+08:00' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('routes a case still without a group after the dialogue TTL to the duty group, once', async () => {
    const row = await seedCase(t.app.services, t.database.db, {
      receivedAt: '2026-11-02T10:00:00+08:00',
      gridCode: null,
    });
    expect(row.groupId).toBeNull();
    t.clock.set('2026-11-02T10:20:00+08:00');
    expect((await t.app.services.sweep.sweep(t.clock.now())).routedToDuty).toBe(0);
    t.clock.set('2026-11-02T10:31:00+08:00');
    expect((await t.app.services.sweep.sweep(t.clock.now())).routedToDuty).toBe(1);
    expect((await t.app.services.sweep.sweep(t.clock.now())).routedToDuty).toBe(0);
    const [after] = await t.database.db.select().from(cases).where(eq(cases.id, row.id));
    const [duty] = await t.database.db.select().from(groups).where(eq(groups.duty, true));
    expect(after!.groupId).toBe(duty!.id);
    const events = await t.database.db.select().from(caseEvents).where(eq(caseEvents.caseId, row.id));
    expect(events.filter((e) => e.type === 'assigned')).toHaveLength(1);
    expect(
      await outboxRows(t.database.db, `case:${row.caseNo}:assigned`, t.app.services.registry.fieldCipher),
    ).toHaveLength(1);
  });
});
