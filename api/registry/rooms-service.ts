// WeChat rooms for the office: bind a room to a community or grassroots grid, list, unbind.
import { and, asc, count, eq, isNotNull, isNull, type SQL, sql } from 'drizzle-orm';
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
        noticesOptIn: rooms.noticesOptIn,
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
    noticesOptIn: r.noticesOptIn,
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
          .onConflictDoUpdate({
            target: rooms.roomId,
            set: { gridId: grid.id, boundBy: actor, boundAt, noticesOptIn: optInAfterRebind(grid.id) },
          });
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

    /** Subscribes a bound room to the office's approved 普法 notices, or unsubscribes it. */
    async setNoticesOptIn(roomId: string, optIn: boolean, actor: string) {
      return db.transaction(async (tx) => {
        await setRoomNoticesOptIn(tx, { roomId, optIn, actor, at: deps.clock.now() });
        return view(tx, roomId);
      });
    },

    async unbind(roomId: string, actor: string) {
      return db.transaction(async (tx) => {
        const [row] = await tx
          .update(rooms)
          .set({ gridId: null, boundBy: null, boundAt: null, noticesOptIn: false })
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

/** Records a room's 普法 notice subscription (the rooms API, or 订阅普法 / 退订普法 in the room), audited. */
export async function setRoomNoticesOptIn(
  tx: Db,
  input: { roomId: string; optIn: boolean; actor: string; at: Date },
): Promise<void> {
  const [room] = await tx.select({ gridId: rooms.gridId }).from(rooms).where(eq(rooms.roomId, input.roomId));
  if (!room) throw new NotFoundError(`room ${input.roomId} is not known`);
  if (room.gridId === null)
    throw new BadRequestError(
      `room ${input.roomId} is not bound to a grid; bind it first`,
      undefined,
      'room_unbound',
    );
  await tx
    .update(rooms)
    .set({ noticesOptIn: input.optIn, noticesOptedBy: input.actor, noticesOptedAt: input.at })
    .where(eq(rooms.roomId, input.roomId));
  await recordAudit(tx, {
    at: input.at,
    actor: input.actor,
    action: input.optIn ? 'room.notices_subscribed' : 'room.notices_unsubscribed',
    subject: `room:${input.roomId}`,
  });
}

/**
 * In an update of `rooms` setting grid_id to `gridId`: the 普法 subscription stays only when the grid does — a
 * room bound to another community starts unsubscribed, its 订阅普法 was given for the one it was in.
 */
export function optInAfterRebind(gridId: number | null) {
  return sql`case when ${rooms.gridId} is not distinct from ${gridId} then ${rooms.noticesOptIn} else false end`;
}

export type RoomService = ReturnType<typeof createRoomService>;
