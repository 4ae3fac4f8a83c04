// Lecture requests (想请检察官来社区讲讲反诈): recorded with community and topic, scheduled by the group, room told.
import { and, asc, desc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/create-db.js';
import { grids, lectureRequests, people, rooms } from '../../db/schema/index.js';
import type { CaseScope } from '../auth/case-scope.js';
import type { Clock } from '../clock.js';
import { toShanghaiDate } from '../deadlines/shanghai-time.js';
import { BadRequestError, ConflictError, NotFoundError } from '../http/domain-errors.js';
import { toIsoShanghai, toIsoShanghaiOrNull } from '../http/time-format.js';
import type { PersonRow } from '../messages/contact-resolver.js';
import type { OutboxService } from '../outbox/outbox-service.js';
import { findDutyGroupId, groupContacts, plainGridName, reachable } from '../routing/grid-lookup.js';
import { resolvePlaceName } from '../routing/place-resolver.js';
import { upcomingLegalDays } from './legal-days.js';

// Asking for a lecture, as residents and grid members put it; a question about a lecture's law is not one.
const REQUEST =
  /(?:请|邀请|想请|希望|能不能|能否|可以).{0,10}(?:检察官|检察院|你们).{0,12}(?:讲讲|讲一讲|讲一下|宣讲|讲座|普法|上课)|(?:安排|来).{0,6}(?:普法|法治)讲座/u;
const TOPIC = /(?:讲讲|讲一讲|讲一下|宣讲|讲座|普法|上课)[，,：:\s]*(?:关于|一下)?([^，,。！!？?\s]{2,16})/u;
const PREFERRED =
  /((?:下周|本周|这周|下个月|月底|周末|\d{1,2}月\d{1,2}[日号]?|星期[一二三四五六日天]|周[一二三四五六日])[^，,。！!？?]{0,8})/u;

export const lectureTexts = {
  received: (id: number, topic: string, community: string, hint: string) =>
    `已收到讲座邀请（编号 JZ-${id}）：${community}，主题“${topic}”。检察官将与您商定时间和主讲人，安排好后在这里告知。${hint}`,
  legalDayHint: (name: string, date: string, topics: string[]) =>
    `\n近期有${Number(date.slice(5, 7))}月${Number(date.slice(8))}日${name}，可结合“${topics[0]}”一并宣讲。`,
  toGroup: (id: number, topic: string, community: string, preferred: string | null) =>
    `【讲座邀请】JZ-${id} ${community} 主题：${topic}${preferred ? `；希望时间：${preferred}` : ''}。请与邀请方联系，安排时间和主讲人后在控制台或接口登记（POST /v1/lectures/${id}/schedule）。`,
  scheduled: (topic: string, at: string, place: string, speaker: string) =>
    `【普法讲座】“${topic}”定于${at}在${place}举行，主讲：${speaker}。欢迎居民参加。`,
};

/** The announcement of a scheduled lecture, as the rooms and the requester read it. */
export function lectureAnnouncement(row: {
  topic: string;
  scheduledAt: Date | null;
  place: string | null;
  speaker: string | null;
}): string {
  const at = new Intl.DateTimeFormat('zh-CN', {
    timeZone: 'Asia/Shanghai',
    month: 'long',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(row.scheduledAt ?? new Date(0));
  return lectureTexts.scheduled(row.topic, at, row.place ?? '', row.speaker ?? '');
}

export function isLectureRequest(text: string): boolean {
  return REQUEST.test(text);
}

export function createLectureRequests(deps: { clock: Clock; outbox: OutboxService }) {
  async function byId(tx: Db, id: number, scope: CaseScope) {
    const [row] = await tx.select().from(lectureRequests).where(eq(lectureRequests.id, id));
    if (!row || (scope !== 'all' && (row.groupId === null || !scope.includes(row.groupId))))
      throw new NotFoundError(`lecture request ${id} does not exist`);
    return row;
  }

  return {
    /** Records the request and tells the community's group; returns the reply to the requester. */
    async request(
      tx: Db,
      input: {
        text: string;
        person: PersonRow;
        roomGridId: number | null;
        roomId: string | null;
        place?: string | undefined;
      },
    ): Promise<string> {
      let gridId = input.roomGridId ?? (input.person.role !== 'resident' ? input.person.gridId : null);
      if (gridId === null && input.place) {
        const resolved = await resolvePlaceName(tx, input.place);
        if (resolved.kind === 'one') gridId = resolved.place.id;
      }
      if (gridId === null) gridId = input.person.gridId;
      const [grid] = gridId !== null ? await tx.select().from(grids).where(eq(grids.id, gridId)) : [];
      const [owner] = grid
        ? await tx
            .select({ ownerGroupId: grids.ownerGroupId })
            .from(grids)
            .where(
              eq(grids.id, grid.level === 'grassroots' && grid.parentId !== null ? grid.parentId : grid.id),
            )
        : [];
      const groupId = owner?.ownerGroupId ?? (await findDutyGroupId(tx));
      const topic = TOPIC.exec(input.text)?.[1]?.replace(/^(?:关于)/u, '') ?? '普法';
      const preferred = PREFERRED.exec(input.text)?.[1] ?? null;
      const [row] = await tx
        .insert(lectureRequests)
        .values({
          gridId: grid?.id ?? null,
          groupId,
          topic,
          preferred,
          requesterId: input.person.id,
          roomId: input.roomId,
          createdAt: deps.clock.now(),
        })
        .returning();
      const community = grid ? plainGridName(grid.name) : '（社区待确认）';
      if (groupId !== null) {
        const contacts = await groupContacts(tx, groupId);
        const liaison = reachable(contacts, 'liaison', 'leader');
        if (liaison)
          await deps.outbox.enqueue(tx, {
            dedupeKey: `lecture:${row!.id}:request`,
            to: { kind: 'contact', id: liaison.wechatId },
            purpose: 'lecture_request',
            text: lectureTexts.toGroup(row!.id, topic, community, preferred),
          });
      }
      const [day] = upcomingLegalDays(toShanghaiDate(deps.clock.now()), 30);
      const hint = day ? lectureTexts.legalDayHint(day.name, day.date, day.topics) : '';
      return lectureTexts.received(row!.id, topic, community, hint);
    },

    async schedule(
      tx: Db,
      id: number,
      input: { scheduledAt: Date; speaker: string; place: string },
      scope: CaseScope,
    ) {
      const row = await byId(tx, id, scope);
      if (row.state === 'cancelled') throw new ConflictError(`lecture request ${id} was cancelled`);
      if (input.scheduledAt < deps.clock.now()) throw new BadRequestError('scheduledAt is in the past');
      const [updated] = await tx
        .update(lectureRequests)
        .set({
          state: 'scheduled',
          scheduledAt: input.scheduledAt,
          speaker: input.speaker,
          place: input.place,
        })
        .where(eq(lectureRequests.id, id))
        .returning();
      const text = lectureAnnouncement(updated!);
      // The requester is told: in the room they asked in, or privately (the bot can only write privately to
      // its contacts, so a room request is answered in the room). The community's bound rooms get it too,
      // unless one of them unsubscribed (退订普法). A new time is a new announcement.
      const recipients = new Map<string, { kind: 'contact' | 'room'; id: string }>();
      const requester = row.roomId
        ? { kind: 'room' as const, id: row.roomId }
        : await requesterContact(tx, row.requesterId);
      if (requester) recipients.set(`${requester.kind}:${requester.id}`, requester);
      if (row.gridId !== null) {
        const bound = await tx
          .select({ roomId: rooms.roomId })
          .from(rooms)
          .where(
            and(eq(rooms.gridId, row.gridId), or(eq(rooms.noticesOptIn, true), isNull(rooms.noticesOptedAt))),
          )
          .orderBy(asc(rooms.roomId));
        for (const r of bound) recipients.set(`room:${r.roomId}`, { kind: 'room', id: r.roomId });
      }
      const queued = await deps.outbox.enqueueMany(
        tx,
        [...recipients.values()].map((to) => ({
          dedupeKey: `lecture:${id}:scheduled:${input.scheduledAt.toISOString()}:${to.kind}:${to.id}`,
          to,
          purpose: 'lecture_scheduled',
          text,
        })),
      );
      return { ...view(updated!), announcedTo: queued.size };
    },

    async list(tx: Db, scope: CaseScope) {
      const rows = await tx
        .select()
        .from(lectureRequests)
        .where(
          scope === 'all' ? undefined : scope.length ? inArray(lectureRequests.groupId, scope) : sql`false`,
        )
        .orderBy(desc(lectureRequests.createdAt))
        .limit(200);
      return rows.map(view);
    },
  };
}

async function requesterContact(tx: Db, personId: number | null) {
  if (personId === null) return null;
  const [row] = await tx.select({ wechatId: people.wechatId }).from(people).where(eq(people.id, personId));
  return row?.wechatId ? { kind: 'contact' as const, id: row.wechatId } : null;
}

function view(row: typeof lectureRequests.$inferSelect) {
  return {
    id: row.id,
    topic: row.topic,
    preferred: row.preferred,
    state: row.state,
    scheduledAt: toIsoShanghaiOrNull(row.scheduledAt),
    speaker: row.speaker,
    place: row.place,
    inRoom: row.roomId !== null,
    createdAt: toIsoShanghai(row.createdAt),
  };
}

export type LectureRequests = ReturnType<typeof createLectureRequests>;
