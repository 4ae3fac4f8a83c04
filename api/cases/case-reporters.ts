// Who reported a case: the single, audited read of reporter identity (the API route and the phone page use it).
import { and, asc, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/create-db.js';
import { auditLog, caseReports, people } from '../../db/schema/index.js';
import { isGroupMember } from '../auth/case-scope.js';
import type { Principal } from '../auth/principal.js';
import type { Clock } from '../clock.js';
import { toIsoShanghai } from '../http/time-format.js';
import type { CaseRow } from './case-service.js';
import { distinctReporters } from './co-reports.js';

export const reportersSchema = z.object({
  caseNo: z.string(),
  anonymous: z.boolean(),
  /** Named reporters, first report first; a co-reporter with the number they were given. */
  items: z.array(
    z.object({
      personId: z.number().int(),
      name: z.string(),
      first: z.boolean(),
      receiptNo: z.string().nullable(),
      reportedAt: z.string(),
      inRoom: z.boolean(),
    }),
  ),
  total: z.number().int(),
  /** Anonymous reporters, counted: nothing stored says who they are. */
  anonymousReporters: z.number().int(),
});

export type ReportersView = z.infer<typeof reportersSchema>;

/**
 * The reporters of a case for an admin or a member of its owning group, written to the audit log as
 * read_reporter; null (nothing read, nothing logged) for anyone else.
 */
export async function readReporters(
  deps: { db: Db; clock: Clock },
  principal: Pick<Principal, 'role' | 'personId' | 'actor'>,
  row: CaseRow,
): Promise<ReportersView | null> {
  const entitled =
    principal.role === 'admin' || (await isGroupMember(deps.db, principal.personId, row.groupId));
  if (!entitled) return null;
  const reports = await deps.db
    .select({
      personId: people.id,
      name: people.name,
      receiptNo: caseReports.receiptNo,
      reportedAt: caseReports.reportedAt,
      roomId: caseReports.roomId,
    })
    .from(caseReports)
    .innerJoin(people, eq(people.id, caseReports.reporterId))
    .where(eq(caseReports.caseId, row.id))
    .orderBy(asc(caseReports.reportedAt), asc(caseReports.id));
  // A case made before report rows were kept names its first reporter only on the case itself.
  if (row.reporterId !== null && !row.anonymous && !reports.some((r) => r.personId === row.reporterId)) {
    const [first] = await deps.db
      .select({ personId: people.id, name: people.name })
      .from(people)
      .where(eq(people.id, row.reporterId));
    if (first) reports.unshift({ ...first, receiptNo: null, reportedAt: row.receivedAt, roomId: null });
  }
  const seen = new Set<number>();
  const items = reports
    .filter((r) => !seen.has(r.personId) && seen.add(r.personId))
    .map((r) => ({
      personId: r.personId,
      name: r.name,
      first: r.personId === row.reporterId,
      receiptNo: r.receiptNo,
      reportedAt: toIsoShanghai(r.reportedAt),
      inRoom: r.roomId !== null,
    }));
  const [anonymous] = await deps.db
    .select({ n: distinctReporters })
    .from(caseReports)
    .where(and(eq(caseReports.caseId, row.id), isNull(caseReports.reporterId)));
  await deps.db.insert(auditLog).values({
    at: deps.clock.now(),
    actor: principal.actor,
    action: 'read_reporter',
    subject: row.caseNo,
    data: { named: items.length },
  });
  return {
    caseNo: row.caseNo,
    anonymous: row.anonymous,
    items,
    total: items.length,
    anonymousReporters: Number(anonymous?.n ?? 0),
  };
}
