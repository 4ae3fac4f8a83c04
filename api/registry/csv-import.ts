// Shared pieces of the CSV import endpoints: the text/csv and multipart body parsers (bytes decoded by csv-decoder), the 422 error and the result shape.
import type { IncomingMessage } from 'node:http';
import { Busboy, type BusboyHeaders, type BusboyInstance } from '@fastify/busboy';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError, BadRequestError } from '../http/domain-errors.js';
import { decodeCsvBytes } from './csv/csv-decoder.js';
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
  .describe(
    'The CSV file, header row first: the request body itself with Content-Type: text/csv, or one file field (named `file`) of a multipart/form-data upload. UTF-8 (with or without BOM) and GBK/GB18030 as Excel saves it are read; other encodings are refused with 415.',
  );

/** The OpenAPI `consumes` of the import routes. */
export const CSV_CONSUMES = ['text/csv', 'multipart/form-data'];

/** The file's bytes could not be read as text: the request is refused and nothing is applied. */
export class CsvEncodingError extends AppError {
  constructor(message: string, details?: CsvLineError[]) {
    super('unsupported_encoding', message, 415, details);
  }
}

function decodeOrThrow(bytes: Buffer, charset: string | undefined): string {
  const decoded = decodeCsvBytes(bytes, charset);
  if (decoded.ok) return decoded.text;
  if (decoded.reason === 'damaged') throw new CsvInvalidError(decoded.errors ?? []);
  throw new CsvEncodingError(decoded.message);
}

function charsetOf(contentType: string | undefined): string | undefined {
  return /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? '')?.[1];
}

/**
 * Accepts text/csv and multipart/form-data bodies in the calling plugin's scope only (the rest of the API
 * stays JSON); either way the route receives the file decoded to a string.
 */
export function acceptCsvBodies(app: FastifyInstance): void {
  app.addContentTypeParser(
    'text/csv',
    { parseAs: 'buffer', bodyLimit: CSV_BODY_LIMIT },
    (request, body, done) => {
      try {
        done(null, decodeOrThrow(body as Buffer, charsetOf(request.headers['content-type'])));
      } catch (error) {
        done(error as Error, undefined);
      }
    },
  );
  app.addContentTypeParser('multipart/form-data', (request, payload, done) => {
    readUploadedFile(request, payload)
      .then(({ bytes, contentType }) => done(null, decodeOrThrow(bytes, charsetOf(contentType))))
      .catch((error: Error) => done(error, undefined));
  });
}

const UPLOAD_HINT = 'send one file field named file, e.g. curl -F file=@grids.csv';

/** The one file of a form upload (the part named `file`, or the only part), bounded by CSV_BODY_LIMIT. */
function readUploadedFile(
  request: FastifyRequest,
  payload: IncomingMessage,
): Promise<{ bytes: Buffer; contentType: string | undefined }> {
  return new Promise((resolve, reject) => {
    let parser: BusboyInstance;
    try {
      parser = Busboy({
        headers: request.headers as BusboyHeaders,
        // Every part is read as bytes: a field sent with curl -F name=<file must be decoded here too.
        isPartAFile: () => true,
        limits: { files: 5, parts: 5, fileSize: CSV_BODY_LIMIT, headerPairs: 20 },
      });
    } catch {
      reject(
        new BadRequestError(
          `the multipart body has no boundary; ${UPLOAD_HINT}`,
          undefined,
          'invalid_upload',
        ),
      );
      return;
    }
    const parts: { name: string; bytes: Buffer; contentType: string; truncated: boolean }[] = [];
    let failed = false;
    const fail = (error: Error) => {
      if (failed) return;
      failed = true;
      payload.unpipe(parser);
      payload.resume();
      reject(error);
    };
    parser.on('file', (name, stream, _filename, _encoding, contentType) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () =>
        fail(
          new AppError('body_too_large', `the file is larger than ${CSV_BODY_LIMIT / 1024 / 1024} MB`, 413),
        ),
      );
      stream.on('end', () =>
        parts.push({ name, bytes: Buffer.concat(chunks), contentType, truncated: stream.truncated }),
      );
    });
    parser.on('partsLimit', () =>
      fail(new BadRequestError(`the upload has too many parts; ${UPLOAD_HINT}`, undefined, 'invalid_upload')),
    );
    parser.on('error', () =>
      fail(
        new BadRequestError(`the multipart body is malformed; ${UPLOAD_HINT}`, undefined, 'invalid_upload'),
      ),
    );
    parser.on('finish', () => {
      if (failed) return;
      const chosen = parts.find((p) => p.name === 'file') ?? (parts.length === 1 ? parts[0] : undefined);
      if (!chosen || chosen.bytes.length === 0)
        return fail(
          new BadRequestError(
            parts.length === 0
              ? `the upload holds no file; ${UPLOAD_HINT}`
              : `the upload holds no file field named file; ${UPLOAD_HINT}`,
            undefined,
            'invalid_upload',
          ),
        );
      resolve({ bytes: chosen.bytes, contentType: chosen.contentType });
    });
    payload.pipe(parser);
  });
}

/** Import routes take the file itself; a JSON body would otherwise fail with a vaguer schema error. */
export async function requireCsvContentType(request: FastifyRequest): Promise<void> {
  const type = request.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
  if (type !== 'text/csv' && type !== 'multipart/form-data')
    throw new AppError(
      'unsupported_media_type',
      'send the file as the request body with Content-Type: text/csv, or as a form upload (curl -F file=@grids.csv)',
      415,
    );
}
