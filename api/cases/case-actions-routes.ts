// POST /v1/cases/:caseNo/actions: the office and prosecutors move a case through its lifecycle.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePrincipal } from '../auth/auth-plugin.js';
import { errorBody } from '../http/pagination.js';
import type { CaseActionsService } from './case-actions-service.js';
import { CASE_ACTIONS } from './case-lifecycle.js';
import { caseDetailSchema } from './case-view.js';
import {
  CASE_READER_ROLES,
  type CaseReadDeps,
  caseNoParam,
  readableCaseDetail,
  requireCaseNo,
} from './cases-routes.js';

export const caseActionBody = z.strictObject({
  action: z.enum(CASE_ACTIONS),
  /** Told to the reporter: materials needed, reason for not accepting, progress or result. */
  text: z.string().trim().min(1).max(2000).optional(),
  /** The body a case is transferred to. */
  body: z.string().trim().min(1).max(200).optional(),
});

export const caseActionsRoutes: FastifyPluginAsyncZod<
  CaseReadDeps & { caseActions: CaseActionsService }
> = async (app, opts) => {
  app.post(
    '/v1/cases/:caseNo/actions',
    {
      config: { roles: CASE_READER_ROLES },
      schema: {
        tags: ['cases'],
        summary:
          'Act on a case (accept, request_materials, transfer, reject, start, progress, resolve, close); queues the reporter’s reply',
        description:
          'text is required for request_materials, reject, progress and resolve; body (the receiving authority) for transfer. ' +
          'Closing a resolved case (one with a result) asks its reporters once for a satisfaction rating; resolve alone does not. ' +
          'An action the case’s status does not allow is refused with 409 and changes nothing. ' +
          'Prosecutors and group leaders may act only on their own groups’ cases (others: 404).',
        security: [{ bearer: [] }],
        params: caseNoParam,
        body: caseActionBody,
        response: {
          200: caseDetailSchema,
          400: errorBody,
          401: errorBody,
          403: errorBody,
          404: errorBody,
          409: errorBody,
        },
      },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      const caseNo = requireCaseNo(request.params.caseNo);
      const { action, text, body } = request.body;
      const row = await opts.db.transaction((tx) =>
        opts.caseActions.act(tx, { caseNo, action, text, body, actor: principal }),
      );
      request.log.info({ caseNo, action, actor: principal.actor }, 'case action');
      return readableCaseDetail(opts, principal, row);
    },
  );
};
