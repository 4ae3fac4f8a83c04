// API_WORKERS > 1: npm start forks that many API processes on one port (node:cluster); only worker 1 runs the bot and the jobs.
import cluster, { type Worker } from 'node:cluster';
import type { Config } from '../api/config/config.js';
import type { Logger } from '../api/http/logger.js';
import { loadDataKey } from '../api/security/data-key-loader.js';

/** Set by the primary in each worker's environment: 1 … API_WORKERS. */
export const API_WORKER_ENV = 'JIANWANG_API_WORKER';
/** A worker that has not listened within this time is taken as failed to start. */
const START_TIMEOUT_MS = 180_000;
/** How long the primary waits for its workers to drain on SIGTERM before killing them. */
const STOP_TIMEOUT_MS = 60_000;

/** This process's worker number, or null in the primary and in a single-process start. */
export function apiWorkerIndex(env: NodeJS.ProcessEnv = process.env): number | null {
  if (cluster.isPrimary) return null;
  const index = Number(env[API_WORKER_ENV]);
  return Number.isInteger(index) && index >= 1 ? index : null;
}

/**
 * What worker `index` runs. Worker 1 runs everything configured, so the bot (and with it the outbox
 * delivery) and the pg-boss workers exist once; the others serve the API alone. The simulator needs the
 * bot in the process that answers /sim, which the port's other workers cannot be: it is off.
 */
export function workerConfig(config: Config, index: number): Config {
  const components = new Set(
    index === 1 ? config.components : [...config.components].filter((c) => c === 'api'),
  );
  return { ...config, components, simulator: { ...config.simulator, enabled: false } };
}

/**
 * The primary: forks the workers with one data key and one pair of tokens between them (a development key
 * is generated here once, not raced by N processes), restarts a worker that dies after it listened, and on
 * SIGTERM/SIGINT lets every worker drain before exiting. A worker that fails to start stops them all.
 */
export async function runApiWorkers(config: Config, logger: Logger): Promise<void> {
  const log = logger.child({ component: 'api-workers' });
  const key = loadDataKey(config, { warn: (message) => log.warn(message) });
  const env: Record<string, string> = {
    DATA_KEY: key.toString('base64'),
    ...(config.adminToken ? { ADMIN_TOKEN: config.adminToken } : {}),
    ...(config.botToken ? { BOT_TOKEN: config.botToken } : {}),
  };
  if (config.simulator.enabled && config.components.has('bot'))
    log.warn({ workers: config.apiWorkers }, 'the simulator (/sim) is not served when API_WORKERS > 1');

  const workers = new Map<number, Worker>();
  const listening = new Set<number>();
  let stopping = false;
  let announced = false;

  const stopAll = (code: number) => {
    if (stopping) return;
    stopping = true;
    const killer = setTimeout(() => {
      for (const worker of workers.values()) worker.process.kill('SIGKILL');
    }, STOP_TIMEOUT_MS);
    killer.unref();
    const exits = [...workers.values()].map(
      (worker) =>
        new Promise<void>((resolve) => {
          if (worker.isDead()) return resolve();
          worker.once('exit', () => resolve());
          worker.process.kill('SIGTERM');
        }),
    );
    void Promise.all(exits).then(() => {
      log.info({ code }, 'API workers stopped');
      process.exit(code);
    });
  };

  const fork = (index: number) => {
    const worker = cluster.fork({ ...env, [API_WORKER_ENV]: String(index) });
    workers.set(index, worker);
    const timer = setTimeout(() => {
      log.error({ worker: index }, 'API worker did not start in time');
      stopAll(1);
    }, START_TIMEOUT_MS);
    timer.unref();
    worker.once('listening', (address) => {
      clearTimeout(timer);
      listening.add(index);
      if (listening.size === config.apiWorkers && !announced) {
        announced = true;
        log.info(
          {
            workers: config.apiWorkers,
            port: address.port,
            pids: [...workers.values()].map((w) => w.process.pid),
          },
          'API workers listening on one port',
        );
      }
    });
    worker.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (stopping) return;
      if (!listening.has(index)) {
        log.error({ worker: index, code, signal }, 'API worker failed to start; stopping');
        stopAll(1);
        return;
      }
      listening.delete(index);
      log.error({ worker: index, code, signal }, 'API worker exited; starting another');
      fork(index);
    });
  };

  process.once('SIGTERM', () => stopAll(0));
  process.once('SIGINT', () => stopAll(0));
  for (let index = 1; index <= config.apiWorkers; index++) fork(index);
}
