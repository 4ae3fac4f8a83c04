// Office endpoints for reading cases: one case with its trail, and a filtered, paged list.

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/create-db.js';
import { CASE_KINDS, CASE_STATUSES } from '../../db/schema/index.js';
import { parseCaseNo } from '../../intents/index.js';
import { requirePrincipal } from '../auth/auth-plugin.js';
import { caseScope, scopeAllows } from '../auth/case-scope.js';
import type { Principal } from '../auth/principal.js';
import type { Clock } from '../clock.js';
import { BadRequestError, NotFoundError } from '../http/domain-errors.js';
import { errorBody, pageOf, paginationQuery } from '../http/pagination.js';
import type { CaseFile } from './case-file.js';
import type { CaseRow, CaseService } from './case-service.js';
import { caseDetailSchema, caseSummarySchema, toCaseDetail, toCaseSummary } from './case-view.js';

export const caseNoParam = z.object({ caseNo: z.string().min(1).max(40) });

export function requireCaseNo(raw: string): string {
  const caseNo = parseCaseNo(raw);
  if (!caseNo)
    throw new BadRequestError(
      `"${raw.slice(0, 40)}" is not a case number like GL-2026-000123`,
      undefined,
      'invalid_case_no',
    );
  return caseNo;
}

export interface CaseReadDeps {
  db: Db;
  cases: CaseService;
  clock: Clock;
  caseFile: CaseFile;
}

export const CASE_READER_ROLES = ['admin', 'office', 'group_leader', 'prosecutor'] as const;

/**
 * The case as this principal may see it. It never names a reporter, nor points at one (events say
 * `reporter` or `anonymous`): who reported is read only through GET /v1/cases/:caseNo/reporters, audited.
 */
export async function readableCaseDetail(deps: CaseReadDeps, _principal: Principal, row: CaseRow) {
  const [details, reports, notes] = await Promise.all([
    deps.cases.details(deps.db, row),
    deps.caseFile.reports(deps.db, row.id),
    deps.caseFile.notes(deps.db, row.id),
  ]);
  return toCaseDetail(row, details, { reports, notes });
}

export const casesRoutes: FastifyPluginAsyncZod<CaseReadDeps> = async (app, opts) => {
  app.get(
    '/v1/cases/:caseNo',
    {
      config: { roles: CASE_READER_ROLES },
      schema: {
        tags: ['cases'],
        summary: 'One case with grid, group, deadlines and events (prosecutors: their own groups only)',
        security: [{ bearer: [] }],
        params: caseNoParam,
        response: { 200: caseDetailSchema, 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody },
      },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      const caseNo = requireCaseNo(request.params.caseNo);
      const row = await opts.cases.findByCaseNo(opts.db, caseNo);
      // Another group's case answers exactly like a missing one, so its existence is not revealed.
      if (!row || !scopeAllows(await caseScope(opts.db, principal), row.groupId))
        throw new NotFoundError(`case ${caseNo} does not exist`);
      return readableCaseDetail(opts, principal, row);
    },
  );

  app.get(
    '/v1/cases',
    {
      config: { roles: CASE_READER_ROLES },
      schema: {
        tags: ['cases'],
        summary: 'Cases, newest first, filtered by kind and status (prosecutors: their own groups only)',
        security: [{ bearer: [] }],
        querystring: paginationQuery.extend({
          kind: z.enum(CASE_KINDS).optional(),
          status: z.enum(CASE_STATUSES).optional(),
        }),
        response: { 200: pageOf(caseSummarySchema), 400: errorBody, 401: errorBody, 403: errorBody },
      },
    },
    async (request) => {
      const { limit, offset, kind, status } = request.query;
      const scope = await caseScope(opts.db, requirePrincipal(request));
      const page = await opts.cases.list(
        opts.db,
        {
          ...(kind ? { kind } : {}),
          ...(status ? { status } : {}),
          ...(scope === 'all' ? {} : { groupIds: scope }),
        },
        { limit, offset },
      );
      return {
        items: page.items.map((row) => toCaseSummary(row, opts.cases.summaryOf(row))),
        total: page.total,
      };
    },
  );
};
