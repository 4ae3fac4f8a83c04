// Database errors explained in one line with host and database, never the password.
import postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { describeDatabaseUrl, explainPostgresError } from '../../../db/database-errors.js';

const URL = 'postgres://jianwang:s3cret-pw@db.internal:6543/jianwang_prod';
/** postgres.js builds its PostgresError from the server's ErrorResponse fields. */
const ServerError = postgres.PostgresError as unknown as new (fields: object) => Error;
const pgError = (code: string, message: string) => new ServerError({ code, message, severity: 'FATAL' });
/** drizzle wraps the driver's error in "Failed query: …" with the real one as its cause. */
const wrapped = (cause: unknown) =>
  new Error('Failed query: CREATE SCHEMA IF NOT EXISTS "drizzle"\nparams: ', { cause });

describe('explainPostgresError', () => {
  it.each([
    [
      pgError('28P01', 'password authentication failed for user "jianwang"'),
      /refused the password for user "jianwang" \(database "jianwang_prod"\)/,
    ],
    [
      wrapped(pgError('3D000', 'database "jianwang_prod" does not exist')),
      /database "jianwang_prod" does not exist on PostgreSQL at db.internal:6543/,
    ],
    [
      wrapped(pgError('42501', 'permission denied for database jianwang_prod')),
      /may not set up database "jianwang_prod"/,
    ],
    [
      wrapped(Object.assign(new Error('connect ECONNREFUSED 10.0.0.5:6543'), { code: 'ECONNREFUSED' })),
      /cannot reach PostgreSQL at db.internal:6543 \(connection refused\)/,
    ],
    [
      Object.assign(new Error('getaddrinfo ENOTFOUND db.internal'), { code: 'ENOTFOUND' }),
      /cannot find the database host db.internal/,
    ],
    [
      Object.assign(new Error('write CONNECT_TIMEOUT db.internal:6543'), { code: 'CONNECT_TIMEOUT' }),
      /no answer/,
    ],
    [new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED' })]), /connection refused/],
    [
      wrapped(pgError('XX000', 'something odd')),
      /cannot open database "jianwang_prod" on PostgreSQL at db.internal:6543: something odd \(XX000\)/,
    ],
  ])('explains %s in one line without the password', (error, expected) => {
    const line = explainPostgresError(error, URL);
    expect(line).toMatch(expected);
    expect(line).not.toContain('s3cret-pw');
    expect(line).not.toContain('\n');
  });

  it('reads host, port, database and user from the URL, with the defaults PostgreSQL uses', () => {
    expect(describeDatabaseUrl(URL)).toEqual({
      host: 'db.internal',
      port: '6543',
      database: 'jianwang_prod',
      user: 'jianwang',
    });
    expect(describeDatabaseUrl('postgres://alice@localhost')).toEqual({
      host: 'localhost',
      port: '5432',
      database: 'alice',
      user: 'alice',
    });
  });
});
