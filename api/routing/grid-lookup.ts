// Registry look-ups used by routing: a grid's community and owning group, grids by name or code.
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/create-db.js';
import { grids, groupMembers, groups, people } from '../../db/schema/index.js';

export interface RoutedGrid {
  gridId: number;
  gridCode: string;
  gridName: string;
  communityId: number | null;
  groupId: number | null;
}

/** A grid's routing facts: grassroots grids route through their parent community. */
export async function routeGrid(db: Db, gridId: number): Promise<RoutedGrid | null> {
  const [grid] = await db.select().from(grids).where(eq(grids.id, gridId));
  if (!grid) return null;
  let community: typeof grid | undefined = grid.level === 'community' ? grid : undefined;
  if (grid.level === 'grassroots' && grid.parentId !== null) {
    [community] = await db.select().from(grids).where(eq(grids.id, grid.parentId));
  }
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
  const [byCode] = await db.select().from(grids).where(eq(grids.code, q.toUpperCase()));
  if (byCode) return byCode;
  const [byName] = await db
    .select()
    .from(grids)
    .where(inArray(grids.name, [q, `${q}（示例）`]))
    .orderBy(grids.level)
    .limit(1);
  return byName ?? null;
}

export async function findDutyGroupId(db: Db): Promise<number | null> {
  const [duty] = await db.select({ id: groups.id }).from(groups).where(eq(groups.duty, true)).limit(1);
  return duty?.id ?? null;
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
