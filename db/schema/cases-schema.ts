// Drizzle tables for cases, their reports, their event trail and the yearly case-number counter.
import { type SQL, sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, numeric, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import {
  type DeadlineKind,
  nearestOpenDueSql,
  nearestOpenKindSql,
} from '../../api/deadlines/open-deadlines.js';
import { grids, groups, people } from './registry-schema.js';

export const CASE_KINDS = ['dispute', 'legal_question', 'aid_request', 'clue', 'petition'] as const;
export type CaseKind = (typeof CASE_KINDS)[number];

export const CASE_STATUSES = [
  'received',
  'accepted',
  'materials_needed',
  'transferred',
  'not_accepted',
  'in_progress',
  'resolved',
  'closed',
] as const;
export type CaseStatusValue = (typeof CASE_STATUSES)[number];

export const CASE_PRIORITIES = ['normal', 'urgent'] as const;
export type CasePriority = (typeof CASE_PRIORITIES)[number];

export const SATISFACTION = ['satisfied', 'basically_satisfied', 'dissatisfied'] as const;

export const caseCounters = pgTable('case_counters', {
  year: integer('year').primaryKey(),
  last: integer('last').notNull(),
});

export const cases = pgTable(
  'cases',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    caseNo: text('case_no').notNull().unique(),
    kind: text('kind', { enum: CASE_KINDS }).notNull(),
    status: text('status', { enum: CASE_STATUSES }).notNull().default('received'),
    // Urgent (harm to a minor, violence now, danger to life, self-harm): due the same day (issue 14).
    priority: text('priority', { enum: CASE_PRIORITIES }).notNull().default('normal'),
    intent: text('intent').notNull(),
    category: text('category'),
    // The first words of the report, masked, AES-256-GCM with the data key (api/security/field-cipher.ts).
    summaryEnc: text('summary_enc').notNull(),
    // Keyed hashes of the text's bigrams for duplicate detection (api/cases/text-similarity.ts), never the
    // words; purged with raw messages after the retention period.
    matchHashes: text('match_hashes'),
    gridId: integer('grid_id').references(() => grids.id),
    // The community grid the case belongs to, for duplicate detection and per-grid figures.
    communityId: integer('community_id').references(() => grids.id),
    groupId: integer('group_id').references(() => groups.id),
    assigneeId: integer('assignee_id').references(() => people.id),
    reporterId: integer('reporter_id').references(() => people.id),
    anonymous: boolean('anonymous').notNull().default(false),
    // Set when no reply is possible (anonymous, no contact): the clocks then owe nobody.
    noReplyReason: text('no_reply_reason'),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    proceduralDueAt: timestamp('procedural_due_at', { withTimezone: true }).notNull(),
    proceduralRepliedAt: timestamp('procedural_replied_at', { withTimezone: true }),
    substantiveDueAt: timestamp('substantive_due_at', { withTimezone: true }).notNull(),
    substantiveRepliedAt: timestamp('substantive_replied_at', { withTimezone: true }),
    aidNoticeDueAt: timestamp('aid_notice_due_at', { withTimezone: true }),
    nextProgressDueAt: timestamp('next_progress_due_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    // The nearest open deadline, by the rules in api/deadlines/open-deadlines.ts; null when nothing is owed.
    nextDueAt: timestamp('next_due_at', { withTimezone: true }).generatedAlwaysAs(
      (): SQL => nearestOpenDueSql((column) => cases[column]),
    ),
    // Which deadline that is (the first in definition order on a tie): stored so the digest reads it from its index.
    nextDueKind: text('next_due_kind')
      .$type<DeadlineKind>()
      .generatedAlwaysAs((): SQL => nearestOpenKindSql((column) => cases[column])),
    satisfaction: text('satisfaction', { enum: SATISFACTION }),
    aidRequestedYuan: numeric('aid_requested_yuan', { precision: 14, scale: 2 }),
    aidGrantedYuan: numeric('aid_granted_yuan', { precision: 14, scale: 2 }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('cases_kind_status_idx').on(t.kind, t.status),
    index('cases_group_idx').on(t.groupId),
    index('cases_reporter_idx').on(t.reporterId),
    index('cases_received_idx').on(t.receivedAt),
    // The deadline sweep and digests only ever look at open cases.
    index('cases_open_procedural_idx')
      .on(t.proceduralDueAt)
      .where(
        sql`${t.status} <> 'closed' and ${t.proceduralRepliedAt} is null and ${t.noReplyReason} is null`,
      ),
    index('cases_open_substantive_idx')
      .on(t.substantiveDueAt)
      .where(sql`${t.status} <> 'closed' and ${t.noReplyReason} is null`),
    index('cases_open_progress_idx').on(t.nextProgressDueAt).where(sql`${t.nextProgressDueAt} is not null`),
    index('cases_open_aid_notice_idx')
      .on(t.aidNoticeDueAt)
      .where(sql`${t.status} = 'received' and ${t.aidNoticeDueAt} is not null`),
    // A prosecutor's open work (digest, “我的待办”): cases they took, and their groups' cases nobody took yet.
    index('cases_open_assignee_idx').on(t.assigneeId).where(sql`${t.status} <> 'closed'`),
    index('cases_open_untaken_group_idx')
      .on(t.groupId)
      .where(sql`${t.assigneeId} is null and ${t.status} <> 'closed'`),
    // The morning digest, per prosecutor: their cases and their groups' untaken cases, nearest deadline first,
    // with every column a digest line shows, so the digest reads index-only ranges.
    index('cases_assignee_next_due_idx')
      .on(t.assigneeId, t.nextDueAt, t.caseNo, t.kind, t.category, t.nextDueKind)
      .where(sql`${t.nextDueAt} is not null`),
    index('cases_untaken_group_next_due_idx')
      .on(t.groupId, t.nextDueAt, t.caseNo, t.kind, t.category, t.nextDueKind)
      .where(sql`${t.assigneeId} is null and ${t.nextDueAt} is not null`),
    index('cases_grid_received_idx').on(t.gridId, t.receivedAt),
    index('cases_community_received_idx').on(t.communityId, t.receivedAt),
  ],
);

export const caseReports = pgTable(
  'case_reports',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    caseId: integer('case_id')
      .notNull()
      .references(() => cases.id, { onDelete: 'cascade' }),
    messageId: text('message_id').notNull(),
    reporterId: integer('reporter_id').references(() => people.id),
    // An anonymous reporter's keyed hash (purpose 'sender'): one sender repeating a matter counts once.
    senderHash: text('sender_hash'),
    // A co-reporter's own number (same series as case numbers): their receipt and status query use it,
    // never the case's number, which belongs to the first reporter.
    receiptNo: text('receipt_no').unique(),
    roomId: text('room_id'),
    reportedAt: timestamp('reported_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('case_reports_case_idx').on(t.caseId), index('case_reports_reporter_idx').on(t.reporterId)],
);

export const caseEvents = pgTable(
  'case_events',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    caseId: integer('case_id')
      .notNull()
      .references(() => cases.id, { onDelete: 'cascade' }),
    type: text('type').notNull(),
    actor: text('actor').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    // The words of the event (a result, a reason, the body a case went to), encrypted: see api/cases/event-words.ts.
    wordsEnc: text('words_enc'),
  },
  (t) => [index('case_events_case_idx').on(t.caseId, t.at)],
);
