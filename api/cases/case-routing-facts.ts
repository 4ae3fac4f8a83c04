// What registering a matter reads before it writes, in one statement: the grid's routing, duplicate candidates, groups.
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/create-db.js';
import type { CaseKind, GroupFunction } from '../../db/schema/index.js';
import type { RoutedGrid } from '../routing/grid-lookup.js';

export interface CaseRoutingFacts {
  /** As routeGrid (grid-lookup.ts) reads it: a grassroots grid routes through its parent community. */
  routed: RoutedGrid | null;
  /** Open cases of the kind in the grid's community received since `since`, oldest first, at most 200. */
  candidates: { id: number; matchHashes: string | null }[];
  /** As findGroupByFunction (case-triage.ts): an office-made group before a demo one, then the oldest. */
  departmentGroupId: number | null;
  /** As findDutyGroupId (grid-lookup.ts). */
  dutyGroupId: number | null;
}

interface FactsRow {
  id: number | null;
  code: string | null;
  name: string | null;
  community_id: number | null;
  group_id: number | null;
  candidates: string;
  department_group_id: number | null;
  duty_group_id: number | null;
}

export async function readRoutingFacts(
  tx: Db,
  input: {
    gridId: number | null;
    kind: CaseKind;
    /** Start of the duplicate window; null when this kind is never linked as a duplicate. */
    since: Date | null;
    department: GroupFunction | null;
  },
): Promise<CaseRoutingFacts> {
  const candidates = input.since
    ? sql`(select coalesce(json_agg(json_build_object('id', c.id, 'matchHashes', c.match_hashes) order by c.received_at, c.id), '[]')::text
           from (select id, match_hashes, received_at from cases
                  where community_id = (case g.level when 'community' then g.id when 'grassroots' then p.id end)
                    and kind = ${input.kind}::text and received_at >= ${input.since.toISOString()}::timestamptz
                    and status <> 'closed'
                  order by received_at limit 200) c)`
    : sql`'[]'`;
  const department = input.department
    ? sql`(select id from groups where function = ${input.department}::text order by demo asc, id asc limit 1)`
    : sql`null::int`;
  const result = await tx.execute(sql`
    select g.id, g.code, g.name,
           (case g.level when 'community' then g.id when 'grassroots' then p.id end) as community_id,
           (case g.level when 'community' then g.owner_group_id when 'grassroots' then p.owner_group_id end) as group_id,
           ${candidates} as candidates,
           ${department} as department_group_id,
           (select id from groups where duty = true limit 1) as duty_group_id
      from (select 1) as one
      left join grids g on g.id = ${input.gridId}::int
      left join grids p on p.id = g.parent_id`);
  // postgres.js returns an array of rows, PGlite an object with rows.
  const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as FactsRow[];
  const row = rows[0]!;
  return {
    routed:
      row.id === null
        ? null
        : {
            gridId: row.id,
            gridCode: row.code!,
            gridName: row.name!,
            communityId: row.community_id,
            groupId: row.group_id,
          },
    candidates: JSON.parse(row.candidates) as CaseRoutingFacts['candidates'],
    departmentGroupId: row.department_group_id,
    dutyGroupId: row.duty_group_id,
  };
}
