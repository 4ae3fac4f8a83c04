// The satisfaction survey: a reporter's answer to the question sent when their case was closed with a result.
import { and, desc, eq, exists, isNotNull, isNull, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/create-db.js';
import { caseEvents, cases, outbox, type SATISFACTION } from '../../db/schema/index.js';
import type { Clock } from '../clock.js';
import type { PersonRow } from '../messages/contact-resolver.js';

export type Satisfaction = (typeof SATISFACTION)[number];

const ANSWERS: Record<string, Satisfaction> = {
  满意: 'satisfied',
  基本满意: 'basically_satisfied',
  不满意: 'dissatisfied',
};

/** The rating a message gives, if it is exactly one of the three answers apart from spacing and punctuation. */
export function parseSatisfaction(text: string): Satisfaction | null {
  const bare = text.replace(/[\s\p{P}\p{S}]/gu, '');
  return ANSWERS[bare] ?? null;
}

export const surveyTexts = {
  thanks: (caseNo: string) => `感谢您的评价！已记录您对案件 ${caseNo} 的评价。如有新的情况，欢迎随时留言。`,
  alreadyRated: (caseNo: string) => `案件 ${caseNo} 的评价已记录，无需重复评价。如有新的情况，欢迎随时留言。`,
};

export interface SurveyService {
  /**
   * Records the answer to this person's pending survey (on the closed case, with an event) and thanks them;
   * a repeated answer is acknowledged but not recorded again. Null when the text is no answer to a survey.
   */
  answer(tx: Db, person: PersonRow, text: string): Promise<string | null>;
}

export function createSurveyService(deps: {
  clock: Clock;
  /** 不满意 opens a return visit for the group leader (issue 14 item 6). */
  returnVisits?: { open(tx: Db, caseId: number): Promise<boolean> };
}): SurveyService {
  /** The latest closed case whose survey went to this contact, rated or not as asked. */
  async function surveyedCase(tx: Db, wechatId: string, rated: SQL) {
    const [row] = await tx
      .select()
      .from(cases)
      .where(
        and(
          eq(cases.status, 'closed'),
          rated,
          exists(
            tx
              .select({ id: outbox.id })
              .from(outbox)
              .where(
                and(eq(outbox.caseId, cases.id), eq(outbox.purpose, 'survey'), eq(outbox.toId, wechatId)),
              ),
          ),
        ),
      )
      .orderBy(desc(cases.closedAt), desc(cases.id))
      .limit(1)
      .for('update');
    return row ?? null;
  }

  return {
    async answer(tx, person, text) {
      const satisfaction = parseSatisfaction(text);
      if (!satisfaction || !person.wechatId) return null;
      const pending = await surveyedCase(tx, person.wechatId, isNull(cases.satisfaction));
      if (!pending) {
        const rated = await surveyedCase(tx, person.wechatId, isNotNull(cases.satisfaction));
        return rated ? surveyTexts.alreadyRated(rated.caseNo) : null;
      }
      const now = deps.clock.now();
      // The row is locked and still unrated, so of two reporters answering at once only the first is stored.
      const [rated] = await tx
        .update(cases)
        .set({ satisfaction, updatedAt: now })
        .where(and(eq(cases.id, pending.id), isNull(cases.satisfaction)))
        .returning({ caseNo: cases.caseNo });
      if (!rated) return surveyTexts.alreadyRated(pending.caseNo);
      await tx.insert(caseEvents).values({
        caseId: pending.id,
        type: 'satisfaction_recorded',
        // Never the reporter's id: events are read by roles that may not know who reported.
        actor: 'reporter',
        at: now,
        data: { satisfaction },
      });
      if (satisfaction === 'dissatisfied') await deps.returnVisits?.open(tx, pending.id);
      return surveyTexts.thanks(rated.caseNo);
    },
  };
}
