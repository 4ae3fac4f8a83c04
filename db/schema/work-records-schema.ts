// Drizzle table for prosecutors' field work in the grids (走访, 座谈, 讲座, 志愿服务), recorded from WeChat.
import { date, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { grids, people } from './registry-schema.js';

export const WORK_KINDS = ['走访', '座谈', '讲座', '志愿服务'] as const;
export type WorkKind = (typeof WORK_KINDS)[number];

export const workRecords = pgTable(
  'work_records',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    personId: integer('person_id')
      .notNull()
      .references(() => people.id),
    kind: text('kind', { enum: WORK_KINDS }).notNull(),
    gridId: integer('grid_id').references(() => grids.id),
    // The day the work was done, in Shanghai: what the monthly review counts.
    workedOn: date('worked_on', { mode: 'string' }).notNull(),
    // The prosecutor's words may name residents: encrypted with the data key (issue 10), like case summaries.
    noteEnc: text('note_enc').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('work_records_person_day_idx').on(t.personId, t.workedOn),
    index('work_records_grid_idx').on(t.gridId),
  ],
);
