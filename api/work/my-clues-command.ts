// `我的线索` from a grid member: each clue they reported or forwarded, and what became of it, in plain words.
import { and, desc, eq, exists, or } from 'drizzle-orm';
import type { Db } from '../../db/create-db.js';
import { caseReports, cases } from '../../db/schema/index.js';
import { caseLabelInline } from '../cases/case-labels.js';
import { toChineseDate } from '../http/time-format.js';
import type { CommandContext, CommandHandler } from '../messages/message-service.js';
import { STATUS_LABELS } from '../messages/reply-texts.js';

const COMMAND = /^\s*(?:查询)?我的线索\s*[。.?？]?\s*$/u;
const SHOWN = 10;

export const myCluesTexts = {
  none: '您还没有提交过线索。在网格群里或私聊发给我的线索，登记后都会在这里看到办理情况。',
  list: (lines: string[], total: number) =>
    `您提交的线索${total > lines.length ? `（最近 ${lines.length} 条，共 ${total} 条）` : `（共 ${total} 条）`}：\n${lines.join('\n')}\n发送案件编号可查看其中一条的详情。`,
};

export function createMyCluesCommand(): CommandHandler {
  return {
    async handle(tx: Db, ctx: CommandContext): Promise<string | null> {
      if (!COMMAND.test(ctx.text)) return null;
      const mine = or(
        eq(cases.reporterId, ctx.person.id),
        exists(
          tx
            .select({ one: caseReports.id })
            .from(caseReports)
            .where(and(eq(caseReports.caseId, cases.id), eq(caseReports.reporterId, ctx.person.id))),
        ),
      );
      const rows = await tx
        .select({
          caseNo: cases.caseNo,
          kind: cases.kind,
          category: cases.category,
          status: cases.status,
          receivedAt: cases.receivedAt,
        })
        .from(cases)
        .where(and(mine, eq(cases.kind, 'clue')))
        .orderBy(desc(cases.receivedAt));
      if (!rows.length) return myCluesTexts.none;
      const lines = rows
        .slice(0, SHOWN)
        .map(
          (r) =>
            `${r.caseNo} ${caseLabelInline(r.kind, r.category)}（${toChineseDate(r.receivedAt)}）：${STATUS_LABELS[r.status] ?? r.status}`,
        );
      return myCluesTexts.list(lines, rows.length);
    },
  };
}
