// 普法 notices (TZ-n): drafted by a group's prosecutors, approved by its leader, then queued to opted-in rooms, paced.

import { and, asc, count, desc, eq, inArray, isNotNull, max, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/create-db.js';
import {
  grids,
  groupMembers,
  groups,
  lectureRequests,
  type NOTICE_STATES,
  notices,
  outbox,
  rooms,
} from '../../db/schema/index.js';
import type { CaseActor, CaseScope } from '../auth/case-scope.js';
import { caseScope } from '../auth/case-scope.js';
import type { Clock } from '../clock.js';
import { toShanghaiDate } from '../deadlines/shanghai-time.js';
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError } from '../http/domain-errors.js';
import { toIsoShanghai, toIsoShanghaiOrNull } from '../http/time-format.js';
import type { OutboxService } from '../outbox/outbox-service.js';
import { recordAudit } from '../registry/registry-audit.js';
import { groupContacts, plainGridName } from '../routing/grid-lookup.js';
import { lectureAnnouncement } from './lecture-requests.js';
import { LEGAL_DAYS } from './legal-days.js';

export const NOTICE_TEXT_MAX = 1000;
export const NOTICE_NO = /TZ-?(\d{1,9})/iu;

export const noticeTexts = {
  legalDay: (date: string, name: string, topics: readonly string[]) =>
    `【普法提示】${Number(date.slice(5, 7))}月${Number(date.slice(8))}日是${name}。检察机关提醒大家关注${topics
      .map((t) => `“${t}”`)
      .join('、')}方面的法律知识。遇到相关问题或发现违法线索，可在本群发送“咨询 …”或“线索 …”，检察官会跟进。`,
  askLeader: (id: number, where: string, roomCount: number, text: string) =>
    `【待批准通知】TZ-${id}（${where}，已订阅普法通知的群 ${roomCount} 个）：\n${text}\n同意发送请回复：批准 通知 TZ-${id}`,
};

/** The delivery counts of a notice: copies waiting (queued), delivered (sent), given up after retries (failed). */
export interface NoticeDeliveries {
  rooms: number;
  queued: number;
  sent: number;
  failed: number;
}

export interface NoticeDraftInput {
  text?: string | undefined;
  groupCode?: string | undefined;
  gridCode?: string | undefined;
  legalDay?: string | undefined;
  lectureId?: number | undefined;
}

type NoticeRow = typeof notices.$inferSelect;

export function createNotices(deps: {
  clock: Clock;
  outbox: OutboxService;
  /** Seconds between two rooms' copies of notices (NOTICE_ROOM_INTERVAL_SECONDS). */
  roomIntervalSeconds: number;
  /** The instant itself outside quiet hours, else the moment they end: notices are not posted at night. */
  nextPushWindowStart: (instant: Date) => Date;
}) {
  async function groupIdsOf(tx: Db, personId: number | null, leaderOnly = false): Promise<number[]> {
    if (personId === null) return [];
    const rows = await tx
      .select({ groupId: groupMembers.groupId })
      .from(groupMembers)
      .where(
        and(eq(groupMembers.personId, personId), leaderOnly ? eq(groupMembers.role, 'leader') : undefined),
      );
    return rows.map((r) => r.groupId);
  }

  /** The opted-in rooms bound to the group's communities (and their grassroots grids), or to one of them. */
  async function targetRooms(tx: Db, groupId: number, gridId: number | null): Promise<string[]> {
    const parent = alias(grids, 'parent');
    const rows = await tx
      .select({ roomId: rooms.roomId })
      .from(rooms)
      .innerJoin(grids, eq(grids.id, rooms.gridId))
      .leftJoin(parent, eq(parent.id, grids.parentId))
      .where(
        and(
          eq(rooms.noticesOptIn, true),
          or(
            eq(grids.ownerGroupId, groupId),
            and(eq(grids.level, 'grassroots'), eq(parent.ownerGroupId, groupId)),
          ),
          gridId === null ? undefined : or(eq(grids.id, gridId), eq(grids.parentId, gridId)),
        ),
      )
      .orderBy(asc(rooms.roomId));
    return rows.map((r) => r.roomId);
  }

  async function deliveries(tx: Db, ids: number[]): Promise<Map<number, NoticeDeliveries>> {
    const counts = new Map<number, NoticeDeliveries>();
    for (const id of ids) counts.set(id, { rooms: 0, queued: 0, sent: 0, failed: 0 });
    if (ids.length === 0) return counts;
    const rows = await tx
      .select({ noticeId: outbox.noticeId, state: outbox.state, n: count() })
      .from(outbox)
      .where(inArray(outbox.noticeId, ids))
      .groupBy(outbox.noticeId, outbox.state);
    for (const r of rows) {
      const c = counts.get(r.noticeId!);
      if (!c) continue;
      const n = Number(r.n);
      c.rooms += n;
      if (r.state === 'sent') c.sent += n;
      else if (r.state === 'dead') c.failed += n;
      else c.queued += n;
    }
    return counts;
  }

  async function views(tx: Db, rows: NoticeRow[]) {
    const groupRows = rows.length
      ? await tx
          .select({ id: groups.id, code: groups.code, name: groups.name })
          .from(groups)
          .where(inArray(groups.id, [...new Set(rows.map((r) => r.groupId))]))
      : [];
    const gridIds = [...new Set(rows.map((r) => r.gridId).filter((g): g is number => g !== null))];
    const gridRows = gridIds.length
      ? await tx
          .select({ id: grids.id, code: grids.code, name: grids.name })
          .from(grids)
          .where(inArray(grids.id, gridIds))
      : [];
    const counts = await deliveries(
      tx,
      rows.map((r) => r.id),
    );
    return rows.map((r) => {
      const group = groupRows.find((g) => g.id === r.groupId)!;
      const grid = gridRows.find((g) => g.id === r.gridId);
      return {
        id: r.id,
        noticeNo: `TZ-${r.id}`,
        group: { code: group.code, name: group.name },
        grid: grid ? { code: grid.code, name: plainGridName(grid.name) } : null,
        text: r.text,
        source: r.source,
        lectureId: r.lectureId,
        legalDay: r.legalDay,
        state: r.state,
        draftedBy: r.draftedBy,
        approvedBy: r.approvedBy,
        approvedAt: toIsoShanghaiOrNull(r.approvedAt),
        createdAt: toIsoShanghai(r.createdAt),
        deliveries: counts.get(r.id)!,
      };
    });
  }

  async function byId(tx: Db, id: number, scope: CaseScope): Promise<NoticeRow> {
    const [row] = await tx.select().from(notices).where(eq(notices.id, id));
    if (!row || (scope !== 'all' && !scope.includes(row.groupId)))
      throw new NotFoundError(`notice TZ-${id} does not exist`);
    return row;
  }

  /** Which group a new notice is for: the lecture's, the named one, or the drafter's only group. */
  async function draftGroup(
    tx: Db,
    actor: CaseActor,
    input: NoticeDraftInput,
    lectureGroupId: number | null,
  ) {
    let groupId = lectureGroupId;
    if (input.groupCode !== undefined) {
      const [g] = await tx.select({ id: groups.id }).from(groups).where(eq(groups.code, input.groupCode));
      if (!g)
        throw new BadRequestError(`group ${input.groupCode} does not exist`, undefined, 'unknown_group');
      if (groupId !== null && g.id !== groupId)
        throw new BadRequestError('the lecture belongs to another group', undefined, 'group_mismatch');
      groupId = g.id;
    }
    if (groupId === null) {
      const mine = await groupIdsOf(tx, actor.personId);
      if (mine.length !== 1)
        throw new BadRequestError(
          'say which group the notice is for (groupCode)',
          undefined,
          'group_required',
        );
      groupId = mine[0]!;
    }
    const scope = await caseScope(tx, actor);
    if (scope !== 'all' && !scope.includes(groupId))
      throw new ForbiddenError("only the group's prosecutors may draft its notices");
    return groupId;
  }

  /** A community (or grassroots grid) of the group, by code. */
  async function draftGrid(tx: Db, groupId: number, gridCode: string | undefined): Promise<number | null> {
    if (gridCode === undefined) return null;
    const parent = alias(grids, 'parent');
    const [row] = await tx
      .select({ grid: grids, parentOwner: parent.ownerGroupId })
      .from(grids)
      .leftJoin(parent, eq(parent.id, grids.parentId))
      .where(eq(grids.code, gridCode.trim().toUpperCase()));
    if (!row) throw new BadRequestError(`grid ${gridCode} does not exist`, undefined, 'unknown_grid');
    const owner = row.grid.level === 'grassroots' ? row.parentOwner : row.grid.ownerGroupId;
    if (owner !== groupId)
      throw new BadRequestError(
        `grid ${gridCode} is not one of the group's communities`,
        undefined,
        'grid_not_in_group',
      );
    return row.grid.id;
  }

  function legalDayText(date: string, today: string): string {
    const d = /^(\d{4})-(\d{2})-(\d{2})$/u.exec(date);
    const day = d && LEGAL_DAYS.find((l) => l.month === Number(d[2]) && l.day === Number(d[3]));
    if (!day)
      throw new BadRequestError(`${date} is not a legal day of the calendar`, undefined, 'not_a_legal_day');
    if (date < today) throw new BadRequestError(`${date} has passed`, undefined, 'legal_day_passed');
    return noticeTexts.legalDay(date, day.name, day.topics);
  }

  return {
    /** Drafts a notice; the group's leader is asked in WeChat to approve it. */
    async draft(tx: Db, actor: CaseActor, input: NoticeDraftInput) {
      const text = input.text?.trim();
      if (input.text !== undefined && !text)
        throw new BadRequestError('text is empty', undefined, 'empty_text');
      if (text && text.length > NOTICE_TEXT_MAX)
        throw new BadRequestError(
          `text is longer than ${NOTICE_TEXT_MAX} characters`,
          undefined,
          'text_too_long',
        );
      if (input.legalDay !== undefined && input.lectureId !== undefined)
        throw new BadRequestError(
          'a notice is for a legal day or a lecture, not both',
          undefined,
          'one_source',
        );
      if (!text && input.legalDay === undefined && input.lectureId === undefined)
        throw new BadRequestError('give text, legalDay or lectureId', undefined, 'text_required');
      let lecture: typeof lectureRequests.$inferSelect | undefined;
      if (input.lectureId !== undefined) {
        [lecture] = await tx.select().from(lectureRequests).where(eq(lectureRequests.id, input.lectureId));
        const scope = await caseScope(tx, actor);
        if (!lecture || (scope !== 'all' && (lecture.groupId === null || !scope.includes(lecture.groupId))))
          throw new BadRequestError(
            `lecture request ${input.lectureId} does not exist`,
            undefined,
            'unknown_lecture',
          );
        if (lecture.state !== 'scheduled')
          throw new BadRequestError(
            `lecture request ${input.lectureId} is not scheduled yet`,
            undefined,
            'lecture_not_scheduled',
          );
      }
      const groupId = await draftGroup(tx, actor, input, lecture?.groupId ?? null);
      const gridId = (await draftGrid(tx, groupId, input.gridCode)) ?? null;
      const today = toShanghaiDate(deps.clock.now());
      const generated = lecture
        ? lectureAnnouncement(lecture)
        : input.legalDay !== undefined
          ? legalDayText(input.legalDay, today)
          : '';
      const now = deps.clock.now();
      const [row] = await tx
        .insert(notices)
        .values({
          groupId,
          gridId,
          text: text || generated,
          source: lecture ? 'lecture' : input.legalDay !== undefined ? 'legal_day' : 'manual',
          lectureId: lecture?.id ?? null,
          legalDay: input.legalDay ?? null,
          draftedById: actor.personId,
          draftedBy: actor.actor,
          createdAt: now,
        })
        .returning();
      await recordAudit(tx, {
        at: now,
        actor: actor.actor,
        action: 'notice.drafted',
        subject: `notice:${row!.id}`,
        data: { groupId, gridId, source: row!.source },
      });
      const leader = (await groupContacts(tx, groupId)).find((c) => c.role === 'leader' && c.wechatId);
      if (leader && leader.personId !== actor.personId) {
        const [grid] = gridId !== null ? await tx.select().from(grids).where(eq(grids.id, gridId)) : [];
        await deps.outbox.enqueue(tx, {
          dedupeKey: `notice:${row!.id}:ask-leader`,
          to: { kind: 'contact', id: leader.wechatId! },
          purpose: 'notice_approval',
          text: noticeTexts.askLeader(
            row!.id,
            grid ? plainGridName(grid.name) : '本组各社区',
            (await targetRooms(tx, groupId, gridId)).length,
            row!.text,
          ),
        });
      }
      return (await views(tx, [row!]))[0]!;
    },

    /**
     * Approves a draft (the group's leader, or the admin) and queues one copy per opted-in room, one room
     * every roomIntervalSeconds after the last notice copy still waiting, never in quiet hours.
     */
    async approve(tx: Db, actor: CaseActor, id: number) {
      // Another group's leader is refused outright (403): a notice is public, its number no secret.
      const row = await byId(tx, id, 'all');
      if (actor.role !== 'admin' && !(await groupIdsOf(tx, actor.personId, true)).includes(row.groupId))
        throw new ForbiddenError(`only the leader of the group may approve notice TZ-${id}`);
      if (row.state !== 'draft')
        throw new ConflictError(`notice TZ-${id} is ${row.state}`, 'notice_not_draft');
      const now = deps.clock.now();
      const [approved] = await tx
        .update(notices)
        .set({ state: 'approved', approvedBy: actor.actor, approvedAt: now })
        .where(and(eq(notices.id, id), eq(notices.state, 'draft')))
        .returning();
      if (!approved) throw new ConflictError(`notice TZ-${id} was approved meanwhile`, 'notice_not_draft');
      const targets = await targetRooms(tx, row.groupId, row.gridId);
      // One approval at a time reads the last slot and takes the next ones (until this transaction ends).
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext('jianwang.notice.pacing'))`);
      // After the copies of earlier notices still waiting, so two notices approved together are not sent at once.
      const [last] = await tx
        .select({ at: max(outbox.availableAt) })
        .from(outbox)
        .where(and(isNotNull(outbox.noticeId), inArray(outbox.state, ['pending', 'leased'])));
      const gapMs = deps.roomIntervalSeconds * 1000;
      const window = deps.nextPushWindowStart(now).getTime();
      const start = Math.max(window, last?.at ? last.at.getTime() + gapMs : window);
      await deps.outbox.enqueueMany(
        tx,
        targets.map((roomId, i) => ({
          dedupeKey: `notice:${id}:room:${roomId}`,
          to: { kind: 'room' as const, id: roomId },
          purpose: 'notice',
          noticeId: id,
          text: approved.text,
          availableAt: new Date(start + i * gapMs),
        })),
      );
      await recordAudit(tx, {
        at: now,
        actor: actor.actor,
        action: 'notice.approved',
        subject: `notice:${id}`,
        data: { rooms: targets.length },
      });
      const [view] = await views(tx, [approved]);
      return {
        ...view!,
        firstAt: new Date(start),
        lastAt: new Date(start + Math.max(0, targets.length - 1) * gapMs),
      };
    },

    async get(tx: Db, id: number, scope: CaseScope) {
      return (await views(tx, [await byId(tx, id, scope)]))[0]!;
    },

    async list(tx: Db, scope: CaseScope, filter: { state?: (typeof NOTICE_STATES)[number] | undefined }) {
      const rows = await tx
        .select()
        .from(notices)
        .where(
          and(
            scope === 'all' ? undefined : scope.length ? inArray(notices.groupId, scope) : sql`false`,
            filter.state ? eq(notices.state, filter.state) : undefined,
          ),
        )
        .orderBy(desc(notices.createdAt), desc(notices.id))
        .limit(200);
      return views(tx, rows);
    },

    /** The groups the person belongs to (a WeChat draft needs exactly one). */
    groupIdsOf,

    /** How many opted-in rooms a notice of the group (for one community, or all) would go to. */
    async roomCount(tx: Db, groupId: number, gridId: number | null): Promise<number> {
      return (await targetRooms(tx, groupId, gridId)).length;
    },
  };
}

export type Notices = ReturnType<typeof createNotices>;
