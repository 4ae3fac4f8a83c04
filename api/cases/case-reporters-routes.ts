// GET /v1/cases/:caseNo/reporters: the one way to learn who reported a case, for its group and admins, audited.
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditLog, caseReports, people } from '../../db/schema/index.js';
import { requirePrincipal } from '../auth/auth-plugin.js';
import { isGroupMember } from '../auth/case-scope.js';
import { NotFoundError } from '../http/domain-errors.js';
import { errorBody } from '../http/pagination.js';
import { toIsoShanghai } from '../http/time-format.js';
import { type CaseReadDeps, caseNoParam, requireCaseNo } from './cases-routes.js';
import { distinctReporters } from './co-reports.js';

/** The office reads cases but not who reported them: only admins and the owning group's members do. */
export const REPORTER_READER_ROLES = ['admin', 'group_leader', 'prosecutor'] as const;

const reportersSchema = z.object({
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

export const caseReportersRoutes: FastifyPluginAsyncZod<CaseReadDeps> = async (app, opts) => {
  app.get(
    '/v1/cases/:caseNo/reporters',
    {
      config: { roles: REPORTER_READER_ROLES },
      schema: {
        tags: ['cases'],
        summary:
          'Who reported a case (admins and the owning group only); every read is audited as read_reporter',
        description:
          'Case views and events never name a reporter; this is the only path. Anonymous reports are counted, ' +
          'never identified. Another group’s case answers 404 like a missing one.',
        security: [{ bearer: [] }],
        params: caseNoParam,
        response: { 200: reportersSchema, 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody },
      },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      const caseNo = requireCaseNo(request.params.caseNo);
      const row = await opts.cases.findByCaseNo(opts.db, caseNo);
      const entitled =
        row !== null &&
        (principal.role === 'admin' || (await isGroupMember(opts.db, principal.personId, row.groupId)));
      if (!row || !entitled) throw new NotFoundError(`case ${caseNo} does not exist`);
      const reports = await opts.db
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
        const [first] = await opts.db
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
      const [anonymous] = await opts.db
        .select({ n: distinctReporters })
        .from(caseReports)
        .where(and(eq(caseReports.caseId, row.id), isNull(caseReports.reporterId)));
      await opts.db.insert(auditLog).values({
        at: opts.clock.now(),
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
    },
  );
};
