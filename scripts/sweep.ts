// Time travel for operators and tests: runs the deadline sweep as of --now and prints each reminder queued.
import { parseArgs } from 'node:util';
import pino from 'pino';
import { createManualClock } from '../api/clock.js';
import { loadConfig } from '../api/config/config.js';
import { createLogger } from '../api/http/logger.js';
import { createServices } from '../api/services.js';
import { cliErrorMessage, openCliData } from './cli/cli-data.js';

const USAGE = 'usage: npm run --silent sweep -- --now <ISO 8601 instant, e.g. 2026-11-12T09:00:00+08:00>';
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

function fail(message: string): never {
  process.stderr.write(`sweep: ${message}\n${USAGE}\n`);
  process.exit(2);
}

/** The instant to sweep at: --now if given (it must name a zone, so nobody sweeps at a host-dependent time). */
function parseNow(argv: string[]): Date {
  let values: { now?: string | undefined };
  try {
    ({ values } = parseArgs({ args: argv, options: { now: { type: 'string' } }, strict: true }));
  } catch (error) {
    fail((error as Error).message);
  }
  if (values.now === undefined) return new Date();
  const now = new Date(values.now);
  if (!ISO_INSTANT.test(values.now) || Number.isNaN(now.getTime()))
    fail(`--now must be an ISO 8601 instant with a time zone, got "${values.now}"`);
  return now;
}

async function main(): Promise<void> {
  const now = parseNow(process.argv.slice(2));
  const config = loadConfig();
  // stdout carries only the JSON lines; logs go to stderr.
  const logger = createLogger({ level: config.logLevel, destination: pino.destination(2) });
  // Time travel writes reminders as of --now: beside a running server on PGlite it is refused, not routed through it.
  const data = await openCliData(config, 'npm run sweep', { viaServer: false });
  if (data.kind !== 'direct') return;
  const { database } = data;
  try {
    const clock = createManualClock(now);
    const services = createServices({ config, database, clock, logger });
    const result = await services.sweep.sweep(now);
    for (const r of result.queued)
      process.stdout.write(
        `${JSON.stringify({ caseNo: r.caseNo, kind: r.kind, to: r.to, dueAt: r.dueAt })}\n`,
      );
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`sweep: ${cliErrorMessage(error)}\n`);
  process.exit(1);
});
