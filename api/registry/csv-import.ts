// Shared pieces of the CSV import endpoints: the text/csv and multipart body parsers (bytes decoded by csv-decoder), the row bound (413), the 422 error and the result shape.
import type { IncomingMessage } from 'node:http';
import { Busboy, type BusboyHeaders, type BusboyInstance } from '@fastify/busboy';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError, BadRequestError } from '../http/domain-errors.js';
import { decodeCsvBytes } from './csv/csv-decoder.js';
import type { CsvLineError } from './csv/csv-types.js';

export const CSV_BODY_LIMIT = 4 * 1024 * 1024;

/** The most data rows one import takes: larger files are refused with 413 (split them). */
export const MAX_CSV_ROWS = 20_000;
/** The most problems listed in a refusal; the count of all of them is given beside. */
export const MAX_CSV_ERRORS_LISTED = 100;

/** The whole file is rejected: the first problems are listed with their spreadsheet line numbers, all are counted. */
export class CsvInvalidError extends AppError {
  constructor(errors: CsvLineError[]) {
    const lines = new Set(errors.map((e) => e.line));
    const listed = errors.slice(0, MAX_CSV_ERRORS_LISTED);
    const shown = [...new Set(listed.map((e) => e.line))].slice(0, 20);
    super(
      'csv_invalid',
      `the file was not applied: ${errors.length} problem(s) on ${lines.size} line(s): ${shown.join(', ')}${lines.size > shown.length ? ', …' : ''}${errors.length > listed.length ? ` (the first ${listed.length} are listed)` : ''}`,
      422,
      listed,
      { errorCount: errors.length },
    );
  }
}

export class CsvTooLargeError extends AppError {
  constructor(rows: number) {
    super(
      'csv_too_large',
      `the file has more than ${MAX_CSV_ROWS.toLocaleString('en')} data rows (${rows > MAX_CSV_ROWS ? 'at least ' : ''}${rows.toLocaleString('en')}); nothing was applied — split it into files of at most ${MAX_CSV_ROWS.toLocaleString('en')} rows`,
      413,
    );
  }
}

/**
 * Data rows (non-blank records after the header) counted without parsing, stopping once past the limit;
 * quoted line breaks stay inside their record.
 */
export function countCsvRows(text: string, stopAfter = MAX_CSV_ROWS + 1): number {
  let records = 0;
  let quoted = false;
  let content = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 34) quoted = !quoted;
    if (!quoted && (code === 10 || code === 13)) {
      if (content) records++;
      content = false;
      if (records > stopAfter) break;
      if (code === 13 && text.charCodeAt(i + 1) === 10) i++;
    } else if (code !== 32 && code !== 44 && code !== 9 && code !== 0xfeff) content = true;
  }
  if (content) records++;
  return Math.max(0, records - 1);
}

/** Refuses, before any parsing, a file with more data rows than one import takes. */
export function requireCsvWithinLimit(text: string): void {
  const rows = countCsvRows(text);
  if (rows > MAX_CSV_ROWS) throw new CsvTooLargeError(rows);
}

export const csvInvalidBody = z.object({
  error: z.object({
    code: z.literal('csv_invalid'),
    message: z.string(),
    details: z
      .array(z.object({ line: z.number().int(), message: z.string() }))
      .describe(`the first ${MAX_CSV_ERRORS_LISTED} problems`),
    errorCount: z.number().int().describe('how many problems the file has in all'),
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
  if (decoded.ok) {
    requireCsvWithinLimit(decoded.text);
    return decoded.text;
  }
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
