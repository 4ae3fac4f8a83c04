// Registry look-ups used by routing: a grid's community and owning group, grids by name or code.
import { and, eq, inArray, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/create-db.js';
import { grids, groupMembers, groups, people } from '../../db/schema/index.js';

export interface RoutedGrid {
  gridId: number;
  gridCode: string;
  gridName: string;
  communityId: number | null;
  groupId: number | null;
}

/** A grid's routing facts: grassroots grids route through their parent community (one query, parent joined). */
export async function routeGrid(db: Db, gridId: number): Promise<RoutedGrid | null> {
  const parent = alias(grids, 'parent');
  const [row] = await db
    .select({ grid: grids, parent: { id: parent.id, ownerGroupId: parent.ownerGroupId } })
    .from(grids)
    .leftJoin(parent, eq(parent.id, grids.parentId))
    .where(eq(grids.id, gridId));
  if (!row) return null;
  const { grid } = row;
  const community =
    grid.level === 'community' ? grid : grid.level === 'grassroots' ? (row.parent ?? undefined) : undefined;
  return {
    gridId: grid.id,
    gridCode: grid.code,
    gridName: grid.name,
    communityId: community?.id ?? null,
    groupId: community?.ownerGroupId ?? null,
  };
}

/** Display name without the "（示例）" marker that synthetic seed names carry. */
export function plainGridName(name: string): string {
  return name.replace(/[（(]示例[)）]$/u, '').trim();
}

export async function findGridByCodeOrName(db: Db, query: string): Promise<typeof grids.$inferSelect | null> {
  const q = query.trim();
  if (!q) return null;
  const code = q.toUpperCase();
  // A grid whose code matches wins over one whose name does; among names the higher level wins.
  const [found] = await db
    .select()
    .from(grids)
    .where(or(eq(grids.code, code), inArray(grids.name, [q, `${q}（示例）`])))
    .orderBy(sql`${grids.code} = ${code} desc`, grids.level)
    .limit(1);
  return found ?? null;
}

export async function findDutyGroupId(db: Db): Promise<number | null> {
  const [duty] = await db.select({ id: groups.id }).from(groups).where(eq(groups.duty, true)).limit(1);
  return duty?.id ?? null;
}

export type GroupContact = Awaited<ReturnType<typeof groupContacts>>[number];

/** The first of `roles` (in that order) who can be reached in WeChat, or null: who a group's notice goes to. */
export function reachable(
  contacts: readonly GroupContact[],
  ...roles: GroupContact['role'][]
): (GroupContact & { wechatId: string }) | null {
  for (const role of roles) {
    const found = contacts.find((c) => c.role === role && c.wechatId);
    if (found) return found as GroupContact & { wechatId: string };
  }
  return null;
}

export async function groupContacts(
  db: Db,
  groupId: number,
): Promise<
  { role: 'leader' | 'liaison' | 'member'; personId: number; wechatId: string | null; name: string }[]
> {
  return db
    .select({ role: groupMembers.role, personId: people.id, wechatId: people.wechatId, name: people.name })
    .from(groupMembers)
    .innerJoin(people, eq(people.id, groupMembers.personId))
    .where(and(eq(groupMembers.groupId, groupId)));
}
