// Office endpoints for reading cases: one case with its trail, and a filtered, paged list.

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/create-db.js';
import { CASE_KINDS, CASE_STATUSES } from '../../db/schema/index.js';
import { CLUE_CATEGORIES, parseCaseNo } from '../../intents/index.js';
import type { AidService } from '../aid/aid-service.js';
import { requirePrincipal } from '../auth/auth-plugin.js';
import { caseScope, scopeAllows } from '../auth/case-scope.js';
import type { Principal } from '../auth/principal.js';
import type { Clock } from '../clock.js';
import { BadRequestError, NotFoundError } from '../http/domain-errors.js';
import { errorBody, paginationQuery } from '../http/pagination.js';
import { localDate } from '../stats/stats-routes.js';
import type { CaseFile } from './case-file.js';
import {
  CASE_SORTS,
  caseFilterOptions,
  caseFilterOptionsSchema,
  caseListSchema,
  createCaseList,
  TEXT_SEARCH_SCAN,
} from './case-list.js';
import type { CaseRow, CaseService } from './case-service.js';
import { caseDetailSchema, toCaseDetail } from './case-view.js';

/** A comma-separated list of values from `values` (one value alone still works). */
function csvOf<T extends string>(values: readonly [T, ...T[]] | readonly T[]) {
  const allowed = new Set<string>(values);
  return z
    .string()
    .max(400)
    .transform((raw) =>
      raw
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean),
    )
    .refine((list) => list.length > 0 && list.every((v) => allowed.has(v)), {
      message: `expected one or more of: ${[...allowed].join(', ')}`,
    })
    .transform((list) => list as T[]);
}

const LIST_DESCRIPTION = `
Filters combine (and). \`overdue=true\`: an open deadline past due now, as in GET /v1/stats.
\`caseNo\`: a whole number in any accepted spelling finds that case; digits match anywhere in the number.
\`text\`: every word must occur in the summary (full-width and case folded). Summaries are matched after
reading, over at most ${TEXT_SEARCH_SCAN} candidates (the other filters first, in the sort order); beyond that
the answer says \`textSearchLimited: true\`. Each item carries its group, community and street, and whether it
is overdue.`.trim();

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
  /** Judicial aid's block of the case view (api/aid/aid-service.ts). */
  aid?: Pick<AidService, 'view'>;
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
  const [details, reports, notes, mediation, aid] = await Promise.all([
    deps.cases.details(deps.db, row),
    deps.caseFile.reports(deps.db, row.id),
    deps.caseFile.notes(deps.db, row.id),
    deps.caseFile.mediation(deps.db, row.id),
    deps.aid ? deps.aid.view(deps.db, row) : null,
  ]);
  return toCaseDetail(row, details, { reports, notes, mediation, aid });
}

export const casesRoutes: FastifyPluginAsyncZod<CaseReadDeps> = async (app, opts) => {
  // Summaries are stored encrypted: the list decrypts those it shows and, for a text search, its bounded candidates.
  const listCases = createCaseList({ summaryText: (row) => opts.cases.summaryOf(row) });
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
    '/v1/cases/filter-options',
    {
      config: { roles: CASE_READER_ROLES },
      schema: {
        tags: ['cases'],
        summary:
          'The groups, streets and communities the case list can be filtered by (the caller’s own, for prosecutors)',
        security: [{ bearer: [] }, { session: [] }],
        response: { 200: caseFilterOptionsSchema, 401: errorBody, 403: errorBody },
      },
    },
    async (request) => caseFilterOptions(opts.db, await caseScope(opts.db, requirePrincipal(request))),
  );

  app.get(
    '/v1/cases',
    {
      config: { roles: CASE_READER_ROLES },
      schema: {
        tags: ['cases'],
        summary:
          'Cases, filtered, searched, sorted and paged (prosecutors and group leaders: their own groups only)',
        description: LIST_DESCRIPTION,
        security: [{ bearer: [] }, { session: [] }],
        querystring: paginationQuery.extend({
          kind: csvOf(CASE_KINDS).optional().describe('one kind, or several separated by commas'),
          status: csvOf(CASE_STATUSES).optional().describe('one status, or several separated by commas'),
          category: csvOf(CLUE_CATEGORIES).optional().describe('clue categories, comma-separated'),
          group: z.string().trim().min(1).max(40).optional().describe('prosecutor group code, e.g. GRP-01'),
          street: z.string().trim().min(1).max(40).optional().describe('street grid code'),
          community: z.string().trim().min(1).max(40).optional().describe('community grid code'),
          overdue: z.enum(['true', 'false']).optional(),
          from: localDate.optional().describe('received on or after, Asia/Shanghai YYYY-MM-DD'),
          to: localDate.optional().describe('received on or before, Asia/Shanghai YYYY-MM-DD'),
          caseNo: z
            .string()
            .trim()
            .min(1)
            .max(40)
            .optional()
            .describe('a whole case number, or digits of one'),
          text: z
            .string()
            .trim()
            .min(1)
            .max(100)
            .optional()
            .describe('words the summary contains (all of them)'),
          sort: z.enum(CASE_SORTS).default('-receivedAt'),
        }),
        response: { 200: caseListSchema, 400: errorBody, 401: errorBody, 403: errorBody },
      },
    },
    async (request) => {
      const q = request.query;
      if (q.from !== undefined && q.to !== undefined && q.from > q.to)
        throw new BadRequestError('from must not be after to', undefined, 'invalid_period');
      const scope = await caseScope(opts.db, requirePrincipal(request));
      return listCases(opts.db, {
        scope,
        ...(q.status ? { statuses: q.status } : {}),
        ...(q.kind ? { kinds: q.kind } : {}),
        ...(q.category ? { categories: q.category } : {}),
        ...(q.group !== undefined ? { groupCode: q.group } : {}),
        ...(q.street !== undefined ? { streetCode: q.street } : {}),
        ...(q.community !== undefined ? { communityCode: q.community } : {}),
        ...(q.overdue !== undefined ? { overdue: q.overdue === 'true' } : {}),
        ...(q.from !== undefined ? { from: q.from } : {}),
        ...(q.to !== undefined ? { to: q.to } : {}),
        ...(q.caseNo !== undefined ? { caseNo: q.caseNo } : {}),
        ...(q.text !== undefined ? { text: q.text } : {}),
        sort: q.sort,
        limit: q.limit,
        offset: q.offset,
        asOf: opts.clock.now(),
      });
    },
  );
};
