// WeChat for notices: a prosecutor's `起草通知 正文`, a leader's `批准 通知 TZ-n`, a room's `订阅普法` / `退订普法`.
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/create-db.js';
import { grids, groupMembers } from '../../db/schema/index.js';
import type { CaseActor } from '../auth/case-scope.js';
import type { Clock } from '../clock.js';
import { toShanghaiDate } from '../deadlines/shanghai-time.js';
import { AppError } from '../http/domain-errors.js';
import type { PersonRow } from '../messages/contact-resolver.js';
import type { CommandContext, CommandHandler } from '../messages/message-service.js';
import { setRoomNoticesOptIn } from '../registry/rooms-service.js';
import { upcomingLegalDays } from './legal-days.js';
import { NOTICE_TEXT_MAX, type Notices } from './notices.js';

const DRAFT = /^\s*起草通知(?:$|[\s:：,，]+)(.*)$/su;
const APPROVE = /^\s*批准\s*通知(?:$|[\s:：,，]+)(.*)$/su;
const LEGAL_DAY_WORD = /^普法日[。.]?$/u;
const NUMBER = /^\s*TZ-?(\d{1,9})\s*[。.]?\s*$/iu;
/** In a bound room: the room subscribes to or unsubscribes from the office's 普法 notices. */
export const ROOM_SUBSCRIPTION = /^\s*(订阅普法|退订普法)(?:通知)?\s*[。.!！]?\s*$/u;

export const noticeCommandTexts = {
  draftUsage: `起草普法通知请发送：起草通知 通知正文（不超过 ${NOTICE_TEXT_MAX} 字），或“起草通知 普法日”（按下一个法治宣传日生成），经组长批准后发往已订阅的群。`,
  noLegalDay: '60 天内没有法治宣传日，请写出通知正文：起草通知 通知正文',
  approveUsage: '批准通知请发送：批准 通知 TZ-编号，例如：批准 通知 TZ-3',
  noGroup: '您不在任何检察官小组中，无法起草通知。',
  manyGroups: '您在多个小组中，请在控制台或接口（POST /v1/notices，写明 groupCode）起草通知。',
  drafted: (no: string, rooms: number) =>
    `已起草通知 ${no}，已请组长批准；批准后发往本组已订阅普法通知的群（目前 ${rooms} 个）。`,
  notFound: (no: string) => `没有找到通知 ${no}。`,
  notLeader: (no: string) => `只有本组组长可以批准通知 ${no}。`,
  notDraft: (no: string) => `通知 ${no} 已经批准过，不会重复发送。`,
  approved: (no: string, rooms: number, minutes: number) =>
    rooms === 0
      ? `已批准通知 ${no}。目前本组没有已订阅普法通知的群，没有发出。`
      : `已批准通知 ${no}，将依次发往 ${rooms} 个已订阅普法通知的群${minutes > 0 ? `，约 ${minutes} 分钟内发完` : ''}。发送情况可在控制台查看。`,
  subscribed:
    '本群已订阅普法通知：检察院的普法通知经检察官小组组长批准后会发到本群。不想再收，请发送“退订普法”。',
  unsubscribed: '本群已退订普法通知，之后不再收到。需要时发送“订阅普法”可重新订阅。',
  subscriptionRefused: '只有本群所绑定社区的网格员或负责该社区的检察官，可以为本群订阅或退订普法通知。',
};

function actorOf(person: PersonRow): CaseActor {
  return { role: 'prosecutor', personId: person.id, actor: `wechat:${person.id}` };
}

export function createNoticeCommands(deps: { notices: Notices; clock: Clock }): CommandHandler {
  return {
    async handle(tx: Db, ctx: CommandContext): Promise<string | null> {
      const draft = DRAFT.exec(ctx.text);
      if (draft) {
        const text = (draft[1] ?? '').trim();
        if (!text || text.length > NOTICE_TEXT_MAX) return noticeCommandTexts.draftUsage;
        const mine = await deps.notices.groupIdsOf(tx, ctx.person.id);
        if (mine.length === 0) return noticeCommandTexts.noGroup;
        if (mine.length > 1) return noticeCommandTexts.manyGroups;
        // 起草通知 普法日: the next legal day's notice, written from the calendar.
        let input: { text: string } | { legalDay: string } = { text };
        if (LEGAL_DAY_WORD.test(text)) {
          const [day] = upcomingLegalDays(toShanghaiDate(ctx.receivedAt), 60);
          if (!day) return noticeCommandTexts.noLegalDay;
          input = { legalDay: day.date };
        }
        const view = await deps.notices.draft(tx, actorOf(ctx.person), input);
        return noticeCommandTexts.drafted(view.noticeNo, await deps.notices.roomCount(tx, mine[0]!, null));
      }
      const approve = APPROVE.exec(ctx.text);
      if (!approve) return null;
      const no = NUMBER.exec(approve[1] ?? '');
      if (!no) return noticeCommandTexts.approveUsage;
      const id = Number(no[1]);
      const label = `TZ-${id}`;
      try {
        const done = await deps.notices.approve(tx, actorOf(ctx.person), id);
        const minutes = Math.ceil((done.lastAt.getTime() - deps.clock.now().getTime()) / 60_000);
        return noticeCommandTexts.approved(label, done.deliveries.rooms, minutes);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        if (error.statusCode === 404) return noticeCommandTexts.notFound(label);
        if (error.statusCode === 403) return noticeCommandTexts.notLeader(label);
        if (error.statusCode === 409) return noticeCommandTexts.notDraft(label);
        throw error;
      }
    },
  };
}

/**
 * `订阅普法` / `退订普法` in a bound room: by a grid member of the room's grid (or of its community or one of
 * its grassroots grids), or a prosecutor of the group that owns the community. Returns the reply.
 */
export async function roomSubscription(
  tx: Db,
  input: { person: PersonRow; roomId: string; roomGridId: number; subscribe: boolean; at: Date },
): Promise<string> {
  const [grid] = await tx.select().from(grids).where(eq(grids.id, input.roomGridId));
  if (!grid) return noticeCommandTexts.subscriptionRefused;
  const communityId = grid.level === 'grassroots' && grid.parentId !== null ? grid.parentId : grid.id;
  const [community] = await tx.select().from(grids).where(eq(grids.id, communityId));
  let allowed = false;
  if (input.person.role === 'grid_member' && input.person.gridId !== null) {
    const [own] = await tx.select().from(grids).where(eq(grids.id, input.person.gridId));
    allowed = own !== undefined && (own.id === communityId || own.parentId === communityId);
  } else if (input.person.role === 'prosecutor' && community?.ownerGroupId != null) {
    const memberships = await tx
      .select({ groupId: groupMembers.groupId })
      .from(groupMembers)
      .where(eq(groupMembers.personId, input.person.id));
    allowed = memberships.some((m) => m.groupId === community.ownerGroupId);
  }
  if (!allowed) return noticeCommandTexts.subscriptionRefused;
  await setRoomNoticesOptIn(tx, {
    roomId: input.roomId,
    optIn: input.subscribe,
    actor: `wechat:${input.person.id}`,
    at: input.at,
  });
  return input.subscribe ? noticeCommandTexts.subscribed : noticeCommandTexts.unsubscribed;
}
