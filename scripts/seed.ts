// npm run seed: loads the Gulou grid registry and demo groups into the configured database when it is empty.
import { loadConfig } from '../api/config/config.js';
import { createDb } from '../db/create-db.js';
import { seedRegistryIfEmpty } from '../db/seed/seed-registry.js';

const config = loadConfig();
const database = await createDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
try {
  const result = await seedRegistryIfEmpty(database.db);
  process.stdout.write(
    result.seeded
      ? `seeded ${result.grids} grids, ${result.groups} groups, ${result.people} people into ${database.kind}\n`
      : `the registry is not empty; nothing seeded (replace grids and people through the API or CSV import)\n`,
  );
} finally {
  await database.close();
}
