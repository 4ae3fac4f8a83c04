// Runs `npm start` (scripts/start.ts) as a child process for tests of the real entry; stops it with SIGTERM.
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { ROOT } from './run-script.js';

export interface SpawnedServer {
  child: ChildProcess;
  output(): string;
  /** Resolves when `check` (given the output so far) holds, checked on output and every 100 ms; rejects after `ms` or when the process exits first. */
  waitFor(check: (output: string) => boolean, ms?: number): Promise<void>;
  stop(): Promise<number | null>;
}

export function spawnServer(env: Record<string, string | undefined>): SpawnedServer {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/start.ts')], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const listeners = new Set<() => void>();
  const append = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    for (const listener of listeners) listener();
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  return {
    child,
    output: () => output,
    waitFor(check, ms = 60_000) {
      return new Promise((resolve, reject) => {
        const done = (error?: Error) => {
          clearTimeout(timer);
          clearInterval(poll);
          listeners.delete(onOutput);
          error ? reject(error) : resolve();
        };
        const onOutput = () => {
          if (check(output)) done();
        };
        const timer = setTimeout(() => done(new Error(`timed out after ${ms} ms; output:\n${output}`)), ms);
        const poll = setInterval(onOutput, 100);
        listeners.add(onOutput);
        void exited.then((code) => done(new Error(`exited with ${code} first; output:\n${output}`)));
        onOutput();
      });
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
