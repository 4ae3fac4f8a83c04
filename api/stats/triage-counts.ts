// Issue 14 figures for GET /v1/stats: cases in the period by priority and by the function of their group.
import { and, count, eq, gte, lt, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/create-db.js';
import { CASE_PRIORITIES, cases, GROUP_FUNCTIONS, groups } from '../../db/schema/index.js';
import type { CaseScope } from '../auth/case-scope.js';
import { scopeCondition } from './stats-service.js';

export const triageCountsSchema = {
  byPriority: z
    .record(z.enum(CASE_PRIORITIES), z.number().int())
    .describe('cases received in the period per priority (urgent: harm to a minor, violence now, …)'),
  byFunction: z
    .record(z.enum([...GROUP_FUNCTIONS, 'unassigned']), z.number().int())
    .describe(
      'cases received in the period per function of the group owning them; unassigned = no group yet',
    ),
};

export async function triageCounts(
  db: Db,
  q: { from: Date; to: Date; scope: CaseScope },
): Promise<{ byPriority: Record<string, number>; byFunction: Record<string, number> }> {
  const conditions: SQL[] = [gte(cases.receivedAt, q.from), lt(cases.receivedAt, q.to)];
  const scoped = scopeCondition(q.scope);
  if (scoped) conditions.push(scoped);
  const where = and(...conditions);
  const [priorities, functions] = await Promise.all([
    db.select({ key: cases.priority, n: count() }).from(cases).where(where).groupBy(cases.priority),
    db
      .select({ key: groups.function, n: count() })
      .from(cases)
      .leftJoin(groups, eq(groups.id, cases.groupId))
      .where(where)
      .groupBy(groups.function),
  ]);
  const byPriority: Record<string, number> = Object.fromEntries(CASE_PRIORITIES.map((p) => [p, 0]));
  for (const r of priorities) byPriority[r.key] = Number(r.n);
  const byFunction: Record<string, number> = Object.fromEntries(
    [...GROUP_FUNCTIONS, 'unassigned'].map((f) => [f, 0]),
  );
  for (const r of functions) byFunction[r.key ?? 'unassigned'] = Number(r.n);
  return { byPriority, byFunction };
}
