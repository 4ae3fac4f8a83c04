// Cases for the console's browser tests: a month of intake over the seeded registry's communities, every kind and state.
import { and, eq, isNotNull } from 'drizzle-orm';
import { aidApplications, cases, grids, groups } from '../../db/schema/index.js';
import type { TestApp } from './test-app.js';

export interface ConsoleFixture {
  /** The community with the most cases, and how many it has. */
  busiest: { code: string; name: string; count: number };
  /** Clue cases in the fixture. */
  clues: number;
  /** Judicial-aid applications (one per aid_request case) and, of those, grants. */
  aid: { applications: number; granted: number };
  total: number;
}

const KINDS = ['dispute', 'legal_question', 'aid_request', 'clue', 'petition'] as const;
const CATEGORIES = ['fraud', 'drugs', 'gambling', 'environment', 'minors', 'food_drug'] as const;
const STATUSES = ['received', 'accepted', 'in_progress', 'closed'] as const;
const SATISFACTION = ['satisfied', 'basically_satisfied', 'dissatisfied'] as const;
const DAY = 86_400_000;

/** Inserts `count` cases received over the 30 days before the test clock's now, numbered GL-2026-9xxxxx. */
export async function insertConsoleCases(t: TestApp, count = 60): Promise<ConsoleFixture> {
  const db = t.database.db;
  const communities = await db
    .select({ id: grids.id, code: grids.code, name: grids.name, groupId: grids.ownerGroupId })
    .from(grids)
    .innerJoin(groups, eq(groups.id, grids.ownerGroupId))
    .where(and(eq(grids.level, 'community'), isNotNull(grids.ownerGroupId)))
    .orderBy(grids.code)
    .limit(8);
  if (communities.length < 3) throw new Error('the seeded registry has too few owned communities');
  const now = t.clock.now().getTime();
  const counts = new Map<string, number>();
  const rows: (typeof cases.$inferInsert)[] = [];
  let clues = 0;
  for (let i = 0; i < count; i++) {
    // A third of the cases come from the first community, so it is the busiest bar on the dashboard.
    const place = i % 3 === 0 ? communities[0]! : communities[1 + (i % (communities.length - 1))]!;
    counts.set(place.code, (counts.get(place.code) ?? 0) + 1);
    const kind = KINDS[(i * 3 + Math.floor(i / 5)) % KINDS.length]!;
    if (kind === 'clue') clues++;
    const status = STATUSES[i % STATUSES.length]!;
    // Spread over the month unevenly (i·7 mod 30 visits every day), at different hours.
    const receivedAt = new Date(now - ((i * 7) % 30) * DAY - (i % 9) * 3_600_000);
    const replied = status !== 'received';
    // Every seventh case is late with its procedural reply; the rest on time.
    const proceduralDueAt = new Date(receivedAt.getTime() + 9 * DAY);
    const closed = status === 'closed';
    rows.push({
      caseNo: `GL-2026-${String(900001 + i)}`,
      kind,
      intent: 'report_dispute',
      category: kind === 'clue' ? CATEGORIES[i % CATEGORIES.length]! : null,
      status,
      summaryEnc: t.app.services.registry.fieldCipher.encrypt(
        `${place.name}居民反映${kind === 'aid_request' ? '生活困难申请救助' : '邻里纠纷'}（第${i + 1}件）`,
      ),
      gridId: place.id,
      communityId: place.id,
      groupId: place.groupId,
      receivedAt,
      proceduralDueAt,
      proceduralRepliedAt: replied ? new Date(receivedAt.getTime() + (i % 7 === 0 ? 10 : 2) * DAY) : null,
      substantiveDueAt: new Date(receivedAt.getTime() + 91 * DAY),
      substantiveRepliedAt: closed ? new Date(receivedAt.getTime() + 5 * DAY) : null,
      closedAt: closed ? new Date(receivedAt.getTime() + 6 * DAY) : null,
      satisfaction: closed ? SATISFACTION[i % SATISFACTION.length]! : null,
      ...(kind === 'aid_request' ? { aidRequestedYuan: '8000', aidGrantedYuan: closed ? '5000' : null } : {}),
    });
  }
  const inserted = await db
    .insert(cases)
    .values(rows)
    .returning({ id: cases.id, kind: cases.kind, status: cases.status, receivedAt: cases.receivedAt });
  // Each aid request has its aid record: accepted, and granted and paid where the case is closed.
  const aid = inserted
    .filter((c) => c.kind === 'aid_request')
    .map((c) => {
      const granted = c.status === 'closed';
      const later = new Date(c.receivedAt.getTime() + 2 * DAY);
      return {
        caseId: c.id,
        status: granted ? ('发放' as const) : ('受理' as const),
        decision: granted ? ('granted' as const) : null,
        createdAt: c.receivedAt,
        acceptedAt: later,
        decidedAt: granted ? later : null,
        paidAt: granted ? later : null,
      };
    });
  if (aid.length) await db.insert(aidApplications).values(aid);
  const first = communities[0]!;
  return {
    busiest: { code: first.code, name: first.name, count: counts.get(first.code) ?? 0 },
    clues,
    aid: { applications: aid.length, granted: aid.filter((a) => a.decision === 'granted').length },
    total: count,
  };
}
