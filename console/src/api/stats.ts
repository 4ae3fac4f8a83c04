// The dashboard's data: GET /v1/stats/dashboard, one round trip for every chart on 总览.
import { getJson } from './http';

export type CaseKind = 'dispute' | 'legal_question' | 'aid_request' | 'clue' | 'petition';

export type IntakeDay = { date: string; total: number } & Record<CaseKind, number>;

export interface MonthOnTime {
  month: string;
  received: number;
  proceduralOwed: number;
  proceduralOnTime: number;
  proceduralOnTimePct: number | null;
  substantiveOwed: number;
  substantiveOnTime: number;
  substantiveOnTimePct: number | null;
}

export interface Place {
  id: number | null;
  code: string | null;
  name: string;
  count: number;
}

export interface DueItem {
  caseNo: string;
  kind: CaseKind;
  status: string;
  deadline: 'procedural' | 'substantive' | 'progress' | 'aid_notice';
  dueAt: string;
  group: { id: number; name: string } | null;
}

export interface Dashboard {
  asOf: string;
  today: string;
  window: { from: string; to: string };
  intakeByDay: IntakeDay[];
  open: number;
  overdue: number;
  onTimeByMonth: MonthOnTime[];
  byCategory: { category: string | null; count: number }[];
  byStreet: Place[];
  byCommunity: (Place & { streetId: number | null })[];
  satisfaction: {
    answered: number;
    satisfied: number;
    basicallySatisfied: number;
    dissatisfied: number;
    pct: number | null;
  };
  /** Judicial aid from the aid records; `applied` counts aid_request cases, not applications. */
  aid: {
    applications: number;
    accepted: number;
    grantedCount: number;
    refusedCount: number;
    grantedYuan: number;
    requestedYuan: number;
    granted: number;
    applied: number;
  };
  dueThisWeek: { from: string; to: string; total: number; items: DueItem[] };
}

export function fetchDashboard(query: { days?: number; months?: number } = {}): Promise<Dashboard> {
  return getJson<Dashboard>('/v1/stats/dashboard', query);
}
