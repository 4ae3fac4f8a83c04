// Which console role a registry person signs in with: the office's staff as office, prosecutors by group seat.
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/create-db.js';
import { groupMembers } from '../../db/schema/index.js';
import type { Role } from '../auth/principal.js';
import type { PersonRow } from '../messages/contact-resolver.js';

/** null: the person has no business in the console (residents, grid members). */
export async function consoleRoleOf(db: Db, person: Pick<PersonRow, 'id' | 'role'>): Promise<Role | null> {
  if (person.role === 'office') return 'office';
  if (person.role !== 'prosecutor') return null;
  const [leads] = await db
    .select({ groupId: groupMembers.groupId })
    .from(groupMembers)
    .where(and(eq(groupMembers.personId, person.id), eq(groupMembers.role, 'leader')))
    .limit(1);
  return leads ? 'group_leader' : 'prosecutor';
}
