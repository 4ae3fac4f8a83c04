// The console's case list (GET /v1/cases): filters, case-number and text search, sorting and paging, within the caller's scope.
import { and, asc, desc, eq, gte, inArray, lt, or, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import type { Db } from '../../db/create-db.js';
import { type CaseKind, type CaseStatusValue, cases, grids, groups } from '../../db/schema/index.js';
import { parseCaseNo } from '../../intents/index.js';
import type { CaseScope } from '../auth/case-scope.js';
import { addCalendarDays } from '../deadlines/local-date.js';
import { shanghaiStartOfDay } from '../deadlines/shanghai-time.js';
import { overdueCondition, scopeCondition } from '../stats/stats-service.js';
import type { CaseRow } from './case-service.js';
import { caseSummarySchema, toCaseSummary } from './case-view.js';

export const CASE_SORTS = [
  'receivedAt',
  '-receivedAt',
  'caseNo',
  '-caseNo',
  'proceduralDueAt',
  '-proceduralDueAt',
  'substantiveDueAt',
  '-substantiveDueAt',
] as const;
export type CaseSort = (typeof CASE_SORTS)[number];

/**
 * Text search reads the summaries of at most this many candidates (the other filters applied first, in the
 * requested order): the summary is not searchable in SQL once it is encrypted at rest, so it is matched
 * after reading, and a bound keeps one search from reading the whole table.
 */
export const TEXT_SEARCH_SCAN = 2000;

export interface CaseListQuery {
  scope: CaseScope;
  statuses?: readonly CaseStatusValue[];
  kinds?: readonly CaseKind[];
  categories?: readonly string[];
  groupCode?: string;
  streetCode?: string;
  communityCode?: string;
  overdue?: boolean;
  /** Received on or after this Shanghai date… */
  from?: string;
  /** …and on or before this one. */
  to?: string;
  /** A whole case number (exact) or a piece of one (digits, matched anywhere in the number). */
  caseNo?: string;
  /** Words the summary must contain (all of them), matched after reading. */
  text?: string;
  sort: CaseSort;
  limit: number;
  offset: number;
  asOf: Date;
}

const place = z.object({ code: z.string(), name: z.string() }).nullable();

export const caseListItemSchema = caseSummarySchema.extend({
  group: place,
  community: place,
  street: place,
  overdue: z.boolean().describe('an open deadline is past due now'),
});

export const caseListSchema = z.object({
  items: z.array(caseListItemSchema),
  total: z.number().int(),
  textSearchLimited: z
    .boolean()
    .optional()
    .describe(`text search read only the first ${TEXT_SEARCH_SCAN} candidates: narrow the filters`),
});

export type CaseListItem = z.infer<typeof caseListItemSchema>;

/** Full-width to half-width, one case, spaces collapsed: how both the summary and the search words are compared. */
export function searchForm(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ').trim();
}

export function matchesAllWords(haystack: string, words: readonly string[]): boolean {
  const h = searchForm(haystack);
  return words.every((w) => h.includes(w));
}

function orderOf(sort: CaseSort): SQL[] {
  const descending = sort.startsWith('-');
  const key = (descending ? sort.slice(1) : sort) as
    | 'receivedAt'
    | 'caseNo'
    | 'proceduralDueAt'
    | 'substantiveDueAt';
  const column = cases[key];
  const dir = descending ? desc : asc;
  return [dir(column), dir(cases.id)];
}

export function createCaseList(deps: {
  /** The summary as a reader sees it (decrypted where it is stored encrypted). */
  summaryText: (row: Pick<CaseRow, 'summaryEnc'>) => string;
}) {
  return async function listCases(db: Db, q: CaseListQuery) {
    const community = alias(grids, 'community');
    const street = alias(grids, 'street');
    const conditions: (SQL | undefined)[] = [scopeCondition(q.scope)];
    if (q.statuses?.length) conditions.push(inArray(cases.status, [...q.statuses]));
    if (q.kinds?.length) conditions.push(inArray(cases.kind, [...q.kinds]));
    if (q.categories?.length) conditions.push(inArray(cases.category, [...q.categories]));
    if (q.groupCode !== undefined) conditions.push(eq(groups.code, q.groupCode));
    if (q.communityCode !== undefined) conditions.push(eq(community.code, q.communityCode));
    if (q.streetCode !== undefined) conditions.push(eq(street.code, q.streetCode));
    if (q.overdue !== undefined)
      conditions.push(
        q.overdue ? overdueCondition(q.asOf) : sql`not coalesce(${overdueCondition(q.asOf)}, false)`,
      );
    if (q.from !== undefined) conditions.push(gte(cases.receivedAt, shanghaiStartOfDay(q.from)));
    if (q.to !== undefined)
      conditions.push(lt(cases.receivedAt, shanghaiStartOfDay(addCalendarDays(q.to, 1))));
    if (q.caseNo !== undefined) {
      const whole = parseCaseNo(q.caseNo) ?? q.caseNo.toUpperCase();
      const digits = q.caseNo.replace(/\D/gu, '');
      conditions.push(
        or(
          eq(cases.caseNo, whole),
          digits ? sql`replace(${cases.caseNo}, '-', '') like ${`%${digits}%`}` : sql`false`,
        ),
      );
    }
    const where = and(...conditions);
    const base = () =>
      db
        .select({
          row: cases,
          groupCode: groups.code,
          groupName: groups.name,
          communityCode: community.code,
          communityName: community.name,
          streetCode: street.code,
          streetName: street.name,
          overdue: sql<boolean>`coalesce(${overdueCondition(q.asOf)}, false)`,
        })
        .from(cases)
        .leftJoin(groups, eq(groups.id, cases.groupId))
        .leftJoin(community, eq(community.id, cases.communityId))
        .leftJoin(street, eq(street.id, community.parentId));
    const countQuery = () =>
      db
        .select({ n: sql<number>`count(*)::int`.mapWith(Number) })
        .from(cases)
        .leftJoin(groups, eq(groups.id, cases.groupId))
        .leftJoin(community, eq(community.id, cases.communityId))
        .leftJoin(street, eq(street.id, community.parentId));

    type Row = Awaited<ReturnType<ReturnType<typeof base>['where']>>[number];
    const toItem = (r: Row): CaseListItem => ({
      ...toCaseSummary(r.row, deps.summaryText(r.row)),
      group: r.groupCode !== null && r.groupName !== null ? { code: r.groupCode, name: r.groupName } : null,
      community:
        r.communityCode !== null && r.communityName !== null
          ? { code: r.communityCode, name: r.communityName }
          : null,
      street:
        r.streetCode !== null && r.streetName !== null ? { code: r.streetCode, name: r.streetName } : null,
      overdue: Boolean(r.overdue),
    });

    const words = q.text ? searchForm(q.text).split(' ').filter(Boolean) : [];
    if (words.length === 0) {
      const [rows, [total]] = await Promise.all([
        base()
          .where(where)
          .orderBy(...orderOf(q.sort))
          .limit(q.limit)
          .offset(q.offset),
        countQuery().where(where),
      ]);
      return { items: rows.map(toItem), total: total?.n ?? 0 };
    }

    // Text: read the bounded candidate set's summaries (id and summary only), match, then load the page.
    const candidates = await db
      .select({ id: cases.id, summaryEnc: cases.summaryEnc })
      .from(cases)
      .leftJoin(groups, eq(groups.id, cases.groupId))
      .leftJoin(community, eq(community.id, cases.communityId))
      .leftJoin(street, eq(street.id, community.parentId))
      .where(where)
      .orderBy(...orderOf(q.sort))
      .limit(TEXT_SEARCH_SCAN + 1);
    const limited = candidates.length > TEXT_SEARCH_SCAN;
    const matched = candidates
      .slice(0, TEXT_SEARCH_SCAN)
      .filter((c) => matchesAllWords(deps.summaryText(c), words))
      .map((c) => c.id);
    const pageIds = matched.slice(q.offset, q.offset + q.limit);
    const rows = pageIds.length
      ? await base()
          .where(inArray(cases.id, pageIds))
          .orderBy(...orderOf(q.sort))
      : [];
    return {
      items: rows.map(toItem),
      total: matched.length,
      ...(limited ? { textSearchLimited: true } : {}),
    };
  };
}

export type ListCases = ReturnType<typeof createCaseList>;

export const caseFilterOptionsSchema = z.object({
  groups: z.array(z.object({ code: z.string(), name: z.string() })),
  streets: z.array(z.object({ code: z.string(), name: z.string() })),
  communities: z.array(z.object({ code: z.string(), name: z.string(), streetCode: z.string().nullable() })),
  transferGroups: z
    .array(z.object({ code: z.string(), name: z.string() }))
    .describe('every group of the procuratorate: where a case may be transferred'),
});

/** The groups, streets and communities the list can be filtered by: those whose cases the caller may see. */
export async function caseFilterOptions(
  db: Db,
  scope: CaseScope,
): Promise<z.infer<typeof caseFilterOptionsSchema>> {
  const street = alias(grids, 'street');
  const inScope = (column: typeof grids.ownerGroupId) =>
    scope === 'all' ? undefined : scope.length ? inArray(column, scope) : sql`false`;
  const [allGroups, communityRows] = await Promise.all([
    db.select({ id: groups.id, code: groups.code, name: groups.name }).from(groups).orderBy(asc(groups.code)),
    db
      .select({ code: grids.code, name: grids.name, streetCode: street.code, streetName: street.name })
      .from(grids)
      .leftJoin(street, eq(street.id, grids.parentId))
      .where(and(eq(grids.level, 'community'), inScope(grids.ownerGroupId)))
      .orderBy(asc(street.code), asc(grids.code)),
  ]);
  const streets = new Map<string, { code: string; name: string }>();
  for (const c of communityRows)
    if (c.streetCode !== null && c.streetName !== null)
      streets.set(c.streetCode, { code: c.streetCode, name: c.streetName });
  const named = (g: { code: string; name: string }) => ({ code: g.code, name: g.name });
  return {
    groups: allGroups.filter((g) => scope === 'all' || scope.includes(g.id)).map(named),
    transferGroups: allGroups.map(named),
    streets: [...streets.values()],
    communities: communityRows.map((c) => ({ code: c.code, name: c.name, streetCode: c.streetCode })),
  };
}
