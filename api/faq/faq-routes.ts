// Office endpoints for the legal FAQ: list, read, add, edit (a review), retire, restore, and import reviewed entries.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { MAX_ANSWER_CHARS } from '../../intents/index.js';
import { requirePrincipal } from '../auth/auth-plugin.js';
import { errorBody, pageOf, paginationQuery } from '../http/pagination.js';
import { FAQ_STATUSES, type FaqService } from './faq-service.js';

const sourceSchema = z.strictObject({
  law: z.string().trim().min(1).max(200).describe('full title, e.g. 中华人民共和国民事诉讼法'),
  article: z.string().trim().min(1).max(200).describe('e.g. 第216条、第220条'),
  version: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .describe('version or effective date, e.g. 2023年修正，2024-01-01施行'),
});

const faqViewSchema = z.object({
  id: z.string(),
  topic: z.string(),
  question: z.string(),
  alternatives: z.array(z.string()).describe('other ways residents ask; used only for matching'),
  answer: z.string(),
  sources: z.array(sourceSchema),
  reviewedAt: z.string().describe('when the answer was last checked against the law in force'),
  reviewedBy: z.string().nullable(),
  reviewNotes: z.string().nullable(),
  status: z.enum(['active', 'retired']),
  retiredAt: z.string().nullable(),
  retiredBy: z.string().nullable(),
  retiredReason: z.string().nullable(),
  revision: z.number().int().describe('send it back with PATCH to refuse an edit over someone else’s'),
  updatedAt: z.string(),
});

const idParam = z.object({ id: z.string().trim().min(1).max(64) });
const text = (max: number) => z.string().trim().min(1).max(max);
const alternatives = z.array(text(100)).max(30);
const sources = z.array(sourceSchema).min(1).max(20);

const changesBody = z.strictObject({
  topic: text(32).optional(),
  question: text(100).optional(),
  alternatives: alternatives.optional(),
  answer: text(MAX_ANSWER_CHARS * 2).optional(),
  sources: sources.optional(),
  reviewNotes: z.string().trim().max(2000).optional(),
  revision: z.number().int().min(1).optional(),
});

const newEntryBody = z.strictObject({
  id: z
    .string()
    .trim()
    .regex(
      /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/,
      'lower-case letters, digits and hyphens, e.g. labour-wage-arrears',
    )
    .max(64),
  topic: text(32),
  question: text(100),
  alternatives: alternatives.optional(),
  answer: text(MAX_ANSWER_CHARS * 2),
  sources,
  reviewNotes: z.string().trim().max(2000).optional(),
});

const reviewedEntry = newEntryBody.extend({
  reviewedAt: z.iso.datetime({ offset: true }),
  reviewedBy: z.string().trim().max(200).optional(),
});

const importResult = z.object({
  added: z.array(z.string()),
  updated: z.array(z.string()),
  kept: z.array(z.string()).describe('entries the database holds a later review of; left as they are'),
});

const readErrors = { 401: errorBody, 403: errorBody, 404: errorBody };
const writeErrors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };
const roles = { roles: ['admin', 'office'] as const };

export const faqRoutes: FastifyPluginAsyncZod<{ faq: FaqService }> = async (app, opts) => {
  app.get(
    '/v1/faq',
    {
      config: roles,
      schema: {
        tags: ['faq'],
        summary: 'The legal FAQ entries, by topic',
        description: 'Active entries unless `status` says otherwise; `q` searches questions and answers.',
        security: [{ bearer: [] }],
        querystring: paginationQuery.extend({
          status: z.enum(FAQ_STATUSES).default('active'),
          topic: z.string().trim().min(1).max(32).optional(),
          q: z.string().trim().min(1).max(100).optional(),
        }),
        response: { 200: pageOf(faqViewSchema), 400: errorBody, 401: errorBody, 403: errorBody },
      },
    },
    async (request) => {
      const { limit, offset, ...filter } = request.query;
      return opts.faq.list(filter, { limit, offset });
    },
  );

  app.get(
    '/v1/faq/:id',
    {
      config: roles,
      schema: {
        tags: ['faq'],
        summary: 'One FAQ entry with its sources and review',
        security: [{ bearer: [] }],
        params: idParam,
        response: { 200: faqViewSchema, ...readErrors },
      },
    },
    async (request) => opts.faq.get(request.params.id),
  );

  app.post(
    '/v1/faq',
    {
      config: roles,
      schema: {
        tags: ['faq'],
        summary: 'Add an FAQ entry (reviewed by the caller now)',
        description:
          'Refused with 400 `faq_review` unless it cites at least one source (law, article, version), cites no superseded text, says 仅供参考 and fits the length limit.',
        security: [{ bearer: [] }],
        body: newEntryBody,
        response: { 201: faqViewSchema, ...writeErrors },
      },
    },
    async (request, reply) => {
      const created = await opts.faq.create(request.body, requirePrincipal(request).actor);
      return reply.status(201).send(created);
    },
  );

  app.patch(
    '/v1/faq/:id',
    {
      config: roles,
      schema: {
        tags: ['faq'],
        summary: 'Edit an FAQ entry; every call records a review (reviewedAt, reviewedBy) and is audited',
        description:
          'An empty body records that the entry was reviewed and is still right. The edited entry must pass the same review rule as a new one (400 `faq_review`). With `revision`, an edit over a newer change is refused (409 `faq_changed`).',
        security: [{ bearer: [] }],
        params: idParam,
        body: changesBody,
        response: { 200: faqViewSchema, ...writeErrors },
      },
    },
    async (request) => opts.faq.update(request.params.id, request.body, requirePrincipal(request).actor),
  );

  app.post(
    '/v1/faq/:id/retire',
    {
      config: roles,
      schema: {
        tags: ['faq'],
        summary: 'Stop answering with an entry (kept for the record; it can be restored)',
        security: [{ bearer: [] }],
        params: idParam,
        body: z.strictObject({ reason: z.string().trim().min(1).max(500).optional() }).nullish(),
        response: { 200: faqViewSchema, ...writeErrors },
      },
    },
    async (request) =>
      opts.faq.retire(request.params.id, request.body?.reason, requirePrincipal(request).actor),
  );

  app.post(
    '/v1/faq/:id/restore',
    {
      config: roles,
      schema: {
        tags: ['faq'],
        summary: 'Answer with a retired entry again (only if it still passes review)',
        security: [{ bearer: [] }],
        params: idParam,
        response: { 200: faqViewSchema, ...writeErrors },
      },
    },
    async (request) => opts.faq.restore(request.params.id, requirePrincipal(request).actor),
  );

  app.post(
    '/v1/faq/import',
    {
      config: { roles: ['admin'] as const },
      schema: {
        tags: ['faq'],
        summary: 'Apply reviewed entries (e.g. an updated intents/faq/legal-faq.json) without a restart',
        description:
          'New ids are added; an existing entry is replaced only when the entry’s reviewedAt is later than the database’s last review of it, so edits made through the API are not undone. Nothing is applied if any entry fails review.',
        security: [{ bearer: [] }],
        body: z.array(reviewedEntry).min(1).max(1000),
        response: { 200: importResult, 400: errorBody, 401: errorBody, 403: errorBody },
      },
    },
    async (request) => opts.faq.applyReviewed(request.body, requirePrincipal(request).actor),
  );
};
