// A fresh database per test file: in-memory PGlite, or a new database on the server in DATABASE_URL.
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { createDb, type Database } from '../../db/create-db.js';

export interface TestDatabase extends Database {
  /** The postgres:// URL of the fresh database, when on a real server. */
  url: string | undefined;
}

/** `migrate: false` leaves the database empty, for a test that migrates it step by step. */
export async function createTestDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  const migrate = options.migrate ?? true;
  if (!serverUrl) return { ...(await createDb({ dataDir: 'memory', migrate })), url: undefined };
  const name = `jw_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await createDb({ databaseUrl: url.toString(), maxConnections: 5, migrate });
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
