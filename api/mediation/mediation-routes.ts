// POST /v1/cases/:caseNo/mediation (the outcome), …/mediation/referral and …/mediation/sign-off (检调对接).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePrincipal } from '../auth/auth-plugin.js';
import { caseDetailSchema } from '../cases/case-view.js';
import {
  CASE_READER_ROLES,
  type CaseReadDeps,
  caseNoParam,
  readableCaseDetail,
  requireCaseNo,
} from '../cases/cases-routes.js';
import { BadRequestError } from '../http/domain-errors.js';
import { errorBody } from '../http/pagination.js';
import {
  MEDIATION_AMOUNT_MAX_YUAN,
  MEDIATION_NOTE_MAX_CHARS,
  MEDIATION_OUTCOMES,
  type MediationService,
} from './mediation-service.js';

const note = z.string().trim().min(1).max(MEDIATION_NOTE_MAX_CHARS);

export const mediationOutcomeBody = z.strictObject({
  outcome: z.enum(MEDIATION_OUTCOMES),
  /** The agreed sum in yuan, at most two decimals; agreed only. */
  amountYuan: z
    .number()
    .nonnegative()
    .max(MEDIATION_AMOUNT_MAX_YUAN)
    .refine((n) => Math.abs(n * 100 - Math.round(n * 100)) < 1e-6, 'at most two decimals (fen)')
    .optional(),
  /** What was agreed, or why it failed (required when failed). */
  note: note.optional(),
});

const responses = {
  200: caseDetailSchema,
  400: errorBody,
  401: errorBody,
  403: errorBody,
  404: errorBody,
  409: errorBody,
};

export const mediationRoutes: FastifyPluginAsyncZod<CaseReadDeps & { mediation: MediationService }> = async (
  app,
  opts,
) => {
  app.post(
    '/v1/cases/:caseNo/mediation',
    {
      config: { roles: CASE_READER_ROLES },
      schema: {
        tags: ['cases'],
        summary:
          'Record the outcome of a mediation (检调对接): agreed (with amountYuan) or failed (with a note)',
        description:
          'agreed: the amount (yuan, optional, at most two decimals) and the note are kept; the prosecutor who referred it ' +
          '(else the assignee, the liaison, the leader) is asked in WeChat to sign off, which closes the case at grid level ' +
          '(POST …/mediation/sign-off or 确认调解 GL-…). failed: a note (why) is required and no amount; the case goes back to ' +
          'the prosecutor and the reporter is told it continues. A case not yet referred is referred by this call ' +
          '(the office entering a mediation the community held); one already agreed and awaiting sign-off: 409. ' +
          'The case must be accepted or in progress (else 409, in the words WeChat uses). Own groups only (others: 404).',
        security: [{ bearer: [] }],
        params: caseNoParam,
        body: mediationOutcomeBody,
        response: responses,
      },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      const caseNo = requireCaseNo(request.params.caseNo);
      const { outcome, amountYuan, note } = request.body;
      if (outcome === 'failed' && amountYuan !== undefined)
        throw new BadRequestError(
          'amountYuan belongs to an agreed mediation',
          undefined,
          'amount_not_allowed',
        );
      if (outcome === 'failed' && note === undefined)
        throw new BadRequestError('a failed mediation needs a note saying why', undefined, 'note_required');
      const { row } = await opts.db.transaction((tx) =>
        opts.mediation.recordOutcome(tx, {
          caseNo,
          by: { kind: 'staff', actor: principal },
          outcome,
          amountYuan,
          note,
        }),
      );
      request.log.info({ caseNo, outcome, actor: principal.actor }, 'mediation outcome');
      return readableCaseDetail(opts, principal, row);
    },
  );

  app.post(
    '/v1/cases/:caseNo/mediation/referral',
    {
      config: { roles: CASE_READER_ROLES },
      schema: {
        tags: ['cases'],
        summary: 'Refer a case to its community’s mediation committee / grid member (as 调解 GL-… in WeChat)',
        description:
          'The case must be accepted or in progress and have a community; an accepted case moves to in_progress. ' +
          'A grid member of the case’s grid (else of its community) is told in WeChat, and so is the reporter. ' +
          'One mediation at a time (409 while one is referred or awaiting sign-off).',
        security: [{ bearer: [] }],
        params: caseNoParam,
        body: z.strictObject({ note: note.optional() }),
        response: responses,
      },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      const caseNo = requireCaseNo(request.params.caseNo);
      const { row } = await opts.db.transaction((tx) =>
        opts.mediation.refer(tx, { caseNo, actor: principal, note: request.body.note }),
      );
      request.log.info({ caseNo, actor: principal.actor }, 'mediation referral');
      return readableCaseDetail(opts, principal, row);
    },
  );

  app.post(
    '/v1/cases/:caseNo/mediation/sign-off',
    {
      config: { roles: CASE_READER_ROLES },
      schema: {
        tags: ['cases'],
        summary:
          'Sign off an agreed mediation (小事不出网格): the case is resolved and closed, the reporter told (as 确认调解 GL-…)',
        description:
          'Only when the latest mediation is agreed (else 409). The note, if any, is added to what the reporter is told; ' +
          'the reporter is then asked for a satisfaction rating once.',
        security: [{ bearer: [] }],
        params: caseNoParam,
        body: z.strictObject({ note: note.optional() }),
        response: responses,
      },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      const caseNo = requireCaseNo(request.params.caseNo);
      const { row } = await opts.db.transaction((tx) =>
        opts.mediation.signOff(tx, { caseNo, actor: principal, note: request.body.note }),
      );
      request.log.info({ caseNo, actor: principal.actor }, 'mediation sign-off');
      return readableCaseDetail(opts, principal, row);
    },
  );
};
