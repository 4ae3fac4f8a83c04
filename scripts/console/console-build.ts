// Builds the console (Vite) when console/dist is missing or was built from other sources than those on disk.
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CONSOLE_DIR = path.join(ROOT, 'console');
export const CONSOLE_DIST = path.join(CONSOLE_DIR, 'dist');
export const STAMP = '.source-hash';

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name === 'dist' || entry.name === 'node_modules') continue;
      files.push(...(await listFiles(full)));
    } else if (entry.isFile()) files.push(full);
  }
  return files;
}

/**
 * A digest of everything the bundle is made from: the console's sources and the lockfile (a dependency
 * upgrade changes the bundle too). Content, not mtimes: a fresh clone or a checkout gives every file a new mtime.
 */
export async function consoleSourceHash(consoleDir = CONSOLE_DIR): Promise<string> {
  const hash = createHash('sha256');
  const files = [...(await listFiles(consoleDir)), path.join(ROOT, 'package-lock.json')].sort();
  for (const file of files) {
    hash.update(path.relative(consoleDir, file));
    hash.update('\0');
    hash.update(await readFile(file));
    hash.update('\0');
  }
  return hash.digest('hex');
}

export async function consoleBuildIsCurrent(consoleDir = CONSOLE_DIR): Promise<boolean> {
  const dist = path.join(consoleDir, 'dist');
  try {
    const [stamp] = await Promise.all([
      readFile(path.join(dist, STAMP), 'utf8'),
      stat(path.join(dist, 'index.html')),
    ]);
    return stamp.trim() === (await consoleSourceHash(consoleDir));
  } catch {
    return false;
  }
}

export async function buildConsole(): Promise<void> {
  const hash = await consoleSourceHash();
  // Imported here so that a server that never builds (assets shipped prebuilt) does not load Vite.
  const { build } = await import('vite');
  await build({ configFile: path.join(CONSOLE_DIR, 'vite.config.ts'), logLevel: 'warn', mode: 'production' });
  await writeFile(path.join(CONSOLE_DIST, STAMP), `${hash}\n`);
}

const LOCK = path.join(ROOT, 'data', 'console-build.lock');

/**
 * Builds unless current; concurrent callers (test files in parallel workers) wait for one build.
 * Returns whether this call built.
 */
export async function ensureConsoleBuilt(options: { timeoutMs?: number } = {}): Promise<boolean> {
  const deadline = Date.now() + (options.timeoutMs ?? 240_000);
  await mkdir(path.dirname(LOCK), { recursive: true });
  for (;;) {
    if (await consoleBuildIsCurrent()) return false;
    try {
      await mkdir(LOCK);
    } catch {
      // Another process is building. A lock older than the timeout belongs to a build that died.
      const age = await stat(LOCK).then(
        (s) => Date.now() - s.mtimeMs,
        () => 0,
      );
      if (age > (options.timeoutMs ?? 240_000)) await rm(LOCK, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error('timed out waiting for another console build');
      await new Promise((resolve) => setTimeout(resolve, 500));
      continue;
    }
    try {
      if (await consoleBuildIsCurrent()) return false;
      await buildConsole();
      return true;
    } finally {
      await rm(LOCK, { recursive: true, force: true });
    }
  }
}
