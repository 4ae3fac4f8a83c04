// One owner per embedded database: a lock file beside the PGlite directory names the process holding it (and its API address, so CLIs can go through it).
import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';

export interface LockOwner {
  pid: number;
  hostname: string;
  startedAt: string;
  /** What the owner runs, e.g. `npm start` or `npm run token`. */
  command: string;
  /** Where the owner's API listens, once it does: CLIs send their work there. */
  apiUrl?: string;
}

export interface DataDirLock {
  readonly file: string;
  owner(): LockOwner;
  /** Records facts learnt after opening (the API address once listening). */
  update(patch: Partial<Pick<LockOwner, 'apiUrl'>>): void;
  release(): void;
}

/** Another live process holds the directory: two processes on one PGlite directory would corrupt it. */
export class DataDirLockedError extends Error {
  override name = 'DataDirLockedError';
  constructor(
    readonly dataDir: string,
    readonly owner: LockOwner,
  ) {
    super(
      `the embedded database in ${dataDir} is in use by ${describeOwner(owner)}; stop it first (two processes on one PGlite directory would corrupt it)`,
    );
  }
}

export function describeOwner(owner: LockOwner): string {
  const where = owner.hostname === hostname() ? `pid ${owner.pid}` : `pid ${owner.pid} on ${owner.hostname}`;
  return `${owner.command} (${where}${owner.apiUrl ? `, ${owner.apiUrl}` : ''}, since ${owner.startedAt})`;
}

export function lockFileOf(dataDir: string): string {
  return path.join(path.resolve(dataDir), 'pglite.lock');
}

function readOwner(file: string): LockOwner | null | 'unreadable' {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  try {
    const owner = JSON.parse(text) as LockOwner;
    return Number.isInteger(owner.pid) && typeof owner.hostname === 'string' ? owner : 'unreadable';
  } catch {
    return 'unreadable';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The process holding the directory, if one is alive (on this host, or any process on another host). */
export function liveOwner(dataDir: string): LockOwner | null {
  const owner = readOwner(lockFileOf(dataDir));
  if (owner === null || owner === 'unreadable') return null;
  if (owner.hostname !== hostname()) return owner;
  return isAlive(owner.pid) ? owner : null;
}

const held = new Set<string>();
let exitHookInstalled = false;

/**
 * Takes the directory or throws DataDirLockedError naming the live owner. A lock left by a process that
 * died is taken over. The file is written complete under a temporary name and linked into place, so
 * creating it is atomic and a reader never sees half of it.
 */
export function acquireDataDirLock(dataDir: string, command: string): DataDirLock {
  const dir = path.resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  const file = lockFileOf(dir);
  let owner: LockOwner = {
    pid: process.pid,
    hostname: hostname(),
    startedAt: new Date().toISOString(),
    command,
  };

  for (let attempt = 0; attempt < 3; attempt++) {
    const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    writeFileSync(temp, `${JSON.stringify(owner)}\n`, { mode: 0o600 });
    try {
      linkSync(temp, file);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const current = readOwner(file);
      if (current !== null && current !== 'unreadable') {
        const here = current.hostname === hostname();
        if (!here || isAlive(current.pid)) throw new DataDirLockedError(dir, current);
      }
      // Dead owner (or a file nobody could have written whole): move it aside, then try again.
      const aside = `${file}.stale-${process.pid}-${Date.now()}`;
      try {
        renameSync(file, aside);
      } catch (moveError) {
        if ((moveError as NodeJS.ErrnoException).code !== 'ENOENT') throw moveError;
      }
      // Another process may have taken the directory between our read and our move: put its lock back.
      const moved = readOwner(aside);
      if (moved && moved !== 'unreadable' && !sameOwner(moved, current)) {
        try {
          linkSync(aside, file);
        } catch {
          // A third process linked meanwhile; it holds the directory now.
        }
        rmSync(aside, { force: true });
        throw new DataDirLockedError(dir, moved);
      }
      rmSync(aside, { force: true });
      if (attempt === 2) throw new Error(`cannot take the lock ${file}; remove it if no process uses ${dir}`);
    } finally {
      rmSync(temp, { force: true });
    }
  }
  held.add(file);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    // A process that exits without closing its database still frees the directory.
    process.on('exit', () => {
      for (const lock of held) releaseFile(lock);
    });
  }

  return {
    file,
    owner: () => owner,
    update(patch) {
      if (!held.has(file)) return;
      owner = { ...owner, ...patch };
      const temp = `${file}.${process.pid}.update`;
      writeFileSync(temp, `${JSON.stringify(owner)}\n`, { mode: 0o600 });
      renameSync(temp, file);
    },
    release() {
      if (!held.delete(file)) return;
      releaseFile(file);
    },
  };
}

function releaseFile(file: string): void {
  const current = readOwner(file);
  // Only our own lock is removed; a successor's is left alone.
  if (current && current !== 'unreadable' && current.pid === process.pid && current.hostname === hostname())
    try {
      unlinkSync(file);
    } catch {
      // Already gone.
    }
}

function sameOwner(a: LockOwner, b: LockOwner | null | 'unreadable'): boolean {
  return (
    b !== null &&
    b !== 'unreadable' &&
    a.pid === b.pid &&
    a.hostname === b.hostname &&
    a.startedAt === b.startedAt
  );
}
