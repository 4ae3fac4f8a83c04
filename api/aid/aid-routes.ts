// POST /v1/cases/:caseNo/aid (the decision), /aid/status (受理, 审查, 发放) and /aid/materials (tick an item).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AID_DECISIONS } from '../../db/schema/index.js';
import { requirePrincipal } from '../auth/auth-plugin.js';
import { caseDetailSchema } from '../cases/case-view.js';
import {
  CASE_READER_ROLES,
  type CaseReadDeps,
  caseNoParam,
  readableCaseDetail,
  requireCaseNo,
} from '../cases/cases-routes.js';
import { errorBody } from '../http/pagination.js';
import type { AidService } from './aid-service.js';

const responses = {
  200: caseDetailSchema,
  400: errorBody,
  401: errorBody,
  403: errorBody,
  404: errorBody,
  409: errorBody,
};

const WHO =
  'Prosecutors and group leaders: their own groups’ cases only (others: 404); the office and admins: all.';

export const aidRoutes: FastifyPluginAsyncZod<CaseReadDeps & { aid: AidService }> = async (app, opts) => {
  app.post(
    '/v1/cases/:caseNo/aid',
    {
      config: { roles: CASE_READER_ROLES },
      schema: {
        tags: ['cases'],
        summary: 'Record the judicial-aid decision: granted with amountYuan, or refused with its reason',
        description: `Only from stage 审查 (else 409); the stage becomes 决定 and the applicant is told. ${WHO}`,
        security: [{ bearer: [] }],
        params: caseNoParam,
        body: z.strictObject({
          decision: z.enum(AID_DECISIONS),
          amountYuan: z.number().optional().describe('granted: the amount, yuan, up to two decimals'),
          reason: z.string().trim().min(1).max(500).optional().describe('refused: why (required)'),
        }),
        response: responses,
      },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      const caseNo = requireCaseNo(request.params.caseNo);
      const { row } = await opts.db.transaction((tx) =>
        opts.aid.decide(tx, { caseNo, ...request.body, actor: principal }),
      );
      request.log.info({ caseNo, decision: request.body.decision, actor: principal.actor }, 'aid decision');
      return readableCaseDetail(opts, principal, row);
    },
  );

  app.post(
    '/v1/cases/:caseNo/aid/status',
    {
      config: { roles: CASE_READER_ROLES },
      schema: {
        tags: ['cases'],
        summary: 'Move judicial aid one stage on: 受理 (opens it if the pre-screen did not), 审查, 发放',
        description: `Stages run 预审 → 受理 → 审查 → 决定 → 发放, one step at a time; 发放 only after a grant; otherwise 409. ${WHO}`,
        security: [{ bearer: [] }],
        params: caseNoParam,
        body: z.strictObject({
          status: z.enum(['受理', '审查', '发放']),
          amountRequestedYuan: z.number().optional().describe('with 受理: the amount applied for, yuan'),
        }),
        response: responses,
      },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      const caseNo = requireCaseNo(request.params.caseNo);
      const { status, amountRequestedYuan } = request.body;
      const { row } = await opts.db.transaction((tx) =>
        opts.aid.move(tx, { caseNo, to: status, amountRequestedYuan, actor: principal }),
      );
      request.log.info({ caseNo, status, actor: principal.actor }, 'aid stage');
      return readableCaseDetail(opts, principal, row);
    },
  );

  app.post(
    '/v1/cases/:caseNo/aid/materials',
    {
      config: { roles: CASE_READER_ROLES },
      schema: {
        tags: ['cases'],
        summary: 'Tick (or untick) one item of the judicial-aid materials checklist',
        description: `material: a key (application, identity, hardship, medical, death, loss, judgment) or its Chinese name (困难证明). ${WHO}`,
        security: [{ bearer: [] }],
        params: caseNoParam,
        body: z.strictObject({ material: z.string().trim().min(1).max(40), done: z.boolean() }),
        response: responses,
      },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      const caseNo = requireCaseNo(request.params.caseNo);
      const { row } = await opts.db.transaction((tx) =>
        opts.aid.tick(tx, { caseNo, word: request.body.material, done: request.body.done, actor: principal }),
      );
      return readableCaseDetail(opts, principal, row);
    },
  );
};
