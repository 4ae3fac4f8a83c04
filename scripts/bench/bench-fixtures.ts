// Prepares a benchmark database: the Gulou registry seed and WeChat rooms bound to community grids.
import { and, eq, isNotNull } from 'drizzle-orm';
import { plainGridName } from '../../api/routing/grid-lookup.js';
import type { Db } from '../../db/create-db.js';
import { grids, rooms } from '../../db/schema/index.js';
import { seedRegistryIfEmpty } from '../../db/seed/seed-registry.js';
import type { MixFixture } from './message-mix.js';

export async function prepareBenchRegistry(db: Db, roomCount = 40): Promise<MixFixture> {
  await seedRegistryIfEmpty(db);
  const owned = await db
    .select({ id: grids.id, name: grids.name })
    .from(grids)
    .where(and(eq(grids.level, 'community'), isNotNull(grids.ownerGroupId)))
    .orderBy(grids.id);
  const communities = owned.length
    ? owned
    : await db.select({ id: grids.id, name: grids.name }).from(grids).where(eq(grids.level, 'community'));
  if (communities.length === 0) throw new Error('the seeded registry has no community grids');
  const bound = Array.from({ length: roomCount }, (_, i) => {
    const grid = communities[i % communities.length]!;
    return {
      roomId: `bench-room-${i}@chatroom`,
      topic: `${plainGridName(grid.name)}网格群${i}`,
      gridId: grid.id,
    };
  });
  await db
    .insert(rooms)
    .values(bound.map((r) => ({ ...r, boundBy: 'bench', boundAt: new Date() })))
    .onConflictDoNothing();
  return {
    rooms: bound.map((r) => ({ id: r.roomId, topic: r.topic })),
    places: communities.map((c) => plainGridName(c.name)),
  };
}
