// POST /v1/cases/:caseNo/actions: the office and prosecutors move a case through its lifecycle.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePrincipal } from '../auth/auth-plugin.js';
import { BadRequestError } from '../http/domain-errors.js';
import { errorBody } from '../http/pagination.js';
import type { CaseActionsService } from './case-actions-service.js';
import { CASE_ACTIONS } from './case-lifecycle.js';
import { type CaseTransferService, TRANSFER_REASON_MAX_CHARS } from './case-transfer-service.js';
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
  /** transfer only: the prosecutor group (code, e.g. GRP-02) a case moves to inside the procuratorate. */
  groupCode: z.string().trim().min(1).max(40).optional(),
  /** transfer to a group only: why it moves; the new group's liaison reads it. */
  reason: z.string().trim().min(1).max(TRANSFER_REASON_MAX_CHARS).optional(),
});

export const caseActionsRoutes: FastifyPluginAsyncZod<
  CaseReadDeps & { caseActions: CaseActionsService; caseTransfer: CaseTransferService }
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
          'transfer with groupCode and reason (instead of body) moves the case to another prosecutor group: only the owning ' +
          'group’s leader or the office may (others 403); status and deadlines stay, the new group’s liaison is told. ' +
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
      const { action, text, body, groupCode, reason } = request.body;
      if ((groupCode !== undefined || reason !== undefined) && action !== 'transfer')
        throw new BadRequestError('groupCode and reason belong to a transfer', undefined, 'bad_request');
      if (groupCode !== undefined && body !== undefined)
        throw new BadRequestError(
          'a transfer goes either to another body (body) or to another group (groupCode), not both',
          undefined,
          'bad_request',
        );
      if (reason !== undefined && groupCode === undefined)
        throw new BadRequestError('a reason goes with groupCode', undefined, 'group_required');
      const row = await opts.db.transaction(async (tx) =>
        groupCode !== undefined
          ? (
              await opts.caseTransfer.transferToGroup(tx, {
                caseNo,
                groupCode,
                reason: reason ?? '',
                actor: principal,
              })
            ).row
          : opts.caseActions.act(tx, { caseNo, action, text, body, actor: principal }),
      );
      request.log.info(
        { caseNo, action, actor: principal.actor, ...(groupCode ? { groupCode } : {}) },
        'case action',
      );
      return readableCaseDetail(opts, principal, row);
    },
  );
};
