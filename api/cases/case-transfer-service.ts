// Moving a case to another prosecutor group (转办 within the procuratorate): the clocks keep running, the new
// group's liaison is told, the move is an event and an audit entry — all in the caller's transaction.
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/create-db.js';
import { auditLog, caseEvents, cases, grids, groupMembers, groups } from '../../db/schema/index.js';
import { type CaseActor, caseScope, scopeAllows } from '../auth/case-scope.js';
import type { Clock } from '../clock.js';
import { commandTexts } from '../commands/command-texts.js';
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError } from '../http/domain-errors.js';
import type { OutboxService } from '../outbox/outbox-service.js';
import { groupContacts, reachable } from '../routing/grid-lookup.js';
import type { FieldCipher } from '../security/field-cipher.js';
import { caseLabel } from './case-labels.js';
import { isOpenStatus } from './case-lifecycle.js';
import type { CaseRow } from './case-service.js';
import { sealEventWords } from './event-words.js';

export const TRANSFER_REASON_MAX_CHARS = 500;

type GroupRow = typeof groups.$inferSelect;

/** A group's name as people write it: seeded demo names carry a （示例） mark nobody types. */
export function plainGroupName(name: string): string {
  return name.replace(/[（(]示例[)）]$/u, '').trim();
}

export interface GroupTransferResult {
  row: CaseRow;
  from: GroupRow | null;
  to: GroupRow;
  /** Whether the new group has a liaison (or leader) on WeChat who was told. */
  notified: boolean;
}

export interface CaseTransferDeps {
  clock: Clock;
  outbox: OutboxService;
  /** The case summary is stored encrypted; the new group's notice quotes it. */
  cipher: Pick<FieldCipher, 'decrypt' | 'encrypt'>;
  /** A line with the phone-page link for the person told, when links can be built. */
  caseLink?: (tx: Db, caseNo: string, personId: number) => Promise<string | null>;
}

export function createCaseTransferService(deps: CaseTransferDeps) {
  const { clock, outbox } = deps;

  /**
   * The group a WeChat argument starts with (code, name, or name without （示例）), and the words after it.
   * The longest name wins, so a group whose name extends another's is not mistaken for it.
   */
  async function matchGroupPrefix(
    db: Db,
    argument: string,
  ): Promise<{ group: GroupRow; rest: string } | null> {
    const all = await db.select().from(groups);
    let best: { group: GroupRow; length: number } | null = null;
    for (const group of all) {
      for (const label of [group.code, group.name, plainGroupName(group.name)]) {
        const head = argument.slice(0, label.length);
        const same = label === group.code ? head.toUpperCase() === label.toUpperCase() : head === label;
        if (!same || (best && best.length >= label.length)) continue;
        // The name must end at a separator, or the reason written straight after a full group name.
        const next = argument.charAt(label.length);
        if (label === group.code && next !== '' && !/[\s:：,，、]/u.test(next)) continue;
        best = { group, length: label.length };
      }
    }
    if (!best) return null;
    return {
      group: best.group,
      rest: argument
        .slice(best.length)
        .replace(/^[\s:：,，、]+/u, '')
        .trim(),
    };
  }

  /** Whether the actor may move cases out of the group: the office, or that group's leader. */
  async function mayMove(tx: Db, actor: CaseActor, groupId: number | null): Promise<boolean> {
    if (actor.role === 'admin' || actor.role === 'office') return true;
    if (actor.personId === null || groupId === null) return false;
    const [seat] = await tx
      .select({ role: groupMembers.role })
      .from(groupMembers)
      .where(and(eq(groupMembers.groupId, groupId), eq(groupMembers.personId, actor.personId)));
    return seat?.role === 'leader';
  }

  async function notifyNewGroup(
    tx: Db,
    row: CaseRow,
    from: GroupRow | null,
    to: GroupRow,
    reason: string,
    eventId: number,
  ) {
    const contacts = await groupContacts(tx, to.id);
    const liaison = reachable(contacts, 'liaison', 'leader');
    if (!liaison) return false;
    const [grid] = row.gridId
      ? await tx.select({ name: grids.name }).from(grids).where(eq(grids.id, row.gridId))
      : [];
    const where = grid ? ` · ${grid.name}` : '';
    const link = deps.caseLink ? await deps.caseLink(tx, row.caseNo, liaison.personId) : null;
    const lines = [
      `【转办案件】${row.caseNo} ${caseLabel(row.kind, row.category)}${where}`,
      `由${from ? plainGroupName(from.name) : '办公室'}转至${plainGroupName(to.name)}，理由：${reason}`,
      deps.cipher.decrypt(row.summaryEnc),
      ...(link ? [link] : []),
      `原答复期限不变。回复“受理 ${row.caseNo}”受理，或“我的待办”查看全部。`,
    ];
    await outbox.enqueue(tx, {
      dedupeKey: `case:${row.caseNo}:group_transfer:${eventId}`,
      to: { kind: 'contact', id: liaison.wechatId },
      purpose: 'transfer_notice',
      caseId: row.id,
      text: lines.join('\n'),
      availableAt: clock.now(),
    });
    return true;
  }

  return {
    matchGroupPrefix,
    mayMove,

    /**
     * Moves an open case to another group. 404 outside the actor's groups, 403 for anyone but the owning
     * group's leader or the office, 400 for an unknown group or no reason, 409 when the case is no longer
     * open or already with that group. Status, deadlines and replies owed stay as they were; the case waits
     * for someone in the new group to take it.
     */
    async transferToGroup(
      tx: Db,
      input: { caseNo: string; groupCode: string; reason: string; actor: CaseActor },
    ): Promise<GroupTransferResult> {
      const reason = input.reason.trim();
      if (!reason)
        throw new BadRequestError('a transfer to another group needs a reason', undefined, 'reason_required');
      if (reason.length > TRANSFER_REASON_MAX_CHARS)
        throw new BadRequestError(
          `the reason is at most ${TRANSFER_REASON_MAX_CHARS} characters`,
          undefined,
          'reason_too_long',
        );
      const [row] = await tx.select().from(cases).where(eq(cases.caseNo, input.caseNo)).for('update');
      if (!row || !scopeAllows(await caseScope(tx, input.actor), row.groupId))
        throw new NotFoundError(`case ${input.caseNo} does not exist`);
      if (!(await mayMove(tx, input.actor, row.groupId)))
        throw new ForbiddenError(commandTexts.notGroupLeader(row.caseNo));
      const [to] = await tx
        .select()
        .from(groups)
        .where(eq(groups.code, input.groupCode.trim().toUpperCase()));
      if (!to) throw new BadRequestError(`there is no group ${input.groupCode}`, undefined, 'unknown_group');
      if (to.id === row.groupId)
        throw new ConflictError(commandTexts.sameGroup(row.caseNo, plainGroupName(to.name)), 'same_group');
      if (!isOpenStatus(row.status))
        throw new ConflictError(commandTexts.illegal(row.caseNo, row.status, '转办'), 'illegal_transition');
      const [from] = row.groupId ? await tx.select().from(groups).where(eq(groups.id, row.groupId)) : [];
      const now = clock.now();
      const [updated] = await tx
        .update(cases)
        .set({ groupId: to.id, assigneeId: null, updatedAt: now })
        .where(eq(cases.id, row.id))
        .returning();
      const data = { fromGroup: from?.code ?? null, toGroup: to.code, reason };
      const [event] = await tx
        .insert(caseEvents)
        .values({
          caseId: row.id,
          type: 'group_transferred',
          actor: input.actor.actor,
          at: now,
          ...sealEventWords(deps.cipher, data),
        })
        .returning({ id: caseEvents.id });
      await tx.insert(auditLog).values({
        at: now,
        actor: input.actor.actor,
        action: 'transfer_case',
        subject: row.caseNo,
        data: { fromGroup: data.fromGroup, toGroup: data.toGroup },
      });
      const notified = await notifyNewGroup(tx, updated!, from ?? null, to, reason, event!.id);
      return { row: updated!, from: from ?? null, to, notified };
    },
  };
}

export type CaseTransferService = ReturnType<typeof createCaseTransferService>;
