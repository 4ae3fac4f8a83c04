// The satisfaction survey: a reporter's answer to the question sent when their case was resolved.
import { and, desc, eq, exists, isNull } from 'drizzle-orm';
import type { Db } from '../../db/create-db.js';
import { caseEvents, cases, outbox, type SATISFACTION } from '../../db/schema/index.js';
import type { CaseActionsService } from '../cases/case-actions-service.js';
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

export interface SurveyService {
  /** Records the answer to this person's pending survey and closes the case; null when nothing is pending. */
  answer(tx: Db, person: PersonRow, text: string): Promise<string | null>;
}

export function createSurveyService(deps: { clock: Clock; caseActions: CaseActionsService }): SurveyService {
  return {
    async answer(tx, person, text) {
      const satisfaction = parseSatisfaction(text);
      if (!satisfaction || !person.wechatId) return null;
      // Pending: the question went to this contact, the case still awaits its rating, nobody closed it.
      const [row] = await tx
        .select()
        .from(cases)
        .where(
          and(
            eq(cases.status, 'resolved'),
            isNull(cases.satisfaction),
            exists(
              tx
                .select({ id: outbox.id })
                .from(outbox)
                .where(
                  and(
                    eq(outbox.caseId, cases.id),
                    eq(outbox.purpose, 'survey'),
                    eq(outbox.toId, person.wechatId),
                  ),
                ),
            ),
          ),
        )
        .orderBy(desc(cases.updatedAt), desc(cases.id))
        .limit(1)
        .for('update');
      if (!row) return null;
      const actor = `wechat:${person.id}`;
      const now = deps.clock.now();
      const [rated] = await tx
        .update(cases)
        .set({ satisfaction, updatedAt: now })
        .where(and(eq(cases.id, row.id), isNull(cases.satisfaction)))
        .returning();
      if (!rated) return null;
      await tx
        .insert(caseEvents)
        .values({ caseId: row.id, type: 'satisfaction_recorded', actor, at: now, data: { satisfaction } });
      await deps.caseActions.transition(tx, rated, 'close', actor, { via: 'survey' });
      return `感谢您的评价！案件 ${row.caseNo} 已结案。如有新的情况，欢迎随时留言。`;
    },
  };
}
