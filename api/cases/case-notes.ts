// Internal notes on a case (备注), shown in the case file to those who may read the case.
import { z } from 'zod';
import type { Db } from '../../db/create-db.js';
import type { FieldCipher } from '../security/field-cipher.js';

export const caseNoteSchema = z.object({
  id: z.number().int(),
  at: z.string(),
  author: z.string(),
  text: z.string(),
});

export type CaseNoteView = z.infer<typeof caseNoteSchema>;

/** The case's notes, oldest first. No case has notes until the 备注 command exists (issue 11 item 5). */
export async function caseNotes(_db: Db, _cipher: FieldCipher, _caseId: number): Promise<CaseNoteView[]> {
  return [];
}
