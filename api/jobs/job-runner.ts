// Scheduled work on pg-boss (Postgres-backed, also on PGlite): the deadline sweep, the morning digest, the purge.
import PgBoss from 'pg-boss';
import type { Database } from '../../db/create-db.js';
import type { AidService } from '../aid/aid-service.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config/config.js';
import type { Logger } from '../http/logger.js';
import type { MediationService } from '../mediation/mediation-service.js';
import type { DeadlineSweep } from '../reminders/deadline-sweep-service.js';
import type { MorningDigest } from '../reminders/morning-digest-service.js';
import type { MessageRetention } from '../retention/message-retention-service.js';
import type { SuggestionsService } from '../suggestions/suggestions-service.js';
import type { ReturnVisits } from '../surveys/return-visit-service.js';
import type { EarlyWarningService } from '../warnings/early-warning-service.js';

export const JOB_NAMES = ['deadline-sweep', 'morning-digest', 'message-retention'] as const;
export type JobName = (typeof JOB_NAMES)[number];

export interface JobServices {
  sweep: DeadlineSweep;
  digest: MorningDigest;
  retention: MessageRetention;
  /** 检察建议 awaiting a reply: reminded and escalated on the sweep's schedule. */
  suggestions?: Pick<SuggestionsService, 'remind'>;
  /** Return visits after a 不满意 (issue 14): reminded to the group leader on the sweep's schedule. */
  returnVisits?: Pick<ReturnVisits, 'remind'>;
  /** Judicial aid's stage limits (api/aid/aid-rules.ts): reminded and escalated on the sweep's schedule. */
  aid?: Pick<AidService, 'remind'>;
  /** Referrals to mediation with no outcome: the grid member reminded once, on the sweep's schedule. */
  mediation?: Pick<MediationService, 'remind'>;
  /** Several clues of one kind from one community: a meeting is proposed, on the sweep's schedule. */
  earlyWarnings?: Pick<EarlyWarningService, 'scan'>;
}

export interface JobRunner {
  /** Queues one run now, outside the schedule (operators, tests); null when one is already waiting. */
  trigger(name: JobName): Promise<string | null>;
  /** Stops fetching, waits for running jobs to finish (up to drainTimeoutMs), then detaches. */
  stop(): Promise<void>;
}

export interface StartJobsOptions {
  database: Database;
  services: JobServices;
  config: Config;
  logger: Logger;
  clock: Clock;
  /** How often workers poll for jobs (pg-boss minimum 0.5 s). */
  pollingIntervalSeconds?: number;
  drainTimeoutMs?: number;
  /**
   * Whether the schedules send jobs (default true). Tests that trigger runs themselves turn it off: the cron
   * follows the wall clock, so a run started by the schedule would come in between whenever one ran near :00/:10.
   */
  cron?: boolean;
}

/** A cron expression running every `minutes` minutes (1–60). */
export function everyMinutesCron(minutes: number): string {
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > 60)
    throw new RangeError(`interval must be 1–60 minutes: ${minutes}`);
  if (minutes === 1) return '* * * * *';
  return minutes === 60 ? '0 * * * *' : `*/${minutes} * * * *`;
}

const DIGEST_CHECK_MINUTES = 5;

/**
 * What the deadline-sweep job does on each run (bench:sweep times this): the deadline sweep, then the
 * reminders that run on its schedule (检察建议, return visits, judicial aid, mediation) and the early-warning scan.
 */
export async function runDeadlineSweepJob(
  database: Pick<Database, 'db'>,
  services: JobServices,
  now: Date,
): Promise<Record<string, unknown>> {
  const result = await services.sweep.sweep(now);
  const suggestions = services.suggestions
    ? await database.db.transaction((tx) => services.suggestions!.remind(tx, now))
    : null;
  const returnVisitsReminded = services.returnVisits
    ? await database.db.transaction((tx) => services.returnVisits!.remind(tx, now))
    : 0;
  const aid = services.aid ? await database.db.transaction((tx) => services.aid!.remind(tx, now)) : null;
  const mediation = services.mediation
    ? await database.db.transaction((tx) => services.mediation!.remind(tx, now))
    : null;
  const warnings = services.earlyWarnings
    ? await database.db.transaction((tx) => services.earlyWarnings!.scan(tx, now))
    : null;
  return {
    queued: result.queued.length,
    returnVisitsReminded,
    deferredToDigest: result.deferredToDigest,
    ...(suggestions
      ? { suggestionsReminded: suggestions.reminded, suggestionsEscalated: suggestions.escalated }
      : {}),
    ...(warnings ? { meetingsProposed: warnings.proposed } : {}),
    ...(aid ? { aidReminded: aid.reminded, aidEscalated: aid.escalated } : {}),
    ...(mediation ? { mediationReminded: mediation.reminded } : {}),
  };
}

export async function startJobs(options: StartJobsOptions): Promise<JobRunner> {
  const { database, services, config, logger, clock } = options;
  const log = logger.child({ component: 'jobs' });
  const boss = new PgBoss({
    db: { executeSql: (text, values) => database.executeSql(text, values) },
    schema: 'pgboss',
    migrate: true,
    schedule: options.cron ?? true,
    supervise: true,
  });
  boss.on('error', (error) => log.error({ err: error }, 'job queue error'));
  await boss.start();

  const handlers: Record<JobName, () => Promise<Record<string, unknown>>> = {
    'deadline-sweep': () => runDeadlineSweepJob(database, services, clock.now()),
    'morning-digest': async () => {
      const result = await services.digest.runIfDue(clock.now());
      return { ran: result.ran, queued: result.queued.length };
    },
    'message-retention': async () => {
      const result = await services.retention.purge(clock.now());
      return { messagesPurged: result.messagesPurged, casesPurged: result.casesPurged };
    },
  };
  const schedules: Record<JobName, { cron: string; tz: string; expireInSeconds: number }> = {
    'deadline-sweep': {
      cron: everyMinutesCron(config.schedule.sweepIntervalMinutes),
      tz: 'UTC',
      expireInSeconds: 15 * 60,
    },
    'morning-digest': { cron: everyMinutesCron(DIGEST_CHECK_MINUTES), tz: 'UTC', expireInSeconds: 15 * 60 },
    'message-retention': { cron: '30 3 * * *', tz: 'Asia/Shanghai', expireInSeconds: 60 * 60 },
  };

  for (const name of JOB_NAMES) {
    // 'stately': at most one waiting and one running per job across every process sharing the database.
    await boss.createQueue(name, {
      name,
      policy: 'stately',
      retryLimit: 1,
      retryDelay: 30,
      expireInSeconds: schedules[name].expireInSeconds,
    });
    await boss.schedule(name, schedules[name].cron, {}, { tz: schedules[name].tz });
    await boss.work(
      name,
      { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2, batchSize: 1 },
      async (jobs) => {
        for (const job of jobs) {
          const started = Date.now();
          try {
            const summary = await handlers[name]();
            // A run that found nothing to do is routine every few minutes: debug, so an idle system is quiet.
            const idle = Object.values(summary).every((v) => v === 0 || v === false);
            log[idle ? 'debug' : 'info'](
              { job: name, id: job.id, ms: Date.now() - started, ...summary },
              'job done',
            );
          } catch (error) {
            log.error({ job: name, id: job.id, err: error }, 'job failed');
            throw error;
          }
        }
      },
    );
  }
  log.info({ sweepEvery: config.schedule.sweepIntervalMinutes }, 'jobs started');

  let stopping: Promise<void> | null = null;
  return {
    trigger: (name) => boss.send(name, {}),
    stop() {
      stopping ??= boss
        .stop({ graceful: true, wait: true, close: false, timeout: options.drainTimeoutMs ?? 30_000 })
        .then(() => log.info('jobs stopped'));
      return stopping;
    },
  };
}
