// WeChat rooms for the office: bind a room to a community or grassroots grid, list, unbind.
import { and, asc, count, eq, isNotNull, isNull, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/create-db.js';
import { grids, rooms } from '../../db/schema/index.js';
import type { Clock } from '../clock.js';
import { BadRequestError, NotFoundError } from '../http/domain-errors.js';
import { toIsoShanghaiOrNull } from '../http/time-format.js';
import { recordAudit } from './registry-audit.js';

export function createRoomService(deps: { db: Db; clock: Clock }) {
  const { db } = deps;

  function selectViews(tx: Db) {
    return tx
      .select({
        roomId: rooms.roomId,
        topic: rooms.topic,
        gridCode: grids.code,
        gridName: grids.name,
        gridLevel: grids.level,
        boundBy: rooms.boundBy,
        boundAt: rooms.boundAt,
      })
      .from(rooms)
      .leftJoin(grids, eq(grids.id, rooms.gridId));
  }

  type Selected = Awaited<ReturnType<ReturnType<typeof selectViews>['execute']>>[number];
  const toView = (r: Selected) => ({
    roomId: r.roomId,
    topic: r.topic,
    grid:
      r.gridCode && r.gridName && r.gridLevel
        ? { code: r.gridCode, name: r.gridName, level: r.gridLevel }
        : null,
    boundBy: r.boundBy,
    boundAt: toIsoShanghaiOrNull(r.boundAt),
  });

  async function view(tx: Db, roomId: string) {
    const [row] = await selectViews(tx).where(eq(rooms.roomId, roomId));
    if (!row) throw new NotFoundError(`room ${roomId} is not known`);
    return toView(row);
  }

  return {
    async list(filter: { bound?: boolean }, page: { limit: number; offset: number }) {
      const conditions: SQL[] = [];
      if (filter.bound === true) conditions.push(isNotNull(rooms.gridId));
      if (filter.bound === false) conditions.push(isNull(rooms.gridId));
      const where = conditions.length > 0 ? and(...conditions) : undefined;
      const [rows, [total]] = await Promise.all([
        selectViews(db).where(where).orderBy(asc(rooms.roomId)).limit(page.limit).offset(page.offset),
        db.select({ n: count() }).from(rooms).where(where),
      ]);
      return { items: rows.map(toView), total: Number(total?.n ?? 0) };
    },

    /** Binds by room id, so the binding survives topic changes; the room need not have spoken yet. */
    async bind(roomId: string, gridCode: string, actor: string) {
      return db.transaction(async (tx) => {
        const [grid] = await tx.select().from(grids).where(eq(grids.code, gridCode));
        if (!grid) throw new BadRequestError(`grid ${gridCode} does not exist`, undefined, 'unknown_grid');
        if (grid.level === 'street')
          throw new BadRequestError(
            `${gridCode} is a street; bind a room to a community or grassroots grid`,
            undefined,
            'street_grid',
          );
        const boundAt = deps.clock.now();
        await tx
          .insert(rooms)
          .values({ roomId, gridId: grid.id, boundBy: actor, boundAt })
          .onConflictDoUpdate({ target: rooms.roomId, set: { gridId: grid.id, boundBy: actor, boundAt } });
        await recordAudit(tx, {
          at: boundAt,
          actor,
          action: 'room.bound',
          subject: `room:${roomId}`,
          data: { gridCode },
        });
        return view(tx, roomId);
      });
    },

    async unbind(roomId: string, actor: string) {
      return db.transaction(async (tx) => {
        const [row] = await tx
          .update(rooms)
          .set({ gridId: null, boundBy: null, boundAt: null })
          .where(eq(rooms.roomId, roomId))
          .returning({ roomId: rooms.roomId });
        if (!row) throw new NotFoundError(`room ${roomId} is not known`);
        await recordAudit(tx, {
          at: deps.clock.now(),
          actor,
          action: 'room.unbound',
          subject: `room:${roomId}`,
        });
        return view(tx, roomId);
      });
    },
  };
}

export type RoomService = ReturnType<typeof createRoomService>;
