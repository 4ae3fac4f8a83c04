// In development, missing ADMIN_TOKEN/BOT_TOKEN are generated once into DATA_DIR and printed at first start.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config/config.js';
import { generateToken } from './token-hash.js';

interface DevTokens {
  adminToken: string;
  botToken: string;
}

/**
 * Returns the config with both tokens set. Production never gets here without them (loadConfig refuses).
 * `announce` is called only when tokens were just generated, so they are printed exactly once.
 */
export function ensureDevTokens(config: Config, announce: (tokens: DevTokens, file: string) => void): Config {
  if (config.adminToken && config.botToken) return config;
  const file = path.resolve(config.dataDir, 'dev-tokens.json');
  let stored: Partial<DevTokens> = {};
  if (existsSync(file)) stored = JSON.parse(readFileSync(file, 'utf8')) as Partial<DevTokens>;
  const tokens: DevTokens = {
    adminToken: config.adminToken ?? stored.adminToken ?? generateToken('adm'),
    botToken: config.botToken ?? stored.botToken ?? generateToken('bot'),
  };
  if (tokens.adminToken !== stored.adminToken || tokens.botToken !== stored.botToken) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify(tokens, null, 2)}\n`, { mode: 0o600 });
    announce(tokens, file);
  }
  return { ...config, adminToken: tokens.adminToken, botToken: tokens.botToken };
}
