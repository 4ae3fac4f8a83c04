// Early warning: finds communities with several clues of one category lately and proposes a meeting to the leader.
import { and, desc, eq, gte, inArray, lt, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/create-db.js';
import { cases, earlyWarnings, grids, groups, type MeetingKind, meetings } from '../../db/schema/index.js';
import { categoryLabel } from '../cases/case-labels.js';
import type { Clock } from '../clock.js';
import { BadRequestError } from '../http/domain-errors.js';
import { toIsoShanghai } from '../http/time-format.js';
import type { OutboxService } from '../outbox/outbox-service.js';
import { recordAudit } from '../registry/registry-audit.js';
import { groupContacts, plainGridName, reachable } from '../routing/grid-lookup.js';
import { EARLY_WARNING } from './early-warning-rules.js';

interface Cluster {
  communityId: number;
  community: string;
  category: string;
  clueCount: number;
  windowStart: Date;
  groupId: number | null;
  caseNos: string[];
}

/** One community and category over the threshold, as the clustering query returns it. */
interface ClusterRow {
  community_id: number;
  community: string;
  category: string;
  clue_count: number;
  window_start: string | Date;
  group_id: number | null;
  case_nos: string[];
}

export function createEarlyWarningService(deps: { clock: Clock; outbox: OutboxService }) {
  /** Clues by community (a grassroots grid counts for its community) and category in the window. */
  async function clusters(tx: Db, now: Date): Promise<Cluster[]> {
    const since = new Date(now.getTime() - EARLY_WARNING.days * 86_400_000);
    const rows = await tx.execute(sql`
      with recent as (
        select c.case_no, c.category, c.received_at,
               case when g.level = 'grassroots' then g.parent_id else g.id end as community_id
        from ${cases} c join ${grids} g on g.id = c.grid_id
        where c.kind = 'clue' and c.category is not null and c.category <> 'other'
          and c.received_at >= ${since.toISOString()}::timestamptz and c.received_at <= ${now.toISOString()}::timestamptz
      )
      select r.community_id, cg.name as community, r.category, count(*)::int as clue_count,
             min(r.received_at) as window_start, cg.owner_group_id as group_id,
             array_agg(r.case_no order by r.received_at) as case_nos
      from recent r join ${grids} cg on cg.id = r.community_id
      group by r.community_id, cg.name, r.category, cg.owner_group_id
      having count(*) >= ${EARLY_WARNING.clues}
    `);
    // PGlite returns { rows }, postgres.js the rows themselves.
    const list = (Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows) as ClusterRow[];
    return list.map((r) => ({
      communityId: r.community_id,
      community: plainGridName(r.community),
      category: r.category,
      clueCount: r.clue_count,
      windowStart: new Date(r.window_start),
      groupId: r.group_id,
      caseNos: r.case_nos,
    }));
  }

  return {
    /**
     * Proposes a meeting for each new cluster, at most once per community and category within the window: the
     * warning row is the mark, written in the same transaction as the leader's message.
     */
    async scan(tx: Db, now: Date): Promise<{ proposed: number }> {
      let proposed = 0;
      const since = new Date(now.getTime() - EARLY_WARNING.days * 86_400_000);
      for (const c of await clusters(tx, now)) {
        const [recent] = await tx
          .select({ id: earlyWarnings.id })
          .from(earlyWarnings)
          .where(
            and(
              eq(earlyWarnings.gridId, c.communityId),
              eq(earlyWarnings.category, c.category),
              gte(earlyWarnings.proposedAt, since),
            ),
          )
          .limit(1);
        if (recent) continue;
        const [warning] = await tx
          .insert(earlyWarnings)
          .values({
            gridId: c.communityId,
            category: c.category,
            groupId: c.groupId,
            clueCount: c.clueCount,
            windowStart: c.windowStart,
            proposedAt: now,
          })
          .returning({ id: earlyWarnings.id });
        proposed += 1;
        if (c.groupId === null) continue;
        const contacts = await groupContacts(tx, c.groupId);
        const leader = reachable(contacts, 'leader', 'liaison');
        if (!leader) continue;
        await deps.outbox.enqueue(tx, {
          dedupeKey: `early-warning:${warning!.id}`,
          to: { kind: 'contact', id: leader.wechatId },
          purpose: 'early_warning',
          text: [
            `【预警】${c.community}近${EARLY_WARNING.days}日收到${c.clueCount}条${categoryLabel(c.category) ?? c.category}线索：${c.caseNos.join('、')}。`,
            '建议召开圆桌会议，会同社区、网格员和相关部门研究处置；会议情况请交办公室登记。',
          ].join('\n'),
        });
      }
      return { proposed };
    },

    async warnings(tx: Db, range: { from: Date; to: Date }) {
      const rows = await tx
        .select({
          id: earlyWarnings.id,
          community: grids.name,
          communityCode: grids.code,
          category: earlyWarnings.category,
          clueCount: earlyWarnings.clueCount,
          windowStart: earlyWarnings.windowStart,
          proposedAt: earlyWarnings.proposedAt,
          groupCode: groups.code,
        })
        .from(earlyWarnings)
        .innerJoin(grids, eq(grids.id, earlyWarnings.gridId))
        .leftJoin(groups, eq(groups.id, earlyWarnings.groupId))
        .where(and(gte(earlyWarnings.proposedAt, range.from), lt(earlyWarnings.proposedAt, range.to)))
        .orderBy(desc(earlyWarnings.proposedAt));
      const held = rows.length
        ? await tx
            .select({ warningId: meetings.warningId, heldOn: meetings.heldOn })
            .from(meetings)
            .where(
              inArray(
                meetings.warningId,
                rows.map((r) => r.id),
              ),
            )
        : [];
      return rows.map((r) => ({
        id: r.id,
        community: plainGridName(r.community),
        communityCode: r.communityCode,
        category: r.category,
        clueCount: r.clueCount,
        windowStart: toIsoShanghai(r.windowStart),
        proposedAt: toIsoShanghai(r.proposedAt),
        groupCode: r.groupCode,
        meetingHeldOn: held.find((m) => m.warningId === r.id)?.heldOn ?? null,
      }));
    },

    async recordMeeting(
      tx: Db,
      input: {
        kind: MeetingKind;
        heldOn: string;
        attendees: string;
        outcome: string;
        communityCode?: string;
        groupCode?: string;
        warningId?: number;
      },
      actor: string,
    ) {
      const [community] = input.communityCode
        ? await tx.select({ id: grids.id }).from(grids).where(eq(grids.code, input.communityCode))
        : [];
      if (input.communityCode && !community)
        throw new BadRequestError(`unknown community ${input.communityCode}`);
      const [group] = input.groupCode
        ? await tx.select({ id: groups.id }).from(groups).where(eq(groups.code, input.groupCode))
        : [];
      if (input.groupCode && !group) throw new BadRequestError(`unknown group ${input.groupCode}`);
      const [warning] = input.warningId
        ? await tx.select().from(earlyWarnings).where(eq(earlyWarnings.id, input.warningId))
        : [];
      if (input.warningId && !warning) throw new BadRequestError(`unknown early warning ${input.warningId}`);
      if (input.heldOn > new Date(deps.clock.now().getTime() + 8 * 3600_000).toISOString().slice(0, 10))
        throw new BadRequestError('heldOn is in the future: record a meeting once it has been held');
      const [row] = await tx
        .insert(meetings)
        .values({
          kind: input.kind,
          heldOn: input.heldOn,
          attendees: input.attendees,
          outcome: input.outcome,
          gridId: community?.id ?? warning?.gridId ?? null,
          groupId: group?.id ?? warning?.groupId ?? null,
          warningId: warning?.id ?? null,
          createdBy: actor,
          createdAt: deps.clock.now(),
        })
        .returning();
      await recordAudit(tx, {
        at: deps.clock.now(),
        actor,
        action: 'meeting_recorded',
        subject: `meeting:${row!.id}`,
        data: { kind: input.kind, warningId: warning?.id ?? null },
      });
      return {
        id: row!.id,
        kind: row!.kind,
        heldOn: row!.heldOn,
        attendees: row!.attendees,
        outcome: row!.outcome,
        warningId: row!.warningId,
      };
    },

    async meetingsIn(tx: Db, range: { from: string; to: string }) {
      const where: SQL[] = [gte(meetings.heldOn, range.from), lt(meetings.heldOn, range.to)];
      return tx
        .select({
          id: meetings.id,
          kind: meetings.kind,
          heldOn: meetings.heldOn,
          attendees: meetings.attendees,
          outcome: meetings.outcome,
          warningId: meetings.warningId,
          communityCode: grids.code,
        })
        .from(meetings)
        .leftJoin(grids, eq(grids.id, meetings.gridId))
        .where(and(...where))
        .orderBy(desc(meetings.heldOn));
    },
  };
}

export type EarlyWarningService = ReturnType<typeof createEarlyWarningService>;
