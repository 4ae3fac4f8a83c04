// Chinese wording of deadline reminders and the morning digest, written for prosecutors.
import type { CaseKind } from '../../db/schema/index.js';
import { caseLabelInline } from '../cases/case-labels.js';
import { REMINDER_LABELS } from '../deadlines/open-deadlines.js';
import type { DeadlineKind, ReminderKind } from '../deadlines/reminder-plan.js';
import { shanghaiDayNumber } from '../deadlines/shanghai-time.js';

export const DEADLINE_LABELS: Record<DeadlineKind, string> = REMINDER_LABELS;

/** 10月13日 — short date for prosecutors; the year is obvious from context. */
export function shortDate(instant: Date): string {
  // Day arithmetic rather than formatting a date string: the morning digest writes ~30,000 of these at once.
  const local = new Date(shanghaiDayNumber(instant) * 86_400_000);
  return `${local.getUTCMonth() + 1}月${local.getUTCDate()}日`;
}

/** Whole Shanghai calendar days from the due date to `now` (0 on the due day, negative before it). */
export function daysPastDue(dueAt: Date, now: Date): number {
  return shanghaiDayNumber(now) - shanghaiDayNumber(dueAt);
}

export interface ReminderTextInput {
  caseNo: string;
  caseKind: CaseKind;
  /** The clue category, named in Chinese in the text. */
  category?: string | null | undefined;
  deadlineKind: DeadlineKind;
  reminderKind: ReminderKind;
  dueAt: Date;
  now: Date;
  /** For escalations: who is handling the case. */
  handlerName?: string | undefined;
}

export function reminderText(input: ReminderTextInput): string {
  const what = `${input.caseNo}（${caseLabelInline(input.caseKind, input.category)}）${DEADLINE_LABELS[input.deadlineKind]}`;
  const due = shortDate(input.dueAt);
  const overdueDays = Math.max(1, daysPastDue(input.dueAt, input.now));
  switch (input.reminderKind) {
    case 'before': {
      const left = Math.max(1, -daysPastDue(input.dueAt, input.now));
      return `【期限提醒】${what}将于${due}到期（还有${left}天），请及时办理。\n回复“我的待办”查看全部待办。`;
    }
    case 'due_today':
      return `【今日到期】${what}今日（${due}）到期，请于今日24时前答复。\n回复“我的待办”查看全部待办。`;
    case 'overdue':
      return `【已超期】${what}已超期${overdueDays}天（应于${due}前答复），请尽快办理并答复。\n回复“我的待办”查看全部待办。`;
    case 'escalation': {
      const handler = input.handlerName ? `，承办人：${input.handlerName}` : '';
      return `【超期督办】${what}已超期${overdueDays}天（应于${due}前答复）${handler}。请督促承办人尽快办理。`;
    }
  }
}

export interface DigestItem {
  caseNo: string;
  caseKind: CaseKind;
  category?: string | null | undefined;
  deadlineKind: DeadlineKind;
  dueAt: Date;
}

/** Longest list in one WeChat message; the rest are counted, not listed. */
export const DIGEST_MAX_ITEMS = 30;

/** A digest's content: how many cases, how many overdue, and the most urgent (at most DIGEST_MAX_ITEMS) in order. */
export interface DigestContent {
  count: number;
  overdue: number;
  items: readonly DigestItem[];
}

/** `digest` as its content, or simply every item (then they are counted here). */
export function digestText(name: string, digest: DigestContent | readonly DigestItem[], now: Date): string {
  const { count, overdue, items } =
    'items' in digest
      ? digest
      : {
          count: digest.length,
          overdue: digest.filter((i) => i.dueAt.getTime() < now.getTime()).length,
          items: digest,
        };
  const head = `【每日待办】${name}，早上好。您有${count}件待办${overdue > 0 ? `，其中${overdue}件已超期` : ''}：`;
  const lines = items.slice(0, DIGEST_MAX_ITEMS).map((item, index) => {
    const days = daysPastDue(item.dueAt, now);
    const when =
      item.dueAt.getTime() < now.getTime()
        ? `已超期${Math.max(1, days)}天（${shortDate(item.dueAt)}）`
        : days === 0
          ? `今日到期（${shortDate(item.dueAt)}）`
          : `${shortDate(item.dueAt)}到期（还有${-days}天）`;
    return `${index + 1}. ${item.caseNo} ${caseLabelInline(item.caseKind, item.category)} · ${DEADLINE_LABELS[item.deadlineKind]} ${when}`;
  });
  const listed = Math.min(items.length, DIGEST_MAX_ITEMS);
  const more = count > listed ? [`……另有${count - listed}件未列出。`] : [];
  return [head, ...lines, ...more, '回复“我的待办”查看详情。'].join('\n');
}
