// The case state machine: which action may move a case from which status, and which reply it gives.

import { CASE_STATUSES, type CaseStatusValue } from '../../db/schema/cases-schema.js';

// The statuses are the schema's: one list, so the column and the state machine cannot drift apart.
export { CASE_STATUSES };
export type CaseStatus = CaseStatusValue;

export const CASE_ACTIONS = [
  'accept',
  'request_materials',
  'transfer',
  'reject',
  'start',
  'progress',
  'resolve',
  'close',
] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

/** The reply to the reporter that an action gives, i.e. which owed reply it satisfies. */
export type ReplyKind = 'procedural' | 'substantive';

/** Statuses in which the office still owes the reporter a reply, so deadlines keep running. */
export const OPEN_STATUSES: readonly CaseStatus[] = Object.freeze([
  'received',
  'accepted',
  'materials_needed',
  'in_progress',
]);

export type ApplyActionResult =
  | { ok: true; next: CaseStatus; repliesOwed: ReplyKind | null }
  | { ok: false; reason: string };

interface Transition {
  next: CaseStatus;
  repliesOwed: ReplyKind | null;
}

const procedural = (next: CaseStatus): Transition => ({ next, repliesOwed: 'procedural' });
const substantive = (next: CaseStatus): Transition => ({ next, repliesOwed: 'substantive' });
const silent = (next: CaseStatus): Transition => ({ next, repliesOwed: null });

// Accepting or refusing after materials arrive is again a procedural reply: the reporter learns the decision.
const TRANSITIONS: Readonly<Record<CaseStatus, Partial<Record<CaseAction, Transition>>>> = {
  received: {
    accept: procedural('accepted'),
    request_materials: procedural('materials_needed'),
    transfer: procedural('transferred'),
    reject: procedural('not_accepted'),
  },
  materials_needed: {
    accept: procedural('accepted'),
    reject: procedural('not_accepted'),
  },
  accepted: {
    start: silent('in_progress'),
    progress: substantive('accepted'),
    resolve: substantive('resolved'),
  },
  in_progress: {
    progress: substantive('in_progress'),
    resolve: substantive('resolved'),
  },
  resolved: { close: silent('closed') },
  transferred: { close: silent('closed') },
  not_accepted: { close: silent('closed') },
  closed: {},
};

export function isCaseStatus(value: unknown): value is CaseStatus {
  return typeof value === 'string' && (CASE_STATUSES as readonly string[]).includes(value);
}

export function isCaseAction(value: unknown): value is CaseAction {
  return typeof value === 'string' && (CASE_ACTIONS as readonly string[]).includes(value);
}

export function isOpenStatus(status: CaseStatus): boolean {
  return OPEN_STATUSES.includes(status);
}

export function allowedActions(status: CaseStatus): CaseAction[] {
  const transitions = isCaseStatus(status) ? TRANSITIONS[status] : {};
  return CASE_ACTIONS.filter((action) => transitions[action] !== undefined);
}

export function applyAction(status: CaseStatus, action: CaseAction): ApplyActionResult {
  // Statuses and actions may come from stored rows or requests, so they are checked at run time too.
  if (!isCaseStatus(status)) return { ok: false, reason: `unknown case status: ${String(status)}` };
  if (!isCaseAction(action)) return { ok: false, reason: `unknown case action: ${String(action)}` };
  const transition = TRANSITIONS[status][action];
  if (!transition) return { ok: false, reason: `cannot ${action} a case that is ${status}` };
  return { ok: true, next: transition.next, repliesOwed: transition.repliesOwed };
}
