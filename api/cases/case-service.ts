// Case creation and reading: numbering, deadlines, routing to the owning group, duplicate linking, events.
import { and, count, desc, eq, gte, inArray, ne, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/create-db.js';
import {
  type CaseKind,
  type CaseStatusValue,
  caseEvents,
  caseReports,
  cases,
  grids,
  groups,
} from '../../db/schema/index.js';
import type { Clock } from '../clock.js';
import type { DeadlineRules } from '../deadlines/deadline-rules.js';
import { NotFoundError } from '../http/domain-errors.js';
import { shanghaiYear } from '../http/time-format.js';
import type { OutboxService } from '../outbox/outbox-service.js';
import { phoneLinkMarker } from '../phone/phone-links.js';
import { findDutyGroupId, groupContacts, type RoutedGrid, routeGrid } from '../routing/grid-lookup.js';
import type { FieldCipher } from '../security/field-cipher.js';
import type { KeyedHash } from '../security/keyed-hash.js';
import { caseLabel } from './case-labels.js';
import { allocateCaseNo } from './case-number.js';
import {
  alertUrgent,
  findGroupByFunction,
  informGridGroup,
  type Triage,
  triageCase,
  URGENT_FIRST_DEADLINE_MS,
} from './case-triage.js';
import { distinctReporters, type Receipt, receiptFor } from './co-reports.js';
import { openEventWords } from './event-words.js';
import { hashSimilarity, matchHashes } from './text-similarity.js';

export type CaseRow = typeof cases.$inferSelect;

export interface NewCaseInput {
  kind: CaseKind;
  intent: string;
  category: string | null;
  summary: string;
  /** Normalised text kept for duplicate detection within the window. */
  matchText: string;
  receivedAt: Date;
  reporterId: number | null;
  anonymous: boolean;
  /** An anonymous reporter's keyed hash (purpose 'sender'), so their repeats count once; null when named. */
  senderHash?: string | null;
  noReplyReason: string | null;
  gridId: number | null;
  messageId: string;
  roomId: string | null;
  actor: string;
}

export interface CaseServiceDeps {
  clock: Clock;
  /** The summary (the reporter's first words) is stored encrypted with the data key. */
  cipher: Pick<FieldCipher, 'encrypt' | 'decrypt'>;
  /** Duplicate matching compares keyed hashes of bigrams, so no copy of the words is kept for it. */
  keyedHash: Pick<KeyedHash, 'hasher'>;
  deadlines: DeadlineRules;
  outbox: OutboxService;
  duplicateWindowHours: number;
}

const DUPLICATE_KINDS: readonly CaseKind[] = ['clue', 'dispute'];
const DUPLICATE_THRESHOLD = 0.6;
/** The keyed-hash purpose of duplicate matching's bigrams. */
export const BIGRAM_PURPOSE = 'bigram';

export { KIND_LABELS } from './case-labels.js';

export function createCaseService(deps: CaseServiceDeps) {
  async function recordEvent(
    tx: Db,
    caseId: number,
    type: string,
    actor: string,
    data: Record<string, unknown> = {},
  ): Promise<void> {
    await tx.insert(caseEvents).values({ caseId, type, actor, at: deps.clock.now(), data });
  }

  /** Finds an open case of the same kind and community, similar text, inside the duplicate window. */
  async function findDuplicate(
    tx: Db,
    input: NewCaseInput,
    hashes: string,
    communityId: number,
  ): Promise<CaseRow | null> {
    if (!DUPLICATE_KINDS.includes(input.kind) || deps.duplicateWindowHours <= 0) return null;
    const since = new Date(input.receivedAt.getTime() - deps.duplicateWindowHours * 3_600_000);
    // Only id and text per candidate: up to 200 whole rows per report cost more to fetch and map than the match.
    const candidates = await tx
      .select({ id: cases.id, matchHashes: cases.matchHashes })
      .from(cases)
      .where(
        and(
          eq(cases.communityId, communityId),
          eq(cases.kind, input.kind),
          gte(cases.receivedAt, since),
          ne(cases.status, 'closed'),
        ),
      )
      .orderBy(cases.receivedAt)
      .limit(200);
    const match = candidates.find(
      (c) => c.matchHashes !== null && hashSimilarity(c.matchHashes, hashes) >= DUPLICATE_THRESHOLD,
    );
    if (!match) return null;
    const [row] = await tx.select().from(cases).where(eq(cases.id, match.id));
    return row ?? null;
  }

  async function notifyAssignment(
    tx: Db,
    row: CaseRow,
    routed: { groupId: number; gridName: string | null },
  ) {
    const contacts = await groupContacts(tx, routed.groupId);
    const liaison = contacts.find((c) => c.role === 'liaison') ?? contacts.find((c) => c.role === 'leader');
    if (!liaison?.wechatId) return;
    const where = routed.gridName ? ` · ${routed.gridName}` : '';
    await deps.outbox.enqueue(tx, {
      dedupeKey: `case:${row.caseNo}:assigned:${routed.groupId}`,
      to: { kind: 'contact', id: liaison.wechatId },
      purpose: 'assignment',
      caseId: row.id,
      // The phone link is made when the bot sends the notice (the outbox keeps only this marker).
      text: `【新案件】${row.caseNo} ${caseLabel(row.kind, row.category)}${where}\n${summaryOf(row)}\n${phoneLinkMarker(row.caseNo)}回复“受理 ${row.caseNo}”受理，或“我的待办”查看全部。`,
    });
  }

  /** Assigns a case to the group owning its grid (or the duty group) and queues the liaison's notice. */
  async function assign(
    tx: Db,
    row: CaseRow,
    routed: RoutedGrid | null,
    actor: string,
    via: string,
  ): Promise<CaseRow> {
    let groupId = routed?.groupId ?? null;
    let reason = via;
    if (groupId === null) {
      groupId = await findDutyGroupId(tx);
      reason = 'duty_group';
    }
    const [updated] = await tx
      .update(cases)
      .set({
        gridId: routed?.gridId ?? row.gridId,
        communityId: routed?.communityId ?? row.communityId,
        groupId,
        updatedAt: deps.clock.now(),
      })
      .where(eq(cases.id, row.id))
      .returning();
    await recordEvent(tx, row.id, 'assigned', actor, {
      via: reason,
      gridCode: routed?.gridCode ?? null,
      groupId,
    });
    if (groupId !== null)
      await notifyAssignment(tx, updated!, { groupId, gridName: routed?.gridName ?? null });
    return updated!;
  }

  /** The case's summary in clear, for those the case is shown to. */
  function summaryOf(row: Pick<CaseRow, 'summaryEnc'>): string {
    return deps.cipher.decrypt(row.summaryEnc);
  }

  return {
    recordEvent,
    assign,
    summaryOf,

    /**
     * Creates a case (or links the report to an open duplicate). Routing is done here when the grid is
     * known; otherwise the case waits unassigned for the resident's answer or the duty group.
     */
    async createOrLink(
      tx: Db,
      input: NewCaseInput,
    ): Promise<{ row: CaseRow; linked: boolean; routed: boolean; triage: Triage; receipt?: Receipt }> {
      const hashes = matchHashes(input.matchText, await deps.keyedHash.hasher(BIGRAM_PURPOSE, tx));
      const triage = triageCase(input);
      const routed = input.gridId !== null ? await routeGrid(tx, input.gridId) : null;
      const senderHash = input.anonymous ? (input.senderHash ?? null) : null;
      if (routed?.communityId) {
        const duplicate = await findDuplicate(tx, input, hashes, routed.communityId);
        if (duplicate) {
          const reporterId = input.anonymous ? null : input.reporterId;
          const receipt = await receiptFor(tx, duplicate, { ...input, reporterId, senderHash });
          await tx.insert(caseReports).values({
            caseId: duplicate.id,
            messageId: input.messageId,
            reporterId,
            senderHash,
            receiptNo: receipt.newReceiptNo,
            roomId: input.roomId,
            reportedAt: input.receivedAt,
          });
          await recordEvent(tx, duplicate.id, 'report_linked', input.actor, {
            messageId: input.messageId,
            // A repeat by someone who already reported it: reportCount does not grow.
            ...(receipt.newReceiptNo ? { receiptNo: receipt.newReceiptNo } : { repeat: true }),
          });
          return { row: duplicate, linked: true, routed: true, triage, receipt };
        }
      }
      // A routed case is inserted already assigned, with both events in one insert: fewer round trips.
      let groupId = routed?.groupId ?? null;
      let via = input.roomId ? 'room_binding' : 'grid';
      if (routed && groupId === null) {
        groupId = await findDutyGroupId(tx);
        via = 'duty_group';
      }
      // The routing table (api/routing/department-routes.ts): a department's group takes its matters.
      const gridGroupId = groupId;
      const department = triage.route.to === 'grid' ? null : await findGroupByFunction(tx, triage.route.to);
      if (department !== null) {
        groupId = department;
        via = `department:${triage.route.to}`;
      } else if (groupId === null && triage.priority === 'urgent') {
        // An urgent matter does not wait for the resident to name a community.
        groupId = await findDutyGroupId(tx);
        via = 'urgent_duty';
      }
      const assigned = routed !== null || groupId !== null;
      const now = deps.clock.now();
      const caseNo = await allocateCaseNo(tx, shanghaiYear(input.receivedAt));
      const [row] = await tx
        .insert(cases)
        .values({
          caseNo,
          kind: input.kind,
          intent: input.intent,
          category: input.category,
          priority: triage.priority,
          summaryEnc: deps.cipher.encrypt(input.summary),
          matchHashes: hashes,
          reporterId: input.anonymous ? null : input.reporterId,
          anonymous: input.anonymous,
          noReplyReason: input.noReplyReason,
          receivedAt: input.receivedAt,
          proceduralDueAt:
            triage.priority === 'urgent'
              ? new Date(input.receivedAt.getTime() + URGENT_FIRST_DEADLINE_MS)
              : deps.deadlines.proceduralDueAt(input.receivedAt),
          substantiveDueAt: deps.deadlines.substantiveDueAt(input.receivedAt),
          aidNoticeDueAt:
            input.kind === 'aid_request' ? deps.deadlines.aidMaterialsNoticeDueAt(input.receivedAt) : null,
          ...(routed ? { gridId: routed.gridId, communityId: routed.communityId } : {}),
          ...(assigned ? { groupId, updatedAt: now } : {}),
        })
        .returning();
      await tx.insert(caseReports).values({
        caseId: row!.id,
        messageId: input.messageId,
        reporterId: input.anonymous ? null : input.reporterId,
        senderHash,
        roomId: input.roomId,
        reportedAt: input.receivedAt,
      });
      const received = {
        caseId: row!.id,
        type: 'received',
        actor: input.actor,
        at: now,
        data: {
          kind: input.kind,
          messageId: input.messageId,
          ...(input.noReplyReason ? { noReplyReason: input.noReplyReason } : {}),
          ...(triage.urgency ? { priority: 'urgent', urgencyRules: triage.urgency.rules } : {}),
        },
      };
      if (!assigned) {
        await tx.insert(caseEvents).values(received);
        return { row: row!, linked: false, routed: false, triage };
      }
      await tx.insert(caseEvents).values([
        received,
        {
          caseId: row!.id,
          type: 'assigned',
          actor: 'system',
          at: now,
          data: { via, gridCode: routed?.gridCode ?? null, groupId },
        },
      ]);
      // The alerts quote the summary: the clear one at hand, never the stored ciphertext.
      const told = { ...row!, summary: input.summary };
      if (groupId !== null) {
        await notifyAssignment(tx, row!, { groupId, gridName: routed?.gridName ?? null });
        if (triage.urgency) await alertUrgent(tx, deps.outbox, told, groupId, triage.urgency, now);
      }
      if (
        department !== null &&
        triage.route.informGridGroup &&
        gridGroupId !== null &&
        gridGroupId !== groupId
      )
        await informGridGroup(tx, deps.outbox, told, gridGroupId, triage.route.to);
      return { row: row!, linked: false, routed: true, triage };
    },

    async findByCaseNo(db: Db, caseNo: string): Promise<CaseRow | null> {
      const [row] = await db.select().from(cases).where(eq(cases.caseNo, caseNo));
      return row ?? null;
    },

    async requireByCaseNo(db: Db, caseNo: string): Promise<CaseRow> {
      const [row] = await db.select().from(cases).where(eq(cases.caseNo, caseNo));
      if (!row) throw new NotFoundError(`case ${caseNo} does not exist`);
      return row;
    },

    async details(db: Db, row: CaseRow) {
      const [grid] = row.gridId ? await db.select().from(grids).where(eq(grids.id, row.gridId)) : [];
      const [group] = row.groupId ? await db.select().from(groups).where(eq(groups.id, row.groupId)) : [];
      const stored = await db
        .select()
        .from(caseEvents)
        .where(eq(caseEvents.caseId, row.id))
        .orderBy(caseEvents.at, caseEvents.id);
      const events = stored.map((e) => ({ ...e, data: openEventWords(deps.cipher, e) }));
      const [reports] = await db
        .select({ n: distinctReporters })
        .from(caseReports)
        .where(eq(caseReports.caseId, row.id));
      return {
        summary: summaryOf(row),
        grid: grid ?? null,
        group: group ?? null,
        events,
        reportCount: Number(reports?.n ?? 0),
      };
    },

    async list(
      db: Db,
      filter: { kind?: CaseKind; status?: CaseStatusValue; groupId?: number; groupIds?: number[] },
      page: { limit: number; offset: number },
    ): Promise<{ items: CaseRow[]; total: number }> {
      const conditions: SQL[] = [];
      if (filter.kind) conditions.push(eq(cases.kind, filter.kind));
      if (filter.status) conditions.push(eq(cases.status, filter.status));
      if (filter.groupId !== undefined) conditions.push(eq(cases.groupId, filter.groupId));
      // An empty scope sees nothing, rather than everything.
      if (filter.groupIds !== undefined)
        conditions.push(filter.groupIds.length ? inArray(cases.groupId, filter.groupIds) : sql`false`);
      const where = conditions.length ? and(...conditions) : undefined;
      const [items, [totalRow]] = await Promise.all([
        db
          .select()
          .from(cases)
          .where(where)
          .orderBy(desc(cases.receivedAt), desc(cases.id))
          .limit(page.limit)
          .offset(page.offset),
        db.select({ n: count() }).from(cases).where(where),
      ]);
      return { items, total: Number(totalRow?.n ?? 0) };
    },
  };
}

export type CaseService = ReturnType<typeof createCaseService>;
