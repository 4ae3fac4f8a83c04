// “我的待办”: a prosecutor's open cases, most urgent first, with the next deadline each one owes.
import { and, eq, inArray, isNull, or, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/create-db.js';
import { cases, groupMembers } from '../../db/schema/index.js';
import { caseLabel } from '../cases/case-labels.js';
import { OPEN_STATUSES } from '../cases/case-lifecycle.js';
import type { CaseRow } from '../cases/case-service.js';
import { cutWords } from '../messages/reporter-words.js';
import { commandTexts } from './command-texts.js';

export const TODO_LIMIT = 20;
/** How much of the reporter's words each line quotes, so the case is recognised without opening it. */
const TODO_WORDS = 16;
// Enough to sort a heavy caseload fully in memory before cutting to the list length.
const FETCH_LIMIT = 1000;

const DEADLINE_LABELS = {
  procedural: '受理告知',
  substantive: '办理答复',
  progress: '进展告知',
  aid_notice: '救助材料告知',
} as const;

/** The earliest deadline still open on a case, by the shared clock contract; null when no reply is owed. */
export function nextDeadline(row: CaseRow): { kind: keyof typeof DEADLINE_LABELS; dueAt: Date } | null {
  const open: { kind: keyof typeof DEADLINE_LABELS; dueAt: Date }[] = [];
  if (row.noReplyReason === null && row.status !== 'closed') {
    if (row.proceduralRepliedAt === null) open.push({ kind: 'procedural', dueAt: row.proceduralDueAt });
    if (row.substantiveRepliedAt === null && !['not_accepted', 'transferred'].includes(row.status))
      open.push({ kind: 'substantive', dueAt: row.substantiveDueAt });
  }
  if (row.nextProgressDueAt !== null) open.push({ kind: 'progress', dueAt: row.nextProgressDueAt });
  if (row.kind === 'aid_request' && row.aidNoticeDueAt !== null && row.status === 'received')
    open.push({ kind: 'aid_notice', dueAt: row.aidNoticeDueAt });
  open.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
  return open[0] ?? null;
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
            label: DEADLINE_LABELS[next.kind],
            dueAt: next.dueAt,
            overdue: next.dueAt.getTime() < now.getTime(),
          }
        : null,
      cutWords(summaryOf(row), TODO_WORDS),
    ),
  );
  return commandTexts.todoList(lines, rows.length);
}
