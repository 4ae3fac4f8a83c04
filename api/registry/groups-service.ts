// Prosecutor groups for the office: leaders and liaisons, members, the duty group, community ownership.
import { and, asc, count, eq, inArray, ne, notInArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/create-db.js';
import {
  type GroupFunction,
  type GroupMemberRole,
  grids,
  groupMembers,
  groups,
  people,
} from '../../db/schema/index.js';
import type { Clock } from '../clock.js';
import { BadRequestError, ConflictError, NotFoundError } from '../http/domain-errors.js';
import { toIsoShanghai } from '../http/time-format.js';
import { seatProblems } from './group-seats.js';
import { recordAudit } from './registry-audit.js';

type GroupRow = typeof groups.$inferSelect;
type PersonRef = { code: string | null; name: string; wechatId: string | null };

export interface GroupChanges {
  name?: string;
  leaderCode?: string;
  liaisonCode?: string;
  duty?: boolean;
  function?: GroupFunction;
}

export interface NewGroup extends GroupChanges {
  code: string;
  name: string;
}

export function createGroupService(deps: { db: Db; clock: Clock }) {
  const { db } = deps;

  async function requireGroup(tx: Db, code: string): Promise<GroupRow> {
    const [row] = await tx.select().from(groups).where(eq(groups.code, code));
    if (!row) throw new NotFoundError(`group ${code} does not exist`);
    return row;
  }

  async function requireProsecutor(tx: Db, code: string, as: string) {
    const [person] = await tx.select().from(people).where(eq(people.code, code));
    if (!person)
      throw new BadRequestError(`${as} ${code} is not a known person`, undefined, 'unknown_person');
    if (person.role !== 'prosecutor')
      throw new BadRequestError(
        `${as} ${code} is a ${person.role}, not a prosecutor`,
        undefined,
        'not_prosecutor',
      );
    return person;
  }

  async function roleHolders(tx: Db, groupIds: number[]) {
    if (groupIds.length === 0) return [];
    return tx
      .select({
        groupId: groupMembers.groupId,
        role: groupMembers.role,
        personId: people.id,
        code: people.code,
        name: people.name,
        wechatId: people.wechatId,
      })
      .from(groupMembers)
      .innerJoin(people, eq(people.id, groupMembers.personId))
      .where(inArray(groupMembers.groupId, groupIds))
      .orderBy(asc(people.code), asc(people.id));
  }

  /** Gives `personId` the leader or liaison seat; whoever held it stays in the group as a member. */
  async function seat(tx: Db, groupId: number, role: Exclude<GroupMemberRole, 'member'>, personId: number) {
    await tx
      .update(groupMembers)
      .set({ role: 'member' })
      .where(
        and(
          eq(groupMembers.groupId, groupId),
          eq(groupMembers.role, role),
          ne(groupMembers.personId, personId),
        ),
      );
    await tx
      .insert(groupMembers)
      .values({ groupId, personId, role })
      .onConflictDoUpdate({ target: [groupMembers.groupId, groupMembers.personId], set: { role } });
  }

  /** One statement flips every row, so two concurrent changes still leave exactly one duty group. */
  async function makeDuty(tx: Db, groupId: number) {
    await tx.update(groups).set({ duty: sql`${groups.id} = ${groupId}` });
  }

  async function applyChanges(tx: Db, group: GroupRow, changes: GroupChanges, actor: string) {
    const holders = await roleHolders(tx, [group.id]);
    const current = (role: GroupMemberRole) => holders.find((h) => h.role === role);
    const leader = changes.leaderCode ? await requireProsecutor(tx, changes.leaderCode, 'leader') : undefined;
    const liaison = changes.liaisonCode
      ? await requireProsecutor(tx, changes.liaisonCode, 'liaison')
      : undefined;
    const codeOf = new Map([...holders.map((h) => [h.personId, h.code] as const)]);
    const [problem] = seatProblems(
      { leader: current('leader')?.personId ?? null, liaison: current('liaison')?.personId ?? null },
      { leader: leader?.id ?? null, liaison: liaison?.id ?? null },
      (id) => codeOf.get(id) ?? `person ${id}`,
      { group: group.code, sameChange: 'request' },
    );
    if (problem) throw new BadRequestError(problem.message, undefined, problem.code);
    if (changes.duty === false && group.duty)
      throw new ConflictError(
        `${group.code} is the duty group; make another group the duty group instead`,
        'duty_group_required',
      );

    if (changes.name !== undefined && changes.name !== group.name)
      await tx.update(groups).set({ name: changes.name }).where(eq(groups.id, group.id));
    if (changes.function !== undefined && changes.function !== group.function)
      await tx.update(groups).set({ function: changes.function }).where(eq(groups.id, group.id));
    if (leader) await seat(tx, group.id, 'leader', leader.id);
    if (liaison) await seat(tx, group.id, 'liaison', liaison.id);
    if (changes.duty === true && !group.duty) await makeDuty(tx, group.id);
    await recordAudit(tx, {
      at: deps.clock.now(),
      actor,
      action: 'group.updated',
      subject: `group:${group.code}`,
      data: { ...changes },
    });
  }

  async function summaries(tx: Db, rows: GroupRow[]) {
    const ids = rows.map((g) => g.id);
    const [holders, owned] = await Promise.all([
      roleHolders(tx, ids),
      ids.length === 0
        ? []
        : tx
            .select({ groupId: grids.ownerGroupId, n: count() })
            .from(grids)
            .where(and(inArray(grids.ownerGroupId, ids), eq(grids.level, 'community')))
            .groupBy(grids.ownerGroupId),
    ]);
    const ref = (groupId: number, role: GroupMemberRole): PersonRef | null => {
      const h = holders.find((x) => x.groupId === groupId && x.role === role);
      return h ? { code: h.code, name: h.name, wechatId: h.wechatId } : null;
    };
    return rows.map((g) => ({
      code: g.code,
      name: g.name,
      demo: g.demo,
      duty: g.duty,
      function: g.function,
      leader: ref(g.id, 'leader'),
      liaison: ref(g.id, 'liaison'),
      memberCount: holders.filter((h) => h.groupId === g.id).length,
      communityCount: Number(owned.find((o) => o.groupId === g.id)?.n ?? 0),
      createdAt: toIsoShanghai(g.createdAt),
    }));
  }

  async function detail(tx: Db, code: string) {
    const group = await requireGroup(tx, code);
    const [summary] = await summaries(tx, [group]);
    const members = (await roleHolders(tx, [group.id])).map((m) => ({
      code: m.code,
      name: m.name,
      wechatId: m.wechatId,
      role: m.role,
    }));
    const communities = await tx
      .select({ code: grids.code, name: grids.name })
      .from(grids)
      .where(and(eq(grids.ownerGroupId, group.id), eq(grids.level, 'community')))
      .orderBy(asc(grids.code));
    return { ...summary!, members, communities };
  }

  return {
    async list(page: { limit: number; offset: number }) {
      const [rows, [total]] = await Promise.all([
        db.select().from(groups).orderBy(asc(groups.code)).limit(page.limit).offset(page.offset),
        db.select({ n: count() }).from(groups),
      ]);
      return { items: await summaries(db, rows), total: Number(total?.n ?? 0) };
    },

    get: (code: string) => detail(db, code),

    async create(input: NewGroup, actor: string) {
      return db.transaction(async (tx) => {
        const [created] = await tx
          .insert(groups)
          .values({ code: input.code, name: input.name, demo: false, duty: false })
          .onConflictDoNothing({ target: groups.code })
          .returning();
        if (!created) throw new ConflictError(`group ${input.code} already exists`, 'group_exists');
        await recordAudit(tx, {
          at: deps.clock.now(),
          actor,
          action: 'group.created',
          subject: `group:${created.code}`,
        });
        const { name: _name, ...rest } = input;
        await applyChanges(tx, created, rest, actor);
        return detail(tx, created.code);
      });
    },

    async update(code: string, changes: GroupChanges, actor: string) {
      return db.transaction(async (tx) => {
        await applyChanges(tx, await requireGroup(tx, code), changes, actor);
        return detail(tx, code);
      });
    },

    /** Sets exactly which community grids the group owns; communities of other groups move here. */
    async setCommunities(code: string, communityCodes: string[], actor: string) {
      return db.transaction(async (tx) => {
        const group = await requireGroup(tx, code);
        const wanted = [...new Set(communityCodes)];
        const found =
          wanted.length === 0
            ? []
            : await tx
                .select({
                  id: grids.id,
                  code: grids.code,
                  level: grids.level,
                  ownerId: grids.ownerGroupId,
                  ownerCode: groups.code,
                })
                .from(grids)
                .leftJoin(groups, eq(groups.id, grids.ownerGroupId))
                .where(inArray(grids.code, wanted));
        const unknown = wanted.filter((c) => !found.some((f) => f.code === c));
        if (unknown.length > 0)
          throw new BadRequestError(
            `unknown grid code(s): ${unknown.join(', ')}`,
            { unknown },
            'unknown_grid',
          );
        const notCommunity = found.filter((f) => f.level !== 'community').map((f) => f.code);
        if (notCommunity.length > 0)
          throw new BadRequestError(
            `only community grids are owned by a group: ${notCommunity.join(', ')}`,
            { notCommunity },
            'not_community',
          );

        const released = await tx
          .update(grids)
          .set({ ownerGroupId: null })
          .where(
            and(
              eq(grids.ownerGroupId, group.id),
              wanted.length > 0 ? notInArray(grids.code, wanted) : undefined,
            ),
          )
          .returning({ code: grids.code });
        const moved = found
          .filter((f) => f.ownerId !== null && f.ownerId !== group.id)
          .map((f) => ({ code: f.code, fromGroup: f.ownerCode! }));
        if (found.length > 0)
          await tx
            .update(grids)
            .set({ ownerGroupId: group.id })
            .where(
              inArray(
                grids.id,
                found.map((f) => f.id),
              ),
            );
        const at = deps.clock.now();
        for (const m of moved)
          await recordAudit(tx, {
            at,
            actor,
            action: 'grid.owner_moved',
            subject: `grid:${m.code}`,
            data: { from: m.fromGroup, to: group.code },
          });
        await recordAudit(tx, {
          at,
          actor,
          action: 'group.communities_set',
          subject: `group:${group.code}`,
          data: { communities: wanted, released: released.map((r) => r.code), moved },
        });
        return { ...(await detail(tx, code)), moved, released: released.map((r) => r.code).sort() };
      });
    },

    /** Sets the plain members; the leader and the liaison keep their seats and are not listed here. */
    async setMembers(code: string, memberCodes: string[], actor: string) {
      return db.transaction(async (tx) => {
        const group = await requireGroup(tx, code);
        const wanted = [...new Set(memberCodes)];
        const persons = [];
        for (const personCode of wanted) persons.push(await requireProsecutor(tx, personCode, 'member'));
        const seated = (await roleHolders(tx, [group.id])).filter((h) => h.role !== 'member');
        const clash = persons.filter((p) => seated.some((s) => s.personId === p.id)).map((p) => p.code);
        if (clash.length > 0)
          throw new BadRequestError(
            `${clash.join(', ')} already sit(s) as leader or liaison of ${group.code}`,
            { clash },
            'seated_member',
          );
        await tx
          .delete(groupMembers)
          .where(and(eq(groupMembers.groupId, group.id), eq(groupMembers.role, 'member')));
        if (persons.length > 0)
          await tx
            .insert(groupMembers)
            .values(persons.map((p) => ({ groupId: group.id, personId: p.id, role: 'member' as const })));
        await recordAudit(tx, {
          at: deps.clock.now(),
          actor,
          action: 'group.members_set',
          subject: `group:${group.code}`,
          data: { members: wanted },
        });
        return detail(tx, code);
      });
    },
  };
}

export type GroupService = ReturnType<typeof createGroupService>;
