// Drizzle table for judicial aid (国家司法救助) on a case: stage, pre-screen, materials checklist, decision.
import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { cases } from './cases-schema.js';

/** The stages in order (issue 14): the words themselves are the contract, as the API and WeChat show them. */
export const AID_STATUSES = ['预审', '受理', '审查', '决定', '发放'] as const;
export type AidStatus = (typeof AID_STATUSES)[number];

export const AID_DECISIONS = ['granted', 'refused'] as const;
export type AidDecision = (typeof AID_DECISIONS)[number];

/** A refusal's reason is kept with its event, encrypted (case_events.words_enc), like a prosecutor's other reasons. */

/** One line of the materials checklist; `by` is an audit label (wechat:12, token:3), never a name. */
export interface AidMaterial {
  key: string;
  label: string;
  done: boolean;
  doneAt: string | null;
  by: string | null;
}

/** What the WeChat pre-screen found: the answers by question id and the verdict with its reasons. */
export interface AidPrescreen {
  answers: Record<string, string>;
  verdict: 'likely' | 'unlikely';
  reasons: string[];
}

export const aidApplications = pgTable(
  'aid_applications',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    // One application per case; the amounts live on the case (cases.aid_requested_yuan / aid_granted_yuan).
    caseId: integer('case_id')
      .notNull()
      .unique()
      .references(() => cases.id, { onDelete: 'cascade' }),
    status: text('status', { enum: AID_STATUSES }).notNull(),
    prescreen: jsonb('prescreen').$type<AidPrescreen>(),
    materials: jsonb('materials').$type<AidMaterial[]>().notNull().default([]),
    decision: text('decision', { enum: AID_DECISIONS }),
    // The current stage's time limit (api/aid/aid-rules.ts) and its reminder marks, reset at each stage.
    stageDueAt: timestamp('stage_due_at', { withTimezone: true }),
    remindedAt: timestamp('reminded_at', { withTimezone: true }),
    escalatedAt: timestamp('escalated_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    reviewStartedAt: timestamp('review_started_at', { withTimezone: true }),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    paidAt: timestamp('paid_at', { withTimezone: true }),
  },
  (t) => [
    index('aid_applications_stage_due_idx').on(t.stageDueAt).where(sql`${t.stageDueAt} is not null`),
    index('aid_applications_decided_idx').on(t.decidedAt),
  ],
);
