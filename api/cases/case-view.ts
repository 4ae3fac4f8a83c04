// The case as the API shows it: deadlines in ISO 8601 with offset, grid, group and the event trail.
import { z } from 'zod';
import {
  AID_DECISIONS,
  AID_STATUSES,
  CASE_KINDS,
  CASE_PRIORITIES,
  CASE_STATUSES,
  GROUP_FUNCTIONS,
} from '../../db/schema/index.js';
import { toIsoShanghai, toIsoShanghaiOrNull } from '../http/time-format.js';
import { mediationViewSchema } from '../mediation/mediation-view.js';
import { reportSchema } from './case-file.js';
import { caseNoteSchema } from './case-notes.js';
import type { CaseRow, CaseService } from './case-service.js';

export const caseSummarySchema = z.object({
  caseNo: z.string(),
  kind: z.enum(CASE_KINDS),
  status: z.enum(CASE_STATUSES),
  priority: z.enum(CASE_PRIORITIES),
  intent: z.string(),
  category: z.string().nullable(),
  summary: z.string(),
  anonymous: z.boolean(),
  receivedAt: z.string(),
  /** The contract's names for the two reply deadlines (issue 3's walking skeleton). */
  proceduralReplyDueAt: z.string(),
  substantiveReplyDueAt: z.string(),
  /** The same instants under their earlier names, kept so existing clients keep working. */
  proceduralDueAt: z.string(),
  proceduralRepliedAt: z.string().nullable(),
  substantiveDueAt: z.string(),
  substantiveRepliedAt: z.string().nullable(),
  nextProgressDueAt: z.string().nullable(),
  noReplyReason: z.string().nullable(),
  closedAt: z.string().nullable(),
  satisfaction: z.string().nullable(),
});

/** Judicial aid on the case (api/aid/): null when there is no application. */
export const aidBlockSchema = z.object({
  status: z.enum(AID_STATUSES),
  prescreen: z
    .object({
      answers: z.record(z.string(), z.string()),
      verdict: z.enum(['likely', 'unlikely']),
      reasons: z.array(z.string()),
    })
    .nullable(),
  materials: z.array(
    z.object({
      key: z.string(),
      label: z.string(),
      done: z.boolean(),
      doneAt: z.string().nullable(),
      by: z.string().nullable(),
    }),
  ),
  amountRequestedYuan: z.number().nullable(),
  decision: z.enum(AID_DECISIONS).nullable(),
  amountGrantedYuan: z.number().nullable(),
  reason: z.string().nullable(),
  /** The current stage's time limit (api/aid/aid-rules.ts); null once nothing more is due. */
  stageDueAt: z.string().nullable(),
  createdAt: z.string(),
  acceptedAt: z.string().nullable(),
  reviewStartedAt: z.string().nullable(),
  decidedAt: z.string().nullable(),
  paidAt: z.string().nullable(),
});

export const caseDetailSchema = caseSummarySchema.extend({
  grid: z.object({ code: z.string(), name: z.string() }).nullable(),
  group: z.object({ code: z.string(), name: z.string(), function: z.enum(GROUP_FUNCTIONS) }).nullable(),
  /** People who reported it (one sender repeating counts once); who they are: GET /v1/cases/:caseNo/reporters. */
  reportCount: z.number().int(),
  events: z.array(
    z.object({
      type: z.string(),
      actor: z.string(),
      at: z.string(),
      data: z.record(z.string(), z.unknown()),
    }),
  ),
  /** Every message that joined the case, oldest first, in full. */
  reports: z.array(reportSchema),
  notes: z.array(caseNoteSchema),
  aid: aidBlockSchema.nullable(),
  mediation: mediationViewSchema,
});

/** `summary` is the decrypted summary (CaseService.summaryOf): the row holds it only encrypted. */
export function toCaseSummary(row: CaseRow, summary: string): z.infer<typeof caseSummarySchema> {
  return {
    caseNo: row.caseNo,
    kind: row.kind,
    status: row.status,
    priority: row.priority,
    intent: row.intent,
    category: row.category,
    summary,
    anonymous: row.anonymous,
    receivedAt: toIsoShanghai(row.receivedAt),
    proceduralReplyDueAt: toIsoShanghai(row.proceduralDueAt),
    substantiveReplyDueAt: toIsoShanghai(row.substantiveDueAt),
    proceduralDueAt: toIsoShanghai(row.proceduralDueAt),
    proceduralRepliedAt: toIsoShanghaiOrNull(row.proceduralRepliedAt),
    substantiveDueAt: toIsoShanghai(row.substantiveDueAt),
    substantiveRepliedAt: toIsoShanghaiOrNull(row.substantiveRepliedAt),
    nextProgressDueAt: toIsoShanghaiOrNull(row.nextProgressDueAt),
    noReplyReason: row.noReplyReason,
    closedAt: toIsoShanghaiOrNull(row.closedAt),
    satisfaction: row.satisfaction,
  };
}

export function toCaseDetail(
  row: CaseRow,
  details: Awaited<ReturnType<CaseService['details']>>,
  file: Pick<z.infer<typeof caseDetailSchema>, 'reports' | 'notes' | 'mediation'> & {
    aid?: z.infer<typeof aidBlockSchema> | null;
  },
): z.infer<typeof caseDetailSchema> {
  return {
    ...toCaseSummary(row, details.summary),
    grid: details.grid ? { code: details.grid.code, name: details.grid.name } : null,
    group: details.group
      ? { code: details.group.code, name: details.group.name, function: details.group.function }
      : null,
    reportCount: details.reportCount,
    events: details.events.map((e) => ({
      type: e.type,
      actor: e.actor,
      at: toIsoShanghai(e.at),
      data: e.data,
    })),
    reports: file.reports,
    notes: file.notes,
    aid: file.aid ?? null,
    mediation: file.mediation,
  };
}
