// Attachments: the bot uploads one per WeChat message (streamed); case readers fetch the bytes, each read audited.
import { and, eq } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditLog, messages } from '../../db/schema/index.js';
import { requirePrincipal } from '../auth/auth-plugin.js';
import { caseScope, scopeAllows } from '../auth/case-scope.js';
import { attachmentMetaSchema } from '../cases/case-file.js';
import { CASE_READER_ROLES, type CaseReadDeps, caseNoParam, requireCaseNo } from '../cases/cases-routes.js';
import { AppError, NotFoundError } from '../http/domain-errors.js';
import { errorBody } from '../http/pagination.js';
import { MAX_ATTACHMENT_NAME } from './attachment-policy.js';
import type { AttachmentStore } from './attachment-store.js';

const uploadQuery = z.object({
  messageId: z.string().min(1).max(200),
  name: z.string().trim().min(1).max(MAX_ATTACHMENT_NAME),
  mimeType: z.string().trim().min(1).max(200),
});

export const attachmentsRoutes: FastifyPluginAsyncZod<
  CaseReadDeps & { attachments: AttachmentStore }
> = async (app, opts) => {
  // The upload is read as a stream (never whole into memory in the clear); only this plugin takes raw bytes.
  app.addContentTypeParser('application/octet-stream', (_request, payload, done) => done(null, payload));

  app.post(
    '/v1/attachments',
    {
      config: { roles: ['bot'] },
      // The store counts the bytes itself and stops at its limit; this only keeps Fastify out of the way.
      bodyLimit: opts.attachments.maxBytes + 1,
      schema: {
        tags: ['attachments'],
        summary:
          'Upload the attachment of one WeChat message (application/octet-stream), before posting the message',
        description:
          'At most 20 MB; photos, documents, voice and video only (415 otherwise, also when the bytes contradict the type). ' +
          'One attachment per messageId: a second upload is refused with 409 attachment_exists and changes nothing.',
        security: [{ bearer: [] }],
        querystring: uploadQuery,
        response: {
          201: attachmentMetaSchema,
          400: errorBody,
          401: errorBody,
          403: errorBody,
          409: errorBody,
          413: errorBody,
          415: errorBody,
        },
      },
    },
    async (request, reply) => {
      const body = request.body as unknown;
      if (!isByteStream(body))
        throw new AppError('unsupported_media_type', 'send the file as application/octet-stream', 415);
      const length = Number(request.headers['content-length']);
      const meta = await opts.attachments.save({
        messageId: request.query.messageId,
        name: request.query.name,
        mimeType: request.query.mimeType,
        body,
        declaredLength: Number.isFinite(length) ? length : undefined,
      });
      request.log.info(
        {
          messageId: request.query.messageId,
          attachmentId: meta.id,
          size: meta.size,
          mimeType: meta.mimeType,
        },
        'attachment stored',
      );
      return reply.code(201).send(meta);
    },
  );

  app.get(
    '/v1/cases/:caseNo/attachments/:id',
    {
      config: { roles: CASE_READER_ROLES },
      schema: {
        tags: ['cases'],
        summary:
          'One attachment of a case, as its bytes with their type; every read is written to the audit log',
        security: [{ bearer: [] }],
        params: caseNoParam.extend({ id: z.coerce.number().int().min(1).max(2_147_483_647) }),
        response: {
          400: errorBody,
          401: errorBody,
          403: errorBody,
          404: errorBody,
          410: errorBody,
        },
      },
    },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const caseNo = requireCaseNo(request.params.caseNo);
      const row = await opts.cases.findByCaseNo(opts.db, caseNo);
      // Another group's case, or a file of another case, answers exactly like a missing one.
      if (!row || !scopeAllows(await caseScope(opts.db, principal), row.groupId))
        throw new NotFoundError(`case ${caseNo} does not exist`);
      const meta = await opts.attachments.meta(opts.db, request.params.id);
      const [owner] = meta
        ? await opts.db
            .select({ id: messages.id })
            .from(messages)
            .where(and(eq(messages.messageId, meta.messageId), eq(messages.caseId, row.id)))
        : [];
      if (!meta || !owner) throw new NotFoundError(`case ${caseNo} has no attachment ${request.params.id}`);
      const bytes = meta.purged ? null : await opts.attachments.bytes(opts.db, meta.id);
      if (!bytes)
        throw new AppError(
          'attachment_purged',
          `attachment ${meta.id} was deleted after the retention period`,
          410,
        );
      await opts.db.insert(auditLog).values({
        at: opts.clock.now(),
        actor: principal.actor,
        action: 'read_attachment',
        subject: caseNo,
        data: { attachmentId: meta.id },
      });
      const disposition = meta.mimeType.startsWith('image/') ? 'inline' : 'attachment';
      return (
        reply
          .type(meta.mimeType)
          .header('content-disposition', `${disposition}; filename*=UTF-8''${encodeURIComponent(meta.name)}`)
          .header('x-content-sha256', meta.sha256)
          // Bytes are sent as they are; the JSON response schemas above are for the errors only.
          .send(bytes as never)
      );
    },
  );
};

function isByteStream(value: unknown): value is AsyncIterable<Uint8Array> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}
