// Opening a database that cannot be used fails with one clear line (host and database, no password), from createDb and from npm start.
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../db/create-db.js';
import { DatabaseOpenError } from '../../db/database-errors.js';
import { type FakePostgres, startPasswordRefusingPostgres } from '../helpers/fake-postgres.js';
import { runScript } from '../helpers/run-script.js';

const serverUrl = process.env.DATABASE_URL;

/** A loopback port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === 'object' && address ? address.port : 1;
}

async function openError(databaseUrl: string): Promise<DatabaseOpenError> {
  const error = await createDb({ databaseUrl }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DatabaseOpenError);
  return error as DatabaseOpenError;
}

let fake: FakePostgres;
beforeAll(async () => {
  fake = await startPasswordRefusingPostgres();
});
afterAll(async () => {
  await fake?.close();
});

describe('createDb on a database it cannot use', () => {
  it('names an unreachable server', async () => {
    const port = await closedPort();
    const error = await openError(`postgres://jw:pw-123@127.0.0.1:${port}/jianwang`);
    expect(error.message).toBe(
      `cannot reach PostgreSQL at 127.0.0.1:${port} (connection refused): is the server running, and are the host and port in DATABASE_URL right?`,
    );
  });

  it('names a refused password without repeating it', async () => {
    const error = await openError(`postgres://jianwang:wrong-pw-456@127.0.0.1:${fake.port}/jianwang`);
    expect(error.message).toBe(
      `PostgreSQL at 127.0.0.1:${fake.port} refused the password for user "jianwang" (database "jianwang"): check the password in DATABASE_URL`,
    );
    expect(error.message).not.toContain('wrong-pw-456');
  });

  it.skipIf(!serverUrl)('names a database that does not exist on a real server', async () => {
    const url = new URL(serverUrl!);
    url.pathname = '/jw_no_such_database';
    const error = await openError(url.toString());
    expect(error.message).toMatch(
      new RegExp(
        `^database "jw_no_such_database" does not exist on PostgreSQL at ${url.hostname}:${url.port || 5432}: create it`,
      ),
    );
  });
});

describe('npm start on a database it cannot use', () => {
  it('ends with that one line on stderr, no stack trace, exit code 1', async () => {
    const port = await closedPort();
    const result = await runScript('scripts/start.ts', [], {
      env: {
        NODE_ENV: 'development',
        DATABASE_URL: `postgres://jw:pw-789@127.0.0.1:${port}/jianwang`,
        ADMIN_TOKEN: 'adm_database_errors_test_token',
        BOT_TOKEN: 'bot_database_errors_test_token',
        DATA_KEY: 'a'.repeat(64),
        PORT: '0',
        LOG_LEVEL: 'silent',
      },
    });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      `jianwang: cannot reach PostgreSQL at 127.0.0.1:${port} (connection refused): is the server running, and are the host and port in DATABASE_URL right?`,
    );
  }, 90_000);
});
