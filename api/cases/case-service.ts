// Case creation and reading: numbering, deadlines, routing to the owning group, duplicate linking, events.
import { and, count, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/create-db.js';
import {
  type CaseKind,
  type CaseStatusValue,
  caseEvents,
  caseReports,
  cases,
  type GroupFunction,
  grids,
  groups,
  outbox,
} from '../../db/schema/index.js';
import type { Clock } from '../clock.js';
import type { DeadlineRules } from '../deadlines/deadline-rules.js';
import { NotFoundError } from '../http/domain-errors.js';
import { shanghaiYear } from '../http/time-format.js';
import type { OutboundMessage, OutboxService } from '../outbox/outbox-service.js';
import { phoneLinkMarker } from '../phone/phone-links.js';
import {
  findDutyGroupId,
  type GroupContact,
  groupContacts,
  type RoutedGrid,
} from '../routing/grid-lookup.js';
import type { FieldCipher } from '../security/field-cipher.js';
import type { KeyedHash } from '../security/keyed-hash.js';
import { caseLabel } from './case-labels.js';
import { type CaseYears, createCaseYears, formatCaseNo } from './case-number.js';
import { type CaseRoutingFacts, readRoutingFacts } from './case-routing-facts.js';
import {
  gridInformed,
  type Triage,
  triageCase,
  URGENT_FIRST_DEADLINE_MS,
  urgentAlerts,
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
  /** Which years' case-number sequences exist (case-number.ts); one per database. */
  caseYears?: CaseYears;
}

const DUPLICATE_KINDS: readonly CaseKind[] = ['clue', 'dispute'];
const DUPLICATE_THRESHOLD = 0.6;
/** The keyed-hash purpose of duplicate matching's bigrams. */
export const BIGRAM_PURPOSE = 'bigram';

export { KIND_LABELS } from './case-labels.js';

export function createCaseService(deps: CaseServiceDeps) {
  const caseYears = deps.caseYears ?? createCaseYears();
  async function recordEvent(
    tx: Db,
    caseId: number,
    type: string,
    actor: string,
    data: Record<string, unknown> = {},
  ): Promise<void> {
    await tx.insert(caseEvents).values({ caseId, type, actor, at: deps.clock.now(), data });
  }

  /** The first open case of the same kind and community, inside the duplicate window, whose text is similar. */
  async function findDuplicate(
    tx: Db,
    candidates: CaseRoutingFacts['candidates'],
    hashes: string,
  ): Promise<CaseRow | null> {
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
    const notice = assignmentNotice(await groupContacts(tx, routed.groupId), row, routed);
    if (notice) await deps.outbox.enqueue(tx, notice);
  }

  /** The liaison's (else the leader's) notice of a case assigned to their group; null when neither is reachable. */
  function assignmentNotice(
    contacts: readonly GroupContact[],
    row: CaseRow,
    routed: { groupId: number; gridName: string | null },
  ): OutboundMessage | null {
    const liaison = contacts.find((c) => c.role === 'liaison') ?? contacts.find((c) => c.role === 'leader');
    if (!liaison?.wechatId) return null;
    const where = routed.gridName ? ` · ${routed.gridName}` : '';
    return {
      dedupeKey: `case:${row.caseNo}:assigned:${routed.groupId}`,
      to: { kind: 'contact', id: liaison.wechatId },
      purpose: 'assignment',
      caseId: row.id,
      // The phone link is made when the bot sends the notice (the outbox keeps only this marker).
      text: `【新案件】${row.caseNo} ${caseLabel(row.kind, row.category)}${where}\n${summaryOf(row)}\n${phoneLinkMarker(row.caseNo)}回复“受理 ${row.caseNo}”受理，或“我的待办”查看全部。`,
    };
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
     * Before a transaction that may create a case received at `at`: makes sure its year's number sequence
     * exists and is committed, so the case takes its number in the statement that reserves its id.
     */
    async ensureYear(db: Db, at: Date): Promise<void> {
      await caseYears.ensure(db, shanghaiYear(at));
    },

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
      const departmentFn = triage.route.to === 'grid' ? null : triage.route.to;
      // Only id and text per candidate: up to 200 whole rows per report cost more to fetch and map than the match.
      const since =
        DUPLICATE_KINDS.includes(input.kind) && deps.duplicateWindowHours > 0
          ? new Date(input.receivedAt.getTime() - deps.duplicateWindowHours * 3_600_000)
          : null;
      // The grid's routing, the duplicate candidates and the groups a matter may go to: one statement, read
      // only when one of them can matter.
      const facts =
        input.gridId !== null || departmentFn !== null || triage.priority === 'urgent'
          ? await readRoutingFacts(tx, {
              gridId: input.gridId,
              kind: input.kind,
              since,
              department: departmentFn,
            })
          : null;
      const routed = facts?.routed ?? null;
      const senderHash = input.anonymous ? (input.senderHash ?? null) : null;
      if (routed?.communityId && facts) {
        const duplicate = await findDuplicate(tx, facts.candidates, hashes);
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
        groupId = facts?.dutyGroupId ?? null;
        via = 'duty_group';
      }
      // The routing table (api/routing/department-routes.ts): a department's group takes its matters.
      const gridGroupId = groupId;
      const department = departmentFn === null ? null : (facts?.departmentGroupId ?? null);
      if (department !== null) {
        groupId = department;
        via = `department:${triage.route.to}`;
      } else if (groupId === null && triage.priority === 'urgent') {
        // An urgent matter does not wait for the resident to name a community.
        groupId = facts?.dutyGroupId ?? null;
        via = 'urgent_duty';
      }
      const assigned = routed !== null || groupId !== null;
      const now = deps.clock.now();
      const year = shanghaiYear(input.receivedAt);
      const informedGroupId =
        department !== null && triage.route.informGridGroup && gridGroupId !== null && gridGroupId !== groupId
          ? gridGroupId
          : null;
      const toldGroups = [groupId, informedGroupId].filter((g): g is number => g !== null);
      // A year whose sequence is not yet known to be committed takes its first number the careful way.
      const allocated = caseYears.known(year) ? null : await caseYears.allocate(tx, year);
      // One statement: the case's id, its number (unless just allocated) and the contacts of the groups told.
      const [reserved] = await tx
        .select({
          id: sql<string>`nextval(pg_get_serial_sequence('cases', 'id'))::text`,
          serial: allocated === null ? caseYears.nextSerialSql(year) : sql<string | null>`null`,
          contacts:
            toldGroups.length > 0
              ? sql<string>`(select coalesce(json_agg(json_build_object('groupId', gm.group_id, 'role', gm.role, 'personId', p.id, 'wechatId', p.wechat_id, 'name', p.name) order by gm.group_id, p.id), '[]')::text from group_members gm join people p on p.id = gm.person_id where gm.group_id in ${sql`(${sql.join(
                  toldGroups.map((g) => sql`${g}::int`),
                  sql`, `,
                )})`})`
              : sql<string>`'[]'`,
        })
        .from(sql`(select 1) as one`);
      const id = Number(reserved!.id);
      const caseNo = allocated ?? formatCaseNo(year, Number(reserved!.serial));
      const contacts = JSON.parse(reserved!.contacts) as (GroupContact & { groupId: number })[];
      const ofGroup = (g: number) => contacts.filter((c) => c.groupId === g);
      const values = {
        id,
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
      };
      const received = {
        caseId: id,
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
      const events = assigned
        ? [
            received,
            {
              caseId: id,
              type: 'assigned',
              actor: 'system',
              at: now,
              data: { via, gridCode: routed?.gridCode ?? null, groupId },
            },
          ]
        : [received];
      // The notices are built from the row as it will be stored; the alerts quote the clear summary at hand.
      const shown = { ...values, status: 'received', summary: input.summary } as unknown as CaseRow & {
        summary: string;
      };
      const notices: OutboundMessage[] = [];
      if (groupId !== null) {
        const notice = assignmentNotice(ofGroup(groupId), shown, {
          groupId,
          gridName: routed?.gridName ?? null,
        });
        if (notice) notices.push(notice);
        if (triage.urgency) notices.push(...urgentAlerts(ofGroup(groupId), shown, triage.urgency, now));
      }
      if (informedGroupId !== null && department !== null) {
        const notice = gridInformed(
          ofGroup(informedGroupId),
          shown,
          informedGroupId,
          triage.route.to as GroupFunction,
        );
        if (notice) notices.push(notice);
      }
      // The report, the events and the notices ride in the case's insert as data-modifying CTEs: one round
      // trip. Their foreign keys to the case are checked at the end of the statement, when it exists.
      const ctes = [
        tx.$with('new_report', {}).as(
          tx
            .insert(caseReports)
            .values({
              caseId: id,
              messageId: input.messageId,
              reporterId: input.anonymous ? null : input.reporterId,
              senderHash,
              roomId: input.roomId,
              reportedAt: input.receivedAt,
            })
            .getSQL(),
        ),
        tx.$with('new_events', {}).as(tx.insert(caseEvents).values(events).getSQL()),
        ...(notices.length > 0
          ? [
              tx
                .$with('new_notices', {})
                .as(
                  tx
                    .insert(outbox)
                    .values(deps.outbox.rowsOf(notices))
                    .onConflictDoNothing({ target: outbox.dedupeKey })
                    .getSQL(),
                ),
            ]
          : []),
      ];
      const [row] = await tx
        .with(...ctes)
        .insert(cases)
        .overridingSystemValue()
        .values(values)
        .returning();
      return { row: row!, linked: false, routed: assigned, triage };
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
