// “我的待办”: a prosecutor's open cases, most urgent first, with the next deadline each one owes.
import { and, eq, inArray, isNull, or, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/create-db.js';
import { cases, groupMembers } from '../../db/schema/index.js';
import { caseLabel } from '../cases/case-labels.js';
import { OPEN_STATUSES } from '../cases/case-lifecycle.js';
import type { CaseRow } from '../cases/case-service.js';
import { type DeadlineKind, nearestOpenDeadline, TODO_LABELS } from '../deadlines/open-deadlines.js';
import { cutWords } from '../messages/reporter-words.js';
import { commandTexts } from './command-texts.js';

export const TODO_LIMIT = 20;
/** How much of the reporter's words each line quotes, so the case is recognised without opening it. */
const TODO_WORDS = 16;
// Enough to sort a heavy caseload fully in memory before cutting to the list length.
const FETCH_LIMIT = 1000;

/** The earliest deadline still open on a case, by the one deadline definition; null when no reply is owed. */
export function nextDeadline(row: CaseRow): { kind: DeadlineKind; dueAt: Date } | null {
  return nearestOpenDeadline(row);
}

/**
 * A person's open cases: those assigned to them, plus the not yet assigned cases of groups they lead or
 * are liaison of (the people reminders go to before anyone accepts).
 */
export async function openCasesOf(tx: Db, personId: number): Promise<CaseRow[]> {
  const memberships = await tx
    .select({ groupId: groupMembers.groupId, role: groupMembers.role })
    .from(groupMembers)
    .where(eq(groupMembers.personId, personId));
  const receiving = memberships.filter((m) => m.role !== 'member').map((m) => m.groupId);
  const mine: SQL[] = [eq(cases.assigneeId, personId)];
  if (receiving.length) mine.push(and(isNull(cases.assigneeId), inArray(cases.groupId, receiving))!);
  return tx
    .select()
    .from(cases)
    .where(and(inArray(cases.status, [...OPEN_STATUSES]), or(...mine)))
    .limit(FETCH_LIMIT);
}

/** `summaryOf` gives a case's summary (the reporter's words) in clear. */
export async function todoReply(
  tx: Db,
  personId: number,
  now: Date,
  summaryOf: (row: CaseRow) => string,
): Promise<string> {
  const rows = await openCasesOf(tx, personId);
  if (rows.length === 0) return commandTexts.todoEmpty;
  const ranked = rows
    .map((row) => ({ row, next: nextDeadline(row) }))
    // Most overdue first, then the nearest deadline; cases owing no reply last, oldest first.
    .sort((a, b) => {
      if (a.next && b.next) return a.next.dueAt.getTime() - b.next.dueAt.getTime();
      if (a.next) return -1;
      if (b.next) return 1;
      return a.row.receivedAt.getTime() - b.row.receivedAt.getTime();
    })
    .slice(0, TODO_LIMIT);
  const lines = ranked.map(({ row, next }, i) =>
    commandTexts.todoLine(
      i + 1,
      row.caseNo,
      caseLabel(row.kind, row.category),
      row.status,
      next
        ? {
            label: TODO_LABELS[next.kind],
            dueAt: next.dueAt,
            overdue: next.dueAt.getTime() < now.getTime(),
          }
        : null,
      cutWords(summaryOf(row), TODO_WORDS),
    ),
  );
  return commandTexts.todoList(lines, rows.length);
}
