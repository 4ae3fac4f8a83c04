// How a case ended (or was decided) as its reporter was told: the result, the body it went to, the reason.
import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/create-db.js';
import { caseEvents } from '../../db/schema/index.js';
import type { FieldCipher } from '../security/field-cipher.js';
import { EVENT_TYPES } from './case-actions-service.js';
import { openEventWords } from './event-words.js';

export interface CaseOutcome {
  kind: 'resolved' | 'transferred' | 'rejected';
  /** The result or the reason, in the prosecutor's words; the body's name for a transfer. */
  text: string | null;
  at: Date;
}

const OUTCOME_EVENTS = [EVENT_TYPES.resolve, EVENT_TYPES.transfer, EVENT_TYPES.reject];

/** The latest decision a reporter was told of; null while none was taken. */
export async function caseOutcome(
  tx: Db,
  cipher: Pick<FieldCipher, 'decrypt'>,
  caseId: number,
): Promise<CaseOutcome | null> {
  const [event] = await tx
    .select({
      type: caseEvents.type,
      data: caseEvents.data,
      wordsEnc: caseEvents.wordsEnc,
      at: caseEvents.at,
    })
    .from(caseEvents)
    .where(and(eq(caseEvents.caseId, caseId), inArray(caseEvents.type, OUTCOME_EVENTS)))
    .orderBy(desc(caseEvents.at), desc(caseEvents.id))
    .limit(1);
  if (!event) return null;
  const data = openEventWords(cipher, event) as { text?: unknown; body?: unknown };
  const said = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);
  if (event.type === EVENT_TYPES.transfer)
    return { kind: 'transferred', text: said(data.body), at: event.at };
  if (event.type === EVENT_TYPES.reject) return { kind: 'rejected', text: said(data.text), at: event.at };
  return { kind: 'resolved', text: said(data.text), at: event.at };
}
