// A fresh database per test file: in-memory PGlite, or a new database on the server in DATABASE_URL.
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { createDb, type Database } from '../../db/create-db.js';

export interface TestDatabase extends Database {
  /** The postgres:// URL of the fresh database, when on a real server. */
  url: string | undefined;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) return { ...(await createDb({ dataDir: 'memory' })), url: undefined };
  const name = `jw_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await createDb({ databaseUrl: url.toString(), maxConnections: 5 });
  return {
    ...database,
    url: url.toString(),
    close: async () => {
      await database.close();
      const dropper = postgres(serverUrl, { max: 1, onnotice: () => {} });
      await dropper.unsafe(`drop database if exists ${name} with (force)`);
      await dropper.end();
    },
  };
}
