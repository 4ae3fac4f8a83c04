// Bulk fixtures for the sweep bench: 200 prosecutor groups and 1,000,000 cases (100,000 open) by INSERT … SELECT.
import type { ExecuteSql } from '../../db/create-db.js';

export const BENCH_GROUPS = 200;
export const MEMBERS_PER_GROUP = 5;

/** Groups BG-001…, each with a leader, a liaison and three members, all prosecutors with WeChat ids. */
export async function insertProsecutorGroups(sql: ExecuteSql): Promise<void> {
  await sql(`insert into groups (code, name)
    select 'BG-' || lpad(g::text, 3, '0'), '检察官小组' || g from generate_series(1, ${BENCH_GROUPS}) g`);
  await sql(`insert into people (code, name, role, wechat_id)
    select 'BP-' || lpad(g::text, 3, '0') || '-' || k, '检察官' || g || '-' || k, 'prosecutor', 'wxid_bp_' || g || '_' || k
    from generate_series(1, ${BENCH_GROUPS}) g, generate_series(1, ${MEMBERS_PER_GROUP}) k`);
  await sql(`insert into group_members (group_id, person_id, role)
    select gr.id, p.id, case split_part(p.code, '-', 3) when '1' then 'leader' when '2' then 'liaison' else 'member' end
    from people p join groups gr on gr.code = 'BG-' || split_part(p.code, '-', 2)
    where p.code like 'BP-%'`);
}

/**
 * Cases 1..total in chunks; the first `open` are open with deadlines spread over the past and next three
 * months (most procedural replies given on time, a few overdue), the rest closed over the past three years.
 */
export async function insertCases(
  sql: ExecuteSql,
  options: { total: number; open: number; now: Date; chunk?: number; onChunk?: (done: number) => void },
): Promise<void> {
  const chunk = options.chunk ?? 100_000;
  const now = options.now.toISOString();
  for (let from = 1; from <= options.total; from += chunk) {
    const to = Math.min(options.total, from + chunk - 1);
    await sql(
      `with g as (select ${gids()} as gids, ${pids()} as pids),
       s as (
         select n, n <= $2 as is_open, 1 + n % ${BENCH_GROUPS} as grp, 1 + (n / ${BENCH_GROUPS}) % ${MEMBERS_PER_GROUP} as member,
           (array['dispute','legal_question','aid_request','clue','petition'])[1 + n % 5] as kind,
           case when n <= $2 then $1::timestamptz - (random() * interval '90 days')
                else $1::timestamptz - interval '90 days' - (random() * interval '1000 days') end as received_at,
           random() as r
         from generate_series($3::int, $4::int) n),
       c as (
         select s.*, case
           when not is_open then 'closed'
           when received_at > $1::timestamptz - interval '10 days' and r < 0.6 then 'received'
           when r < 0.02 then 'received'
           when r < 0.6 then 'accepted'
           else 'in_progress' end as status
         from s)
       insert into cases (case_no, kind, status, intent, category, summary_enc, group_id, assignee_id, no_reply_reason,
         received_at, procedural_due_at, procedural_replied_at, substantive_due_at, substantive_replied_at,
         aid_notice_due_at, next_progress_due_at, closed_at)
       select 'BN-' || lpad(n::text, 7, '0'), kind, status, 'report_' || kind, null, '压测案件' || n,
         g.gids[grp], case when status = 'received' then null else g.pids[(grp - 1) * ${MEMBERS_PER_GROUP} + member] end,
         case when r > 0.97 then 'anonymous' end,
         received_at, received_at + interval '7 days',
         case when status <> 'received' then received_at + interval '3 days' end,
         received_at + interval '90 days',
         case when status in ('in_progress', 'closed') then least(received_at + interval '40 days', $1::timestamptz) end,
         case when kind = 'aid_request' and status = 'received' then received_at + interval '5 days' end,
         case when status = 'in_progress' then $1::timestamptz + (r * interval '30 days') end,
         case when status = 'closed' then received_at + interval '60 days' end
       from c, g`,
      [now, options.open, from, to],
    );
    options.onChunk?.(to);
  }
  await sql('analyze cases');
}

const gids = () => `(select array_agg(id order by code) from groups where code like 'BG-%')`;
const pids = () => `(select array_agg(id order by code) from people where code like 'BP-%')`;
