// Starts the API: opens the database (migrations applied), seeds an empty registry, listens, runs the jobs.
import type { FastifyInstance } from 'fastify';
import { createDb, type Database } from '../db/create-db.js';
import { insertDemoCases } from '../db/seed/demo-cases.js';
import { seedRegistryIfEmpty } from '../db/seed/seed-registry.js';
import { type App, buildApp } from './app.js';
import type { Clock } from './clock.js';
import type { Config } from './config/config.js';
import type { BotHealthSource } from './health/health-routes.js';
import type { Logger } from './http/logger.js';
import { type JobRunner, startJobs } from './jobs/job-runner.js';

export interface RunningApi {
  app: App;
  database: Database;
  jobs: JobRunner | null;
  /** Stops taking requests, drains in-flight requests and jobs, closes the database. */
  close(): Promise<void>;
}

export async function startApiServer(options: {
  config: Config;
  logger: Logger;
  clock: Clock;
  plugins?: ((app: FastifyInstance) => Promise<void>)[];
  bot?: BotHealthSource | undefined;
}): Promise<RunningApi> {
  const { config, logger, clock } = options;
  const database = await createDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const seeded = await seedRegistryIfEmpty(database.db);
  if (seeded.seeded) logger.info(seeded, 'empty registry seeded with the Gulou grids and demo groups');
  const app = await buildApp({
    config,
    database,
    clock,
    logger,
    plugins: options.plugins ?? [],
    bot: options.bot,
  });
  // Only the start that seeded the registry, in development (config.demoData): the console's charts then have cases.
  if (seeded.seeded && config.demoData) {
    const demo = await insertDemoCases(database.db, {
      cipher: app.services.registry.fieldCipher,
      deadlines: app.services.deadlines,
      now: clock.now(),
    });
    logger.info(
      demo,
      'demo cases added (GL-<year>-900001…; DEMO_DATA=off to start empty, npm run demo:clear to remove)',
    );
  }
  await app.listen({ host: config.host, port: config.port });
  const address = app.server.address();
  if (address && typeof address === 'object') {
    const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
    // CLIs finding the PGlite directory taken send their work here instead.
    database.dataDirLock?.update({
      apiUrl: `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`,
    });
  }
  const jobs = config.components.has('jobs')
    ? await startJobs({ database, services: app.services, config, logger, clock })
    : null;
  return {
    app,
    database,
    jobs,
    async close() {
      await app.close();
      await jobs?.stop();
      await database.close();
    },
  };
}
