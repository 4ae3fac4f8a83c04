// GET /v1/cases/:caseNo/reporters: the one way to learn who reported a case, for its group and admins, audited.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requirePrincipal } from '../auth/auth-plugin.js';
import { NotFoundError } from '../http/domain-errors.js';
import { errorBody } from '../http/pagination.js';
import { readReporters, reportersSchema } from './case-reporters.js';
import { type CaseReadDeps, caseNoParam, requireCaseNo } from './cases-routes.js';

/** The office reads cases but not who reported them: only admins and the owning group's members do. */
export const REPORTER_READER_ROLES = ['admin', 'group_leader', 'prosecutor'] as const;

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
      const view = row ? await readReporters(opts, principal, row) : null;
      if (!view) throw new NotFoundError(`case ${caseNo} does not exist`);
      return view;
    },
  );
};
