// Judicial-aid figures counted from the aid records (aid_applications), for GET /v1/stats and the dashboard.
import { and, eq, gte, inArray, lt, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/create-db.js';
import { aidApplications, cases } from '../../db/schema/index.js';
import type { CaseScope } from '../auth/case-scope.js';

export interface AidFigures {
  /** Applications (one per case) on the cases counted: opened by the pre-screen's 初步符合 or at 受理. */
  applications: number;
  /** Of those, accepted (受理) — at any later stage too. */
  accepted: number;
  /** Decided 决定救助 (granted). */
  grantedCount: number;
  /** Decided 不予救助 (refused). */
  refusedCount: number;
  /** The sum granted, yuan. */
  grantedYuan: number;
  /** The sum applied for (recorded at 受理) on those applications, yuan. */
  requestedYuan: number;
}

const granted = sql`${aidApplications.decision} = 'granted'`;

/**
 * Per-row columns for a query over `cases` left-joined to aid_applications on case_id; the join keeps one row per
 * case (one application per case), so the query's other counts are unchanged.
 */
export const aidRowColumns = {
  aidApplications: sql<number>`count(${aidApplications.id})::int`.mapWith(Number),
  aidGranted: sql<number>`(count(*) filter (where ${granted}))::int`.mapWith(Number),
};

export const aidJoin = eq(aidApplications.caseId, cases.id);

/** Aid on the cases received in [from, to) that the scope may see. */
export async function aidFigures(
  db: Db,
  period: { from: Date; to: Date },
  scope: CaseScope,
): Promise<AidFigures> {
  const conditions: SQL[] = [gte(cases.receivedAt, period.from), lt(cases.receivedAt, period.to)];
  if (scope !== 'all') conditions.push(scope.length ? inArray(cases.groupId, scope) : sql`false`);
  const [r] = await db
    .select({
      applications: sql<number>`count(*)::int`.mapWith(Number),
      accepted: sql<number>`(count(*) filter (where ${aidApplications.acceptedAt} is not null))::int`.mapWith(
        Number,
      ),
      grantedCount: sql<number>`(count(*) filter (where ${granted}))::int`.mapWith(Number),
      refusedCount:
        sql<number>`(count(*) filter (where ${aidApplications.decision} = 'refused'))::int`.mapWith(Number),
      grantedYuan: sql<string>`coalesce(sum(${cases.aidGrantedYuan}) filter (where ${granted}), 0)::text`,
      requestedYuan: sql<string>`coalesce(sum(${cases.aidRequestedYuan}), 0)::text`,
    })
    .from(aidApplications)
    .innerJoin(cases, aidJoin)
    .where(and(...conditions));
  return {
    applications: r?.applications ?? 0,
    accepted: r?.accepted ?? 0,
    grantedCount: r?.grantedCount ?? 0,
    refusedCount: r?.refusedCount ?? 0,
    grantedYuan: Number(r?.grantedYuan ?? 0),
    requestedYuan: Number(r?.requestedYuan ?? 0),
  };
}
