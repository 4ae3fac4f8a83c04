// Office endpoints for the grid registry (list, one grid, CSV import) and the bot's place names.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { GRID_LEVELS } from '../../db/schema/index.js';
import { requirePrincipal } from '../auth/auth-plugin.js';
import { errorBody, pageOf, paginationQuery } from '../http/pagination.js';
import {
  acceptCsvBodies,
  CSV_BODY_LIMIT,
  CSV_CONSUMES,
  csvBodySchema,
  csvImportResultSchema,
  csvInvalidBody,
  requireCsvContentType,
} from './csv-import.js';
import { csvPreviewSchema, dryRunQuery, previewCsvImport } from './csv-preview.js';
import type { GridService } from './grids-service.js';
import { codeParam, codeRefSchema } from './registry-views.js';

export const gridSchema = z.object({
  code: z.string(),
  name: z.string(),
  level: z.enum(GRID_LEVELS),
  parentCode: z.string().nullable(),
  ownerGroup: codeRefSchema
    .nullable()
    .describe('the group owning the community (for a grassroots grid: its community)'),
  synthetic: z.boolean().describe('true for placeholder names from the seed'),
  divisionCode: z
    .string()
    .nullable()
    .describe('official 12-digit 统计用区划代码 (NBS 2023) of a street or community; null for sample grids'),
});

export const gridsRoutes: FastifyPluginAsyncZod<{ grids: GridService }> = async (app, opts) => {
  acceptCsvBodies(app);

  app.get(
    '/v1/grids',
    {
      config: { roles: ['admin', 'office', 'bot'] },
      schema: {
        tags: ['registry'],
        summary: 'Grids ordered by code, filtered by level, parent code and a name or code substring',
        security: [{ bearer: [] }],
        querystring: paginationQuery.extend({
          level: z.enum(GRID_LEVELS).optional(),
          parent: z.string().min(1).max(64).optional().describe('code of the parent grid'),
          q: z
            .string()
            .trim()
            .min(1)
            .max(64)
            .optional()
            .describe('substring of the name, code or official division code'),
        }),
        response: { 200: pageOf(gridSchema), 400: errorBody, 401: errorBody, 403: errorBody },
      },
    },
    async (request) => {
      const { limit, offset, level, parent, q } = request.query;
      return opts.grids.list(
        { ...(level ? { level } : {}), ...(parent ? { parentCode: parent } : {}), ...(q ? { q } : {}) },
        { limit, offset },
      );
    },
  );

  app.get(
    '/v1/grids/:code',
    {
      config: { roles: ['admin', 'office', 'bot'] },
      schema: {
        tags: ['registry'],
        summary: 'One grid with its owning group and number of child grids',
        security: [{ bearer: [] }],
        params: codeParam,
        response: {
          200: gridSchema.extend({ childCount: z.number().int() }),
          401: errorBody,
          403: errorBody,
          404: errorBody,
        },
      },
    },
    async (request) => opts.grids.get(request.params.code),
  );

  app.post(
    '/v1/grids/import',
    {
      config: { roles: ['admin', 'office'] },
      bodyLimit: CSV_BODY_LIMIT,
      preValidation: requireCsvContentType,
      schema: {
        tags: ['registry'],
        summary:
          'Import grids from CSV (code,name,level,parent_code[,division_code]): all lines valid, or nothing applied',
        description:
          'Send the file as the request body with Content-Type: text/csv, or as a form upload (one file field named file); UTF-8 or GBK/GB18030. An existing code updates the name and parent; a new code inserts a grid. Any invalid line rejects the whole file with 422 and the line numbers (the header is line 1). With ?dryRun=true nothing is applied: the answer lists every line with its errors and, for a valid file, how many rows would be created and updated.',
        security: [{ bearer: [] }],
        consumes: CSV_CONSUMES,
        querystring: dryRunQuery,
        body: csvBodySchema,
        response: {
          200: z.union([csvPreviewSchema, csvImportResultSchema]),
          400: errorBody,
          401: errorBody,
          403: errorBody,
          415: errorBody,
          422: csvInvalidBody,
        },
      },
    },
    async (request) => {
      const actor = requirePrincipal(request).actor;
      if (request.query.dryRun === 'true')
        return previewCsvImport(request.body, () =>
          opts.grids.importCsv(request.body, actor, { dryRun: true }),
        );
      return opts.grids.importCsv(request.body, actor);
    },
  );

  app.get(
    '/v1/places',
    {
      config: { roles: ['bot', 'admin'] },
      schema: {
        tags: ['registry'],
        summary:
          'Street and community names as people write them (without the 示例 marker), for place extraction',
        security: [{ bearer: [] }],
        response: {
          200: z.object({ streets: z.array(z.string()), communities: z.array(z.string()) }),
          401: errorBody,
          403: errorBody,
        },
      },
    },
    async () => opts.grids.places(),
  );
};
