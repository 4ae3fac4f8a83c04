// npm run seed: loads the Gulou grid registry and demo groups into the configured database when it is empty.
import { loadConfig } from '../api/config/config.js';
import { seedRegistryIfEmpty } from '../db/seed/seed-registry.js';
import { cliErrorMessage, openCliData } from './cli/cli-data.js';

async function main(): Promise<void> {
  const config = loadConfig();
  // A running server seeds an empty registry itself when it starts; seeding beside it is refused.
  const data = await openCliData(config, 'npm run seed', { viaServer: false });
  if (data.kind !== 'direct') return;
  const { database } = data;
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
}

main().catch((error: unknown) => {
  process.stderr.write(`seed: ${cliErrorMessage(error)}\n`);
  process.exit(1);
});
