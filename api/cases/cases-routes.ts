// Office endpoints for reading cases: one case with its trail, and a filtered, paged list.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/create-db.js';
import { CASE_KINDS, CASE_STATUSES } from '../../db/schema/index.js';
import { parseCaseNo } from '../../intents/index.js';
import { BadRequestError } from '../http/domain-errors.js';
import { errorBody, pageOf, paginationQuery } from '../http/pagination.js';
import type { CaseService } from './case-service.js';
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

export const casesRoutes: FastifyPluginAsyncZod<{ db: Db; cases: CaseService }> = async (app, opts) => {
  app.get(
    '/v1/cases/:caseNo',
    {
      config: { roles: ['admin', 'office'] },
      schema: {
        tags: ['cases'],
        summary: 'One case with grid, group, deadlines and events',
        security: [{ bearer: [] }],
        params: caseNoParam,
        response: { 200: caseDetailSchema, 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody },
      },
    },
    async (request) => {
      const row = await opts.cases.requireByCaseNo(opts.db, requireCaseNo(request.params.caseNo));
      return toCaseDetail(row, await opts.cases.details(opts.db, row));
    },
  );

  app.get(
    '/v1/cases',
    {
      config: { roles: ['admin', 'office'] },
      schema: {
        tags: ['cases'],
        summary: 'Cases, newest first, filtered by kind and status',
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
      const page = await opts.cases.list(
        opts.db,
        { ...(kind ? { kind } : {}), ...(status ? { status } : {}) },
        { limit, offset },
      );
      return { items: page.items.map(toCaseSummary), total: page.total };
    },
  );
};
