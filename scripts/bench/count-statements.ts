// Counts the SQL statements (BEGIN and COMMIT included) one POST /v1/messages costs, per kind of message, on Postgres.
import { randomBytes } from 'node:crypto';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { buildApp } from '../../api/app.js';
import { systemClock } from '../../api/clock.js';
import { loadConfig } from '../../api/config/config.js';
import { createLogger } from '../../api/http/logger.js';
import { createDb, type Db, preparingStatements } from '../../db/create-db.js';
import * as schema from '../../db/schema/index.js';
import { prepareBenchRegistry } from './bench-fixtures.js';
import { createMessageMix, type MessageKind } from './message-mix.js';
import { benchServerUrl, createScratchDatabase } from './scratch-database.js';

const MESSAGES = Number(process.env.MESSAGES ?? 200);

async function main(): Promise<void> {
  const scratch = await createScratchDatabase(benchServerUrl());
  try {
    const database = await createDb({ databaseUrl: scratch.url, maxConnections: 1 });
    let statements = 0;
    // A second client on the same database, prepared as the API's is, with postgres.js's debug hook on every statement.
    const client = postgres(scratch.url, {
      max: 1,
      onnotice: () => {},
      connection: { TimeZone: 'UTC' },
      debug: (_connection, query) => {
        statements++;
        if (process.env.SHOW_SQL) process.stdout.write(`  ${String(query).slice(0, 160)}\n`);
      },
    });
    const counted = { ...database, db: drizzle(preparingStatements(client), { schema }) as unknown as Db };
    const fixture = await prepareBenchRegistry(counted.db);
    const token = `count-${randomBytes(6).toString('hex')}`;
    const config = loadConfig({ NODE_ENV: 'development', BOT_TOKEN: token, LOG_LEVEL: 'silent' });
    const app = await buildApp({
      config,
      database: counted,
      clock: systemClock,
      logger: createLogger({ level: 'silent' }),
    });
    const mix = createMessageMix(fixture, { prefix: `count-${randomBytes(4).toString('hex')}` });
    const byKind = new Map<MessageKind, { n: number; statements: number; ms: number }>();
    for (let i = 0; i < MESSAGES; i++) {
      const { kind, body } = mix.next();
      const before = statements;
      const started = performance.now();
      const res = await app.inject({
        method: 'POST',
        url: '/v1/messages',
        headers: { authorization: `Bearer ${token}` },
        payload: body,
      });
      if (res.statusCode !== 200) throw new Error(`${kind}: ${res.statusCode} ${res.body}`);
      if (process.env.SHOW_SQL) process.stdout.write(`^ ${kind}\n`);
      const k = byKind.get(kind) ?? { n: 0, statements: 0, ms: 0 };
      k.n++;
      k.statements += statements - before;
      k.ms += performance.now() - started;
      byKind.set(kind, k);
    }
    for (const [kind, k] of [...byKind].sort()) {
      process.stdout.write(
        `${kind.padEnd(10)} n=${String(k.n).padStart(3)} statements/message=${(k.statements / k.n).toFixed(1)} ms/message=${(k.ms / k.n).toFixed(1)}\n`,
      );
    }
    await app.close();
    await client.end();
    await database.close();
  } finally {
    await scratch.drop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`count-statements failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
