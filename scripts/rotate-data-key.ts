// npm run rotate-key: re-encrypts contact details from the current data key to a new one, in one transaction.
import { randomBytes } from 'node:crypto';
import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../api/config/config.js';
import { loadDataKey, parseDataKey } from '../api/security/data-key-loader.js';
import { DataKeyRotationError, rotateDataKey } from '../api/security/data-key-rotation.js';
import { DatabaseOpenError } from '../db/database-errors.js';
import { CliRefusal, openCliData } from './cli/cli-data.js';

const USAGE = 'usage: npm run --silent rotate-key -- [--new-key <64 hex digits or base64 of 32 bytes>]';

function fail(message: string, code = 2): never {
  process.stderr.write(`rotate-key: ${message}\n`);
  process.exit(code);
}

async function main(): Promise<void> {
  let newKeyText: string | undefined;
  try {
    const { values } = parseArgs({
      args: process.argv.slice(2),
      options: { 'new-key': { type: 'string' } },
      strict: true,
    });
    newKeyText = values['new-key'];
  } catch (error) {
    fail(`${(error as Error).message}\n${USAGE}`);
  }
  const config = loadConfig();
  const keyFile = path.resolve(config.dataDir, 'data-key');
  if (!config.dataKey && !existsSync(keyFile)) {
    fail(`no current key: set DATA_KEY, or run where ${keyFile} exists`);
  }
  const oldKey = loadDataKey(config);
  const generated = newKeyText === undefined;
  const newKey = generated ? randomBytes(32) : parseDataKey(newKeyText!);

  const encoded = newKey.toString('base64');
  const pendingFile = `${keyFile}.new`;
  // The new key is kept before any row uses it, so a crash right after the commit cannot lose it.
  if (config.dataKey) {
    if (generated) process.stdout.write(`DATA_KEY=${encoded}\n`);
  } else {
    writeFileSync(pendingFile, `${encoded}\n`, { mode: 0o600 });
  }

  // A running server keeps using the old key: rotating beside it is refused (on PGlite the lock tells).
  let data: Awaited<ReturnType<typeof openCliData>>;
  try {
    data = await openCliData(config, 'npm run rotate-key', { viaServer: false });
  } catch (error) {
    if (!config.dataKey) rmSync(pendingFile, { force: true });
    throw error;
  }
  if (data.kind !== 'direct') return;
  const { database } = data;
  let rotated: Record<string, number>;
  try {
    ({ rotated } = await rotateDataKey({ db: database.db, oldKey, newKey }));
  } catch (error) {
    if (!config.dataKey) rmSync(pendingFile, { force: true });
    throw error;
  } finally {
    await database.close();
  }
  const total = Object.values(rotated).reduce((a, b) => a + b, 0);
  process.stderr.write(`rotate-key: re-encrypted ${total} value(s): ${JSON.stringify(rotated)}\n`);
  if (config.dataKey) {
    process.stderr.write(
      'rotate-key: the data is now encrypted with the new key. Set DATA_KEY to it wherever the API runs and restart; the old key reads nothing any more.\n',
    );
    return;
  }
  renameSync(pendingFile, keyFile);
  process.stderr.write(`rotate-key: the new key replaced ${keyFile}; restart the API.\n`);
}

main().catch((error: unknown) => {
  if (
    error instanceof DataKeyRotationError ||
    error instanceof ConfigError ||
    error instanceof CliRefusal ||
    error instanceof DatabaseOpenError
  )
    fail(error.message, 1);
  fail(error instanceof Error ? (error.stack ?? error.message) : String(error), 1);
});
