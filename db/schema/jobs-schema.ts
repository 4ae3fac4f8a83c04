// Drizzle table recording once-a-day scheduled runs (morning digest, retention purge) so no process repeats one.
import { pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

export const jobRuns = pgTable(
  'job_runs',
  {
    // e.g. 'digest' or 'retention'
    name: text('name').notNull(),
    // The Asia/Shanghai date the run was for, YYYY-MM-DD.
    runKey: text('run_key').notNull(),
    ranAt: timestamp('ran_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.name, t.runKey] })],
);
