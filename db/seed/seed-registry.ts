// Loads the registry seed (grids, demo groups, demo people) into an empty database in one transaction.
import { count, eq, sql } from 'drizzle-orm';
import type { Db } from '../create-db.js';
import { grids, groupMembers, groups, people } from '../schema/index.js';
import { loadRegistrySeed } from './registry-data.js';
import type { PersonSeed, RegistrySeed } from './registry-types.js';

export interface SeedResult {
  seeded: boolean;
  grids: number;
  groups: number;
  people: number;
}

export async function isRegistryEmpty(db: Db): Promise<boolean> {
  const [row] = await db.select({ n: count() }).from(grids);
  return Number(row?.n ?? 0) === 0;
}

/** Seeds only when the registry is empty, so it is safe to run at every start. */
export async function seedRegistryIfEmpty(
  db: Db,
  seed: RegistrySeed = loadRegistrySeed(),
): Promise<SeedResult> {
  return db.transaction(async (tx) => {
    // Serialises concurrent starts on one database: the second waits, then finds the registry full.
    await tx.execute(sql`lock table grids in exclusive mode`);
    if (!(await isRegistryEmpty(tx))) return { seeded: false, grids: 0, groups: 0, people: 0 };
    const gridIds = new Map<string, number>();
    for (const level of ['street', 'community', 'grassroots'] as const) {
      const rows = seed.grids.filter((g) => g.level === level);
      const inserted = await tx
        .insert(grids)
        .values(
          rows.map((g) => ({
            code: g.code,
            name: g.name,
            level: g.level,
            parentId: g.parentCode ? gridIds.get(g.parentCode)! : null,
            synthetic: g.synthetic,
            divisionCode: g.divisionCode,
          })),
        )
        .returning({ id: grids.id, code: grids.code });
      for (const r of inserted) gridIds.set(r.code, r.id);
    }

    const personIds = new Map<string, number>();
    const allPeople = new Map<string, PersonSeed>();
    for (const g of seed.groups)
      for (const p of [g.leader, g.liaison, ...g.members]) allPeople.set(p.code, p);
    for (const p of seed.gridMembers) allPeople.set(p.code, p);
    const insertedPeople = await tx
      .insert(people)
      .values(
        [...allPeople.values()].map((p) => ({
          code: p.code,
          name: p.name,
          role: p.role,
          wechatId: p.wechatId,
          gridId: p.gridCode ? gridIds.get(p.gridCode)! : null,
        })),
      )
      .returning({ id: people.id, code: people.code });
    for (const r of insertedPeople) personIds.set(r.code!, r.id);

    for (const g of seed.groups) {
      const [group] = await tx
        .insert(groups)
        .values({ code: g.code, name: g.name, demo: g.demo, duty: g.duty, function: g.function })
        .returning({ id: groups.id });
      const members = new Map<string, 'leader' | 'liaison' | 'member'>();
      for (const m of g.members) members.set(m.code, 'member');
      members.set(g.liaison.code, 'liaison');
      members.set(g.leader.code, 'leader');
      await tx
        .insert(groupMembers)
        .values(
          [...members].map(([code, role]) => ({ groupId: group!.id, personId: personIds.get(code)!, role })),
        );
      for (const code of g.communityCodes) {
        await tx
          .update(grids)
          .set({ ownerGroupId: group!.id })
          .where(eq(grids.id, gridIds.get(code)!));
      }
    }
    return { seeded: true, grids: gridIds.size, groups: seed.groups.length, people: personIds.size };
  });
}
