// Drizzle table for mediation (检调对接, issue 14 item 5): a prosecutor refers a case to its community's grid member.
import { sql } from 'drizzle-orm';
import { index, integer, numeric, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { caseEvents, cases } from './cases-schema.js';
import { grids, people } from './registry-schema.js';

// referred → agreed (awaiting the prosecutor's sign-off) → signed_off; or referred → failed (back to the prosecutor).
export const MEDIATION_STATES = ['referred', 'agreed', 'failed', 'signed_off'] as const;
export type MediationState = (typeof MEDIATION_STATES)[number];

export const mediations = pgTable(
  'mediations',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    caseId: integer('case_id')
      .notNull()
      .references(() => cases.id, { onDelete: 'cascade' }),
    // The community whose mediation committee / grid members take it (the case's community when referred).
    communityId: integer('community_id')
      .notNull()
      .references(() => grids.id),
    // The grid member told of the referral (null when the community has none reachable in WeChat).
    mediatorId: integer('mediator_id').references(() => people.id),
    // Who referred it: audit label, and the person when a person did (asked for the sign-off).
    referredBy: text('referred_by').notNull(),
    referredById: integer('referred_by_id').references(() => people.id),
    referredAt: timestamp('referred_at', { withTimezone: true }).notNull(),
    state: text('state', { enum: MEDIATION_STATES }).notNull().default('referred'),
    // The agreed amount in yuan (null: none stated, or not agreed).
    amountYuan: numeric('amount_yuan', { precision: 14, scale: 2 }),
    // The outcome's event: its note is kept encrypted there (case_events.words_enc).
    outcomeEventId: integer('outcome_event_id').references(() => caseEvents.id),
    reportedBy: text('reported_by'),
    reportedAt: timestamp('reported_at', { withTimezone: true }),
    signedOffBy: text('signed_off_by'),
    signedOffAt: timestamp('signed_off_at', { withTimezone: true }),
  },
  (t) => [
    index('mediations_case_idx').on(t.caseId, t.referredAt),
    // One mediation in hand per case: referred, or agreed and awaiting the sign-off.
    uniqueIndex('mediations_open_case_uq').on(t.caseId).where(sql`${t.state} in ('referred', 'agreed')`),
  ],
);
