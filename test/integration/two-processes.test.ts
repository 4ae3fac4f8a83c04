// Two API processes sharing one database sweep and digest at the same moments: every message is queued once.
import { randomBytes } from 'node:crypto';
import { eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../../api/clock.js';
import { createLogger } from '../../api/http/logger.js';
import { createServices, type Services } from '../../api/services.js';
import { createDb, type Database } from '../../db/create-db.js';
import { caseEvents, outbox } from '../../db/schema/index.js';
import { assignTo, seedCase } from '../helpers/sweep-fixtures.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
let second: Database;
let a: Services;
let b: Services;

beforeAll(async () => {
  // One data key for both processes, as a deployment has: each encrypts summaries the other must read (a test
  // process otherwise draws a key of its own, and the sweep that wins the routing lock could not read the case).
  t = await createTestApp({
    now: '2026-11-02T10:00:00+08:00',
    env: { DATA_KEY: randomBytes(32).toString('base64') },
  });
  // On real Postgres the second process has its own connection pool; PGlite is one embedded database.
  second = t.database.url ? await createDb({ databaseUrl: t.database.url, migrate: false }) : t.database;
  a = t.app.services;
  b = createServices({
    config: t.config,
    database: second,
    clock: createManualClock('2026-11-02T10:00:00+08:00'),
    logger: createLogger({ level: 'silent' }),
  });
  const received = ['2026-11-02', '2026-11-03', '2026-11-04', '2026-11-05', '2026-11-06'];
  for (const [i, day] of received.entries()) {
    for (const gridCode of ['GL-S01-C01', 'GL-S05-C01', 'GL-S08-C02']) {
      const row = await seedCase(a, t.database.db, { receivedAt: `${day}T1${i}:00:00+08:00`, gridCode });
      if (i % 2 === 0) await assignTo(t.database.db, row.id, 'PR-03');
    }
  }
  await seedCase(a, t.database.db, { receivedAt: '2026-11-17T10:00:00+08:00', gridCode: null });
});
afterAll(async () => {
  if (second !== t.database) await second.close();
  await t?.close();
});

const INSTANTS = [
  '2026-11-09T09:00:00+08:00',
  '2026-11-11T09:00:00+08:00',
  '2026-11-12T09:00:00+08:00',
  '2026-11-13T09:00:00+08:00',
  '2026-11-16T09:00:00+08:00',
  '2026-11-17T09:00:00+08:00',
];

describe('two processes on one database', () => {
  it('queue each reminder exactly once when they sweep at the same instants', async () => {
    const reported: string[] = [];
    for (const instant of INSTANTS) {
      const now = new Date(instant);
      const results = await Promise.all([a.sweep.sweep(now), b.sweep.sweep(now), a.sweep.sweep(now)]);
      for (const q of results.flatMap((r) => r.queued))
        reported.push(`${instant}|${q.caseNo}|${q.kind}|${q.dueAt}|${q.to}`);
    }
    const rows = await t.database.db.select().from(outbox).where(like(outbox.dedupeKey, 'reminder:%'));
    expect(rows.length).toBeGreaterThan(30);
    // Whatever one process queued the other did not: the reports add up to the rows, without repeats.
    expect(reported).toHaveLength(rows.length);
    expect(new Set(reported).size).toBe(reported.length);
    expect(new Set(rows.map((r) => r.dedupeKey)).size).toBe(rows.length);
    expect(rows.some((r) => r.purpose === 'reminder_escalation')).toBe(true);
  });

  it('route an unassigned case to the duty group once', async () => {
    const now = new Date('2026-11-17T11:00:00+08:00');
    const [ra, rb] = await Promise.all([a.sweep.sweep(now), b.sweep.sweep(now)]);
    expect(ra.routedToDuty + rb.routedToDuty).toBe(1);
    const assigned = await t.database.db.select().from(caseEvents).where(eq(caseEvents.type, 'assigned'));
    const byCase = new Map<number, number>();
    for (const e of assigned) byCase.set(e.caseId, (byCase.get(e.caseId) ?? 0) + 1);
    expect([...byCase.values()].every((n) => n === 1)).toBe(true);
  });

  it('send one morning digest per prosecutor', async () => {
    const now = new Date('2026-11-18T08:30:00+08:00');
    const [ra, rb] = await Promise.all([a.digest.runIfDue(now), b.digest.runIfDue(now)]);
    expect([ra.ran, rb.ran].filter(Boolean)).toHaveLength(1);
    const rows = await t.database.db.select().from(outbox).where(like(outbox.dedupeKey, 'digest:%'));
    expect(rows.length).toBeGreaterThan(0);
    expect(rows).toHaveLength(ra.queued.length + rb.queued.length);
    expect(new Set(rows.map((r) => r.toId)).size).toBe(rows.length);
  });
});
