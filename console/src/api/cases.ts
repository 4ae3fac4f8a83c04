// Cases for the console: the filtered list, one case file, its actions, notes and transfer (GET/POST /v1/cases…).
import { getJson, sendJson } from './http';
import type { CaseKind } from './stats';

export type CaseStatus =
  | 'received'
  | 'accepted'
  | 'materials_needed'
  | 'transferred'
  | 'not_accepted'
  | 'in_progress'
  | 'resolved'
  | 'closed';

export type CaseAction =
  | 'accept'
  | 'request_materials'
  | 'transfer'
  | 'reject'
  | 'start'
  | 'progress'
  | 'resolve'
  | 'close';

export interface CodeName {
  code: string;
  name: string;
}

export interface CaseSummary {
  caseNo: string;
  kind: CaseKind;
  status: CaseStatus;
  intent: string;
  category: string | null;
  summary: string;
  anonymous: boolean;
  receivedAt: string;
  proceduralDueAt: string;
  proceduralRepliedAt: string | null;
  substantiveDueAt: string;
  substantiveRepliedAt: string | null;
  nextProgressDueAt: string | null;
  noReplyReason: string | null;
  closedAt: string | null;
  satisfaction: string | null;
}

export interface CaseListItem extends CaseSummary {
  group: CodeName | null;
  community: CodeName | null;
  street: CodeName | null;
  overdue: boolean;
}

export interface CaseList {
  items: CaseListItem[];
  total: number;
  textSearchLimited?: boolean;
}

export interface CaseListQuery {
  status?: string[];
  kind?: string[];
  category?: string[];
  group?: string;
  street?: string;
  community?: string;
  overdue?: 'true' | 'false';
  from?: string;
  to?: string;
  caseNo?: string;
  text?: string;
  sort?: string;
  limit?: number;
  offset?: number;
}

export interface Attachment {
  id: number;
  name: string;
  mimeType: string;
  size: number;
  sha256: string;
}

export interface Report {
  receivedAt: string;
  type: string;
  text: string | null;
  chatRecord: { speaker: string; time: string; text: string }[] | null;
  attachments: Attachment[];
}

export interface CaseNote {
  id: number;
  at: string;
  author: string;
  text: string;
}

export interface CaseEvent {
  type: string;
  actor: string;
  at: string;
  data: Record<string, unknown>;
}

export interface CaseDetail extends CaseSummary {
  grid: CodeName | null;
  group: CodeName | null;
  reportCount: number;
  reporter: { name: string } | null;
  events: CaseEvent[];
  reports: Report[];
  notes: CaseNote[];
}

export function listCases(query: CaseListQuery): Promise<CaseList> {
  return getJson<CaseList>('/v1/cases', { ...query });
}

export function getCase(caseNo: string): Promise<CaseDetail> {
  return getJson<CaseDetail>(`/v1/cases/${encodeURIComponent(caseNo)}`);
}

export function actOnCase(
  caseNo: string,
  body: { action: CaseAction; text?: string; body?: string; groupCode?: string; reason?: string },
): Promise<CaseDetail> {
  return sendJson<CaseDetail>('POST', `/v1/cases/${encodeURIComponent(caseNo)}/actions`, body);
}

export function addNote(caseNo: string, text: string): Promise<CaseNote> {
  return sendJson<CaseNote>('POST', `/v1/cases/${encodeURIComponent(caseNo)}/notes`, { text });
}

export function attachmentUrl(caseNo: string, id: number): string {
  return `/v1/cases/${encodeURIComponent(caseNo)}/attachments/${id}`;
}

/** Which actions the state machine allows from a status (the API refuses the rest with its reason). */
export const ACTIONS_FROM: Record<CaseStatus, CaseAction[]> = {
  received: ['accept', 'request_materials', 'transfer', 'reject'],
  materials_needed: ['accept', 'reject'],
  accepted: ['start', 'progress', 'resolve'],
  in_progress: ['progress', 'resolve'],
  resolved: ['close'],
  transferred: ['close'],
  not_accepted: ['close'],
  closed: [],
};

export interface FilterOptions {
  groups: CodeName[];
  streets: CodeName[];
  communities: (CodeName & { streetCode: string | null })[];
  transferGroups: CodeName[];
}

export function fetchFilterOptions(): Promise<FilterOptions> {
  return getJson<FilterOptions>('/v1/cases/filter-options');
}
