// The case state machine: every legal transition, the replies they give, and refused ones.
import { describe, expect, it } from 'vitest';
import {
  allowedActions,
  applyAction,
  CASE_ACTIONS,
  CASE_STATUSES,
  type CaseAction,
  type CaseStatus,
  isOpenStatus,
  OPEN_STATUSES,
} from '../../../api/cases/case-lifecycle.js';

const legal: [CaseStatus, CaseAction, CaseStatus, 'procedural' | 'substantive' | null][] = [
  ['received', 'accept', 'accepted', 'procedural'],
  ['received', 'request_materials', 'materials_needed', 'procedural'],
  ['received', 'transfer', 'transferred', 'procedural'],
  ['received', 'reject', 'not_accepted', 'procedural'],
  ['materials_needed', 'accept', 'accepted', 'procedural'],
  ['materials_needed', 'reject', 'not_accepted', 'procedural'],
  ['accepted', 'start', 'in_progress', null],
  ['accepted', 'progress', 'accepted', 'substantive'],
  ['accepted', 'resolve', 'resolved', 'substantive'],
  ['in_progress', 'progress', 'in_progress', 'substantive'],
  ['in_progress', 'resolve', 'resolved', 'substantive'],
  ['resolved', 'close', 'closed', null],
  ['transferred', 'close', 'closed', null],
  ['not_accepted', 'close', 'closed', null],
];

describe('case lifecycle', () => {
  it.each(legal)('%s --%s--> %s (reply: %s)', (status, action, next, repliesOwed) => {
    expect(applyAction(status, action)).toEqual({ ok: true, next, repliesOwed });
  });

  it('refuses every other status and action pair', () => {
    const allowed = new Set(legal.map(([status, action]) => `${status}:${action}`));
    let refused = 0;
    for (const status of CASE_STATUSES) {
      for (const action of CASE_ACTIONS) {
        if (allowed.has(`${status}:${action}`)) continue;
        const result = applyAction(status, action);
        expect(result.ok, `${status}:${action}`).toBe(false);
        refused++;
      }
    }
    expect(refused).toBe(CASE_STATUSES.length * CASE_ACTIONS.length - legal.length);
  });

  it.each<[CaseStatus, CaseAction]>([
    ['received', 'resolve'],
    ['received', 'progress'],
    ['received', 'close'],
    ['materials_needed', 'transfer'],
    ['accepted', 'accept'],
    ['in_progress', 'start'],
    ['resolved', 'progress'],
    ['closed', 'accept'],
    ['closed', 'close'],
  ])('refuses to %s a case by %s, with a reason', (status, action) => {
    expect(applyAction(status, action)).toEqual({
      ok: false,
      reason: `cannot ${action} a case that is ${status}`,
    });
  });

  it('refuses unknown statuses and actions from untyped input', () => {
    expect(applyAction('archived' as CaseStatus, 'close')).toMatchObject({ ok: false });
    expect(applyAction('received', 'delete' as CaseAction)).toMatchObject({ ok: false });
  });

  it('walks a case through its whole life', () => {
    let status: CaseStatus = 'received';
    for (const action of ['request_materials', 'accept', 'start', 'progress', 'resolve', 'close'] as const) {
      const result = applyAction(status, action);
      if (!result.ok) throw new Error(result.reason);
      status = result.next;
    }
    expect(status).toBe('closed');
  });

  it('lists the actions open to each status', () => {
    expect(allowedActions('received')).toEqual(['accept', 'request_materials', 'transfer', 'reject']);
    expect(allowedActions('in_progress')).toEqual(['progress', 'resolve']);
    expect(allowedActions('closed')).toEqual([]);
  });

  it('counts as open exactly the statuses that still owe the reporter a reply', () => {
    expect([...OPEN_STATUSES].sort()).toEqual(['accepted', 'in_progress', 'materials_needed', 'received']);
    expect(isOpenStatus('in_progress')).toBe(true);
    expect(isOpenStatus('resolved')).toBe(false);
    expect(isOpenStatus('transferred')).toBe(false);
  });

  it('has no status that cannot eventually be closed', () => {
    const reachesClosed = (status: CaseStatus, seen = new Set<CaseStatus>()): boolean => {
      if (status === 'closed') return true;
      seen.add(status);
      return allowedActions(status).some((action) => {
        const result = applyAction(status, action);
        return result.ok && !seen.has(result.next) && reachesClosed(result.next, seen);
      });
    };
    for (const status of CASE_STATUSES) expect(reachesClosed(status), status).toBe(true);
  });
});
