// Loads the 32-byte data key for field encryption: DATA_KEY, else a development key kept under DATA_DIR.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type Config, ConfigError } from '../config/config.js';
import { DATA_KEY_FORMAT, decodeDataKey } from './data-key-format.js';

export interface DataKeyLoaderDeps {
  /** Told once when a development key is generated, so nobody mistakes it for a managed secret. */
  warn?: (message: string) => void;
}

/** Accepts 64 hex digits or base64 of exactly 32 bytes. */
export function parseDataKey(text: string): Buffer {
  const key = decodeDataKey(text);
  if (!key) throw new ConfigError(DATA_KEY_FORMAT);
  return key;
}

export function loadDataKey(
  config: Pick<Config, 'env' | 'dataKey' | 'dataDir'>,
  deps: DataKeyLoaderDeps = {},
): Buffer {
  if (config.dataKey) return parseDataKey(config.dataKey);
  if (config.env === 'production') throw new ConfigError('DATA_KEY is required when NODE_ENV=production');
  // Tests and in-memory databases keep nothing on disk, so a throwaway key encrypts just as well.
  if (config.env === 'test' || config.dataDir === 'memory') return randomBytes(32);
  const file = path.resolve(config.dataDir, 'data-key');
  if (existsSync(file)) return parseDataKey(readFileSync(file, 'utf8'));
  const key = randomBytes(32);
  mkdirSync(path.dirname(file), { recursive: true });
  try {
    writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    // Another process started at the same moment and wrote its key first: use that one.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return parseDataKey(readFileSync(file, 'utf8'));
    throw error;
  }
  deps.warn?.(
    `generated a development data key in ${file}; set DATA_KEY in production, and keep this file: encrypted contact details cannot be read without it`,
  );
  return key;
}
