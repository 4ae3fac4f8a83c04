// Shared pieces of the CSV import endpoints: the text/csv body parser, the 422 error and the result shape.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../http/domain-errors.js';
import type { CsvLineError } from './csv/csv-types.js';

export const CSV_BODY_LIMIT = 4 * 1024 * 1024;

/** The whole file is rejected: every problem is listed with its spreadsheet line number. */
export class CsvInvalidError extends AppError {
  constructor(errors: CsvLineError[]) {
    const lines = [...new Set(errors.map((e) => e.line))];
    super(
      'csv_invalid',
      `the file was not applied: ${errors.length} problem(s) on line(s) ${lines.slice(0, 20).join(', ')}${lines.length > 20 ? ', …' : ''}`,
      422,
      errors,
    );
  }
}

export const csvInvalidBody = z.object({
  error: z.object({
    code: z.literal('csv_invalid'),
    message: z.string(),
    details: z.array(z.object({ line: z.number().int(), message: z.string() })),
  }),
});

export const csvImportResultSchema = z.object({
  created: z.number().int(),
  updated: z.number().int(),
});

export const csvBodySchema = z
  .string()
  .min(1)
  .describe('The CSV file itself (UTF-8, header row first), sent as Content-Type: text/csv');

/** Accepts text/csv bodies in the calling plugin's scope only; the rest of the API stays JSON. */
export function acceptCsvBodies(app: FastifyInstance): void {
  app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: CSV_BODY_LIMIT }, (_req, body, done) =>
    done(null, body),
  );
}

/** Import routes take the file itself; a JSON body would otherwise fail with a vaguer schema error. */
export async function requireCsvContentType(request: FastifyRequest): Promise<void> {
  const type = request.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
  if (type !== 'text/csv')
    throw new AppError(
      'unsupported_media_type',
      'send the file as the request body with Content-Type: text/csv',
      415,
    );
}
