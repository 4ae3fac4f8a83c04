// How a CLI reaches the data: its own connection (PostgreSQL, or a PGlite directory no process holds), or the running server that holds the PGlite directory.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../../api/config/config.js';
import { createDb, type Database } from '../../db/create-db.js';
import { DataDirLockedError, describeOwner, type LockOwner } from '../../db/data-dir-lock.js';

export type CliData =
  | { kind: 'direct'; database: Database }
  | { kind: 'server'; apiUrl: string; adminToken: string; owner: LockOwner };

/** The CLI cannot run now; `message` says why and what to do, in one line. */
export class CliRefusal extends Error {
  override name = 'CliRefusal';
}

/**
 * Opens the database for `command`. When a running server holds the PGlite directory, a command that can
 * work through the API (`viaServer`) gets that server's address and the admin token; any other is refused
 * with the server named, because two processes on one PGlite directory would corrupt it.
 */
export async function openCliData(
  config: Config,
  command: string,
  options: { viaServer: boolean },
): Promise<CliData> {
  try {
    return {
      kind: 'direct',
      database: await createDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, owner: command }),
    };
  } catch (error) {
    if (!(error instanceof DataDirLockedError)) throw error;
    const { owner } = error;
    if (!options.viaServer || !owner.apiUrl)
      throw new CliRefusal(
        `the embedded database in ${error.dataDir} is in use by ${describeOwner(owner)}; stop it, then run ${command} again (two processes on one PGlite directory would corrupt it)`,
      );
    return { kind: 'server', apiUrl: owner.apiUrl, adminToken: adminToken(config), owner };
  }
}

/** ADMIN_TOKEN, or the development token the server wrote into DATA_DIR at its first start. */
function adminToken(config: Config): string {
  if (config.adminToken) return config.adminToken;
  const file = path.resolve(config.dataDir, 'dev-tokens.json');
  if (existsSync(file)) {
    const stored = JSON.parse(readFileSync(file, 'utf8')) as { adminToken?: string };
    if (stored.adminToken) return stored.adminToken;
  }
  throw new CliRefusal(
    `the running server holds ${path.resolve(config.dataDir)}; set ADMIN_TOKEN so this command can go through it`,
  );
}

/** The one line a CLI prints for an error: operator problems (config, database, a server holding the data) are explained in their message. */
export function cliErrorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
