// Internal notes on a case over HTTP: the owning group and the office write and read them; nobody else sees them.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/create-db.js';
import { requirePrincipal } from '../auth/auth-plugin.js';
import { caseScope, scopeAllows } from '../auth/case-scope.js';
import { NotFoundError } from '../http/domain-errors.js';
import { errorBody } from '../http/pagination.js';
import type { FieldCipher } from '../security/field-cipher.js';
import { type CaseNotesService, caseNoteSchema, caseNotes, NOTE_MAX_CHARS } from './case-notes.js';
import type { CaseService } from './case-service.js';
import { CASE_READER_ROLES, caseNoParam, requireCaseNo } from './cases-routes.js';

export const caseNotesRoutes: FastifyPluginAsyncZod<{
  db: Db;
  cases: CaseService;
  caseNotes: CaseNotesService;
  cipher: FieldCipher;
}> = async (app, opts) => {
  app.post(
    '/v1/cases/:caseNo/notes',
    {
      config: { roles: CASE_READER_ROLES },
      schema: {
        tags: ['cases'],
        summary: 'Add an internal note (备注) to a case; seen only by the owning group and the office',
        description:
          'The note is stored encrypted with the data key and never sent to the reporter. ' +
          'Prosecutors and group leaders may write only on their own groups’ cases (others: 404).',
        security: [{ bearer: [] }],
        params: caseNoParam,
        body: z.strictObject({ text: z.string().max(NOTE_MAX_CHARS * 2) }),
        response: { 201: caseNoteSchema, 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody },
      },
    },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const caseNo = requireCaseNo(request.params.caseNo);
      const note = await opts.db.transaction((tx) =>
        opts.caseNotes.add(tx, { caseNo, text: request.body.text, actor: principal }),
      );
      request.log.info({ caseNo, noteId: note.id, actor: principal.actor }, 'case note added');
      return reply.code(201).send(note);
    },
  );

  app.get(
    '/v1/cases/:caseNo/notes',
    {
      config: { roles: CASE_READER_ROLES },
      schema: {
        tags: ['cases'],
        summary: 'A case’s internal notes, oldest first (the owning group and the office only)',
        security: [{ bearer: [] }],
        params: caseNoParam,
        response: {
          200: z.object({ items: z.array(caseNoteSchema), total: z.number().int() }),
          400: errorBody,
          401: errorBody,
          403: errorBody,
          404: errorBody,
        },
      },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      const caseNo = requireCaseNo(request.params.caseNo);
      const row = await opts.cases.findByCaseNo(opts.db, caseNo);
      if (!row || !scopeAllows(await caseScope(opts.db, principal), row.groupId))
        throw new NotFoundError(`case ${caseNo} does not exist`);
      const items = await caseNotes(opts.db, opts.cipher, row.id);
      return { items, total: items.length };
    },
  );
};
