// Which prosecutor groups' cases a principal may see and act on: the office all, prosecutors their own groups.
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/create-db.js';
import { groupMembers } from '../../db/schema/index.js';
import type { Role } from './principal.js';

/** Who is acting: an API principal, or a prosecutor writing in WeChat. */
export interface CaseActor {
  role: Role;
  personId: number | null;
  /** Stable label for the audit trail, e.g. `token:12` or `wechat:34`. */
  actor: string;
}

/** `'all'` for the office; otherwise the ids of the groups whose cases are visible. */
export type CaseScope = 'all' | number[];

export async function caseScope(db: Db, principal: Pick<CaseActor, 'role' | 'personId'>): Promise<CaseScope> {
  if (principal.role === 'admin' || principal.role === 'office') return 'all';
  if (principal.role === 'bot' || principal.personId === null) return [];
  const rows = await db
    .select({ groupId: groupMembers.groupId })
    .from(groupMembers)
    .where(eq(groupMembers.personId, principal.personId));
  return rows.map((r) => r.groupId);
}

export function scopeAllows(scope: CaseScope, groupId: number | null): boolean {
  if (scope === 'all') return true;
  return groupId !== null && scope.includes(groupId);
}

/** Whether the principal is a member (any role) of the group, which entitles it to see the reporter. */
export async function isGroupMember(
  db: Db,
  personId: number | null,
  groupId: number | null,
): Promise<boolean> {
  if (personId === null || groupId === null) return false;
  const scope = await caseScope(db, { role: 'prosecutor', personId });
  return scopeAllows(scope, groupId);
}
