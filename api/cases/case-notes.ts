// Internal notes on a case (备注): written by the owning group or the office, stored encrypted, shown in the case file.
import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/create-db.js';
import { caseEvents, caseNotes as caseNotesTable, cases, people } from '../../db/schema/index.js';
import { type CaseActor, caseScope, scopeAllows } from '../auth/case-scope.js';
import type { Clock } from '../clock.js';
import { BadRequestError, NotFoundError } from '../http/domain-errors.js';
import { toIsoShanghai } from '../http/time-format.js';
import type { FieldCipher } from '../security/field-cipher.js';

export const NOTE_MAX_CHARS = 2000;

export const caseNoteSchema = z.object({
  id: z.number().int(),
  at: z.string(),
  /** The writer's name, or 办公室 / 管理员 for a token that is no person. */
  author: z.string(),
  text: z.string(),
});

export type CaseNoteView = z.infer<typeof caseNoteSchema>;

type NoteRow = typeof caseNotesTable.$inferSelect;

function toView(row: NoteRow, cipher: FieldCipher): CaseNoteView {
  return { id: row.id, at: toIsoShanghai(row.at), author: row.authorName, text: cipher.decrypt(row.textEnc) };
}

/** The case's notes, oldest first, decrypted. Callers have already checked that the reader may see the case. */
export async function caseNotes(db: Db, cipher: FieldCipher, caseId: number): Promise<CaseNoteView[]> {
  const rows = await db
    .select()
    .from(caseNotesTable)
    .where(eq(caseNotesTable.caseId, caseId))
    .orderBy(asc(caseNotesTable.at), asc(caseNotesTable.id));
  return rows.map((r) => toView(r, cipher));
}

const ROLE_AUTHOR: Partial<Record<CaseActor['role'], string>> = { admin: '管理员', office: '办公室' };

export function createCaseNotesService(deps: { clock: Clock; cipher: FieldCipher }) {
  const { clock, cipher } = deps;

  async function authorName(tx: Db, actor: CaseActor): Promise<string> {
    if (actor.personId !== null) {
      const [person] = await tx
        .select({ name: people.name })
        .from(people)
        .where(eq(people.id, actor.personId));
      if (person) return person.name;
    }
    return ROLE_AUTHOR[actor.role] ?? actor.actor;
  }

  return {
    /**
     * Adds a note in the caller's transaction. Another group's case answers like a missing one (404); the
     * event records that a note was written, never its words, which exist only encrypted.
     */
    async add(tx: Db, input: { caseNo: string; text: string; actor: CaseActor }): Promise<CaseNoteView> {
      const text = input.text.trim();
      if (!text) throw new BadRequestError('a note needs some text', undefined, 'text_required');
      if (text.length > NOTE_MAX_CHARS)
        throw new BadRequestError(
          `a note is at most ${NOTE_MAX_CHARS} characters`,
          undefined,
          'text_too_long',
        );
      const [row] = await tx.select().from(cases).where(eq(cases.caseNo, input.caseNo));
      if (!row || !scopeAllows(await caseScope(tx, input.actor), row.groupId))
        throw new NotFoundError(`case ${input.caseNo} does not exist`);
      const now = clock.now();
      const [note] = await tx
        .insert(caseNotesTable)
        .values({
          caseId: row.id,
          actor: input.actor.actor,
          authorPersonId: input.actor.personId,
          authorName: await authorName(tx, input.actor),
          at: now,
          textEnc: cipher.encrypt(text),
        })
        .returning();
      await tx.insert(caseEvents).values({
        caseId: row.id,
        type: 'note_added',
        actor: input.actor.actor,
        at: now,
        data: { noteId: note!.id },
      });
      return toView(note!, cipher);
    },
  };
}

export type CaseNotesService = ReturnType<typeof createCaseNotesService>;
