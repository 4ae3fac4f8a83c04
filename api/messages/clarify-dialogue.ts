// "您是想：1 … 6 … 0 都不是": asks what an unsure message means, within a budget of 10% of private messages.
import { and, count, eq, gte, isNull, lte, sql } from 'drizzle-orm';
import type { Db } from '../../db/create-db.js';
import { dialogues, messages } from '../../db/schema/index.js';
import type { Intent } from '../../intents/index.js';
import type { Clock } from '../clock.js';

const KIND = 'clarify_intent';

/** The numbered choices, in the order the question lists them; 0 means none of them. */
export const CLARIFY_CHOICES: readonly { intent: Intent; label: string }[] = [
  { intent: 'legal_question', label: '咨询法律问题' },
  { intent: 'report_dispute', label: '请求调解纠纷' },
  { intent: 'report_clue', label: '举报违法犯罪线索' },
  { intent: 'request_aid', label: '申请司法救助或法律援助' },
  { intent: 'petition', label: '申诉、控告' },
  { intent: 'query_status', label: '查询办理进度' },
];

export const CLARIFY_QUESTION = `为了不耽误您的事，想先确认一下，您是想：\n${CLARIFY_CHOICES.map(
  (c, i) => `${i + 1} ${c.label}`,
).join('\n')}\n0 都不是\n回复数字即可。`;

// A bare digit as residents type it (half- or full-width, maybe with 回复/选); anything else is parsed afresh.
const ANSWER = /^\s*(?:回复|选)?\s*([0-6０-６])\s*[。.!！]?\s*$/u;

/** The marker kept in messages.response when the reply was the question: what the budget counts. */
export const ASKED_MARK = 'clarify';

export type ClarifyAnswer =
  | { kind: 'chosen'; intent: Intent; messageRowId: number }
  | { kind: 'none_of_these' }
  | { kind: 'expired' };

export interface ClarifyDialogueDeps {
  clock: Clock;
  ttlMinutes: number;
  /** The largest share of private messages in the last day that may be asked about (the issue's 10%). */
  maxShare: number;
}

export function clarifyChoice(text: string): number | null {
  const m = ANSWER.exec(text);
  if (!m?.[1]) return null;
  return m[1].charCodeAt(0) >= 0xff10 ? m[1].charCodeAt(0) - 0xff10 : Number(m[1]);
}

export function createClarifyDialogue(deps: ClarifyDialogueDeps) {
  /** Whether one more question keeps the last day's share of asked private messages within the budget. */
  async function withinBudget(tx: Db): Promise<boolean> {
    const since = new Date(deps.clock.now().getTime() - 24 * 3600_000);
    const [row] = await tx
      .select({
        total: count(),
        asked: sql<number>`count(*) filter (where ${messages.response}->>'asked' = ${ASKED_MARK})`.mapWith(
          Number,
        ),
      })
      .from(messages)
      .where(and(isNull(messages.roomId), gte(messages.receivedAt, since)));
    // The message being answered is stored only after it is answered, so it is one more in `total`; the
    // question it gets would be one more asked.
    return ((row?.asked ?? 0) + 1) / ((row?.total ?? 0) + 1) <= deps.maxShare;
  }

  return {
    /** Opens the question for this contact about that message; null when the budget is spent (guess instead). */
    async ask(tx: Db, wechatId: string, messageRowId: number): Promise<string | null> {
      if (!(await withinBudget(tx))) return null;
      const now = deps.clock.now();
      await tx.delete(dialogues).where(and(eq(dialogues.kind, KIND), lte(dialogues.expiresAt, now)));
      const row = {
        kind: KIND,
        state: { messageRowId },
        expiresAt: new Date(now.getTime() + deps.ttlMinutes * 60_000),
      };
      // One open dialogue per contact: a newer question (or a community question) replaces an older one.
      await tx
        .insert(dialogues)
        .values({ wechatId, ...row })
        .onConflictDoUpdate({ target: dialogues.wechatId, set: row });
      return CLARIFY_QUESTION;
    },

    /** Takes up an open question when the text is a choice; null when there is none (the text is parsed as usual). */
    async answer(tx: Db, wechatId: string, text: string): Promise<ClarifyAnswer | null> {
      const choice = clarifyChoice(text);
      if (choice === null) return null;
      const [open] = await tx
        .delete(dialogues)
        .where(and(eq(dialogues.wechatId, wechatId), eq(dialogues.kind, KIND)))
        .returning();
      if (!open) return null;
      if (open.expiresAt <= deps.clock.now()) return { kind: 'expired' };
      if (choice === 0) return { kind: 'none_of_these' };
      const { messageRowId } = open.state as { messageRowId: number };
      return { kind: 'chosen', intent: CLARIFY_CHOICES[choice - 1]!.intent, messageRowId };
    },
  };
}

export type ClarifyDialogue = ReturnType<typeof createClarifyDialogue>;
