// Triage of a new matter (issue 14): its priority from the urgency rules, its department from the routing table, and the at-once notices.
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/create-db.js';
import { type CaseKind, type CasePriority, type GroupFunction, groups } from '../../db/schema/index.js';
import { detectUrgency, type Urgency } from '../../intents/urgency/urgency-rules.js';
import type { OutboundMessage, OutboxService } from '../outbox/outbox-service.js';
import { type DepartmentRoute, departmentRouteFor } from '../routing/department-routes.js';
import { type GroupContact, groupContacts } from '../routing/grid-lookup.js';
import { caseLabel } from './case-labels.js';
import { triageTexts } from './triage-texts.js';

export interface Triage {
  priority: CasePriority;
  urgency: Urgency | null;
  route: DepartmentRoute;
}

/** An urgent matter's first deadline: within 24 hours of receipt (issue 14: "the same day (24 hours)"). */
export const URGENT_FIRST_DEADLINE_MS = 24 * 3_600_000;

export function triageCase(input: { kind: CaseKind; category: string | null; matchText: string }): Triage {
  // A legal question asks about the law in general; it is not a report of something happening now.
  const urgency = input.kind === 'legal_question' ? null : detectUrgency(input.matchText);
  const minor = input.category === 'minors' || (urgency?.reasons.includes('minor_harm') ?? false);
  return {
    priority: urgency ? 'urgent' : 'normal',
    urgency,
    route: departmentRouteFor({ kind: input.kind, category: input.category, minor }),
  };
}

/** The group doing a department's work: an office-made group before a seeded demo one, then the oldest. */
export async function findGroupByFunction(db: Db, fn: GroupFunction): Promise<number | null> {
  const [row] = await db
    .select({ id: groups.id })
    .from(groups)
    .where(and(eq(groups.function, fn)))
    .orderBy(asc(groups.demo), asc(groups.id))
    .limit(1);
  return row?.id ?? null;
}

interface CaseRef {
  id: number;
  caseNo: string;
  kind: CaseKind;
  category: string | null;
  summary: string;
  proceduralDueAt: Date;
}

/** Leader and liaison are told at once, quiet hours or not: the outbox message is available now. */
export async function alertUrgent(
  tx: Db,
  outbox: OutboxService,
  row: CaseRef,
  groupId: number,
  urgency: Urgency,
  now: Date,
): Promise<number> {
  let told = 0;
  for (const message of urgentAlerts(await groupContacts(tx, groupId), row, urgency, now))
    if (await outbox.enqueue(tx, message)) told++;
  return told;
}

/** The urgent alerts alertUrgent queues, from the group's contacts already read. */
export function urgentAlerts(
  contacts: readonly GroupContact[],
  row: CaseRef,
  urgency: Urgency,
  now: Date,
): OutboundMessage[] {
  return contacts
    .filter((c) => (c.role === 'leader' || c.role === 'liaison') && c.wechatId)
    .map((c) => ({
      dedupeKey: `case:${row.caseNo}:urgent:${c.personId}`,
      to: { kind: 'contact', id: c.wechatId! },
      purpose: 'urgent_alert',
      caseId: row.id,
      availableAt: now,
      text: triageTexts.urgentAlert(
        row.caseNo,
        caseLabel(row.kind, row.category),
        urgency,
        row.summary,
        row.proceduralDueAt,
      ),
    }));
}

/** The grid's own group hears of a matter a department took (public-interest clues): it knows the place. */
export async function informGridGroup(
  tx: Db,
  outbox: OutboxService,
  row: CaseRef,
  gridGroupId: number,
  department: GroupFunction,
): Promise<boolean> {
  const message = gridInformed(await groupContacts(tx, gridGroupId), row, gridGroupId, department);
  return message ? outbox.enqueue(tx, message) : false;
}

/** The notice informGridGroup queues, from the grid group's contacts already read; null when none is reachable. */
export function gridInformed(
  contacts: readonly GroupContact[],
  row: CaseRef,
  gridGroupId: number,
  department: GroupFunction,
): OutboundMessage | null {
  const liaison = contacts.find((c) => c.role === 'liaison') ?? contacts.find((c) => c.role === 'leader');
  if (!liaison?.wechatId) return null;
  return {
    dedupeKey: `case:${row.caseNo}:informed:${gridGroupId}`,
    to: { kind: 'contact', id: liaison.wechatId },
    purpose: 'department_informed',
    caseId: row.id,
    text: triageTexts.gridInformed(row.caseNo, caseLabel(row.kind, row.category), department, row.summary),
  };
}
