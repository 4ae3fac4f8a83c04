// Demo cases for a fresh development database, so the console's charts show something: reserved numbers, no messages sent.
import { and, count, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { checklistOf, DEFAULT_MATERIALS, MATERIALS } from '../../api/aid/aid-rules.js';
import { sealEventWords } from '../../api/cases/event-words.js';
import type { DeadlineRules } from '../../api/deadlines/deadline-rules.js';
import { shanghaiYear } from '../../api/http/time-format.js';
import type { FieldCipher } from '../../api/security/field-cipher.js';
import type { Db } from '../create-db.js';
import {
  aidApplications,
  type CaseKind,
  type CaseStatusValue,
  caseEvents,
  caseReports,
  cases,
  grids,
  groupMembers,
  groups,
  mediations,
  messages,
  outbox,
  people,
} from '../schema/index.js';

/**
 * Demo cases are numbered GL-<year>-900001 upwards, outside the live counter (case_counters), which starts at 1:
 * the first real report still gets GL-<year>-000001, and the range is how demo cases are found and removed.
 */
export const DEMO_FIRST_SERIAL = 900_001;
export const DEMO_CASE_NO = sql`${cases.caseNo} ~ '^GL-[0-9]{4}-9[0-9]{5}$'`;
export const DEMO_DAYS = 120;
export const DEMO_TOTAL = 240;
/**
 * The grid groups whose communities the demo cases come from. GRP-03 (南街、安泰) is left out: the README's demo
 * reports a case in 三坊七巷社区 and reads GRP-03's liaison's 我的待办, which must show that case alone.
 */
export const DEMO_GROUP_CODES = ['GRP-01', 'GRP-02', 'GRP-04', 'GRP-05'] as const;

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** mulberry32: a small deterministic generator, so every fresh start shows the same demo. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function weighted<T>(rand: () => number, items: readonly (readonly [T, number])[]): T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let r = rand() * total;
  for (const [item, w] of items) {
    r -= w;
    if (r < 0) return item;
  }
  return items[items.length - 1]![0];
}

const pick = <T>(rand: () => number, items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;

const KINDS: readonly (readonly [CaseKind, number])[] = [
  ['dispute', 40],
  ['legal_question', 18],
  ['clue', 24],
  ['aid_request', 8],
  ['petition', 10],
];

const INTENT_OF: Record<CaseKind, string> = {
  dispute: 'report_dispute',
  legal_question: 'legal_question',
  clue: 'report_clue',
  aid_request: 'request_aid',
  petition: 'petition',
};

const CATEGORIES: readonly (readonly [string, number])[] = [
  ['fraud', 22],
  ['environment', 14],
  ['food_drug', 12],
  ['public_interest', 12],
  ['minors', 8],
  ['gambling', 8],
  ['theft_robbery', 7],
  ['illegal_fundraising', 6],
  ['drugs', 3],
  ['violence_gang', 2],
  ['pornography', 2],
  ['other', 4],
];

/** What residents write, without names or numbers; `{c}` is the community. */
const TEXTS: Record<string, readonly string[]> = {
  dispute: [
    '我住在{c}，楼上卫生间漏水渗到我家天花板，物业一直推诿，希望帮忙协调',
    '{c}这边邻居在楼道堆放杂物，说了几次都不听，想请人调解一下',
    '我在{c}租房，房东不退押金，说墙面有损坏，我觉得不合理',
    '{c}小区停车位被人长期占用，和对方沟通没有结果',
    '{c}楼下饭店油烟很大，窗户都不敢开，和店家协商不成',
    '我住{c}，装修队拖欠我们几个工人的工钱两个月了',
  ],
  legal_question: [
    '我住在{c}，老人去世没有遗嘱，房子怎么继承？',
    '借给朋友的钱一直不还，只有微信转账记录，能起诉吗？我住{c}',
    '{c}这边，公司不签劳动合同，离职时能要求赔偿吗？',
    '网购收到假货，商家不给退，应该向哪里投诉？我在{c}',
  ],
  aid_request: [
    '我住在{c}，家人被打伤住院，对方没钱赔偿，生活很困难，想申请司法救助',
    '{c}，交通事故肇事方逃逸，医药费负担不起，请问能申请救助吗',
  ],
  petition: [
    '我住在{c}，对法院的执行结果有异议，想反映情况',
    '{c}旧改补偿标准和邻居不一样，希望有关部门给个说法',
    '{c}的工伤认定拖了半年还没有结果，希望督促一下',
  ],
};

/** Clues as residents tell them, each under the category it is filed in, so the list never shows a mismatch. */
const CLUE_TEXTS: Record<string, readonly string[]> = {
  fraud: ['{c}有人冒充客服打电话让老人转账', '{c}有人在微信群里发刷单返利，好几个邻居被骗了钱'],
  environment: ['{c}河道边有工厂夜里偷排污水，气味很重', '{c}附近工地半夜往河边偷倒建筑垃圾'],
  food_drug: [
    '{c}菜市场有摊贩卖的熟食没有任何标签，怀疑是三无产品',
    '{c}有人在朋友圈卖号称能治糖尿病的“特效药”',
  ],
  public_interest: ['{c}小区消防通道长期被堵，上报多次没人管', '{c}路口的盲道被划成了停车位'],
  minors: ['{c}一家小卖部向未成年人卖烟酒', '{c}附近的网吧让未成年人通宵上网'],
  gambling: ['{c}附近的麻将馆好像在聚众赌博，晚上人很多'],
  theft_robbery: ['{c}最近电动车电瓶接连被偷，楼道监控拍到过人'],
  illegal_fundraising: ['{c}附近有人以高息理财为名拉老人投资，说保本保息'],
  drugs: ['{c}有一户人家进出的人很杂，邻居怀疑有人吸毒'],
  violence_gang: ['{c}有几个人长期向菜市场摊贩强收“管理费”'],
  pornography: ['{c}附近一家足浴店深夜招揽客人，怀疑有色情服务'],
  other: ['{c}有人拿着别人的身份证件到处办卡，感觉不对劲'],
};

const RESULTS = [
  '已组织双方调解，达成一致',
  '已答复法律意见，并告知诉讼途径',
  '已协调有关部门处理完毕',
  '已移送相关职能部门并跟踪处理结果',
  '经核查情况属实，已督促整改',
];
const TRANSFER_BODIES = ['区信访局', '区市场监管局', '区生态环境局', '街道司法所', '区住建局'];
const REJECT_REASONS = [
  '不属于检察机关职能范围，已告知向街道司法所咨询',
  '已在法院诉讼程序中，已告知依法处理',
];

interface DemoMediation {
  referredAt: Date;
  mediatorId: number | null;
  state: 'referred' | 'agreed' | 'failed' | 'signed_off';
  amountYuan: number | null;
  reportedAt: Date | null;
  signedOffAt: Date | null;
}

interface Member {
  personId: number;
  role: string;
}

export interface DemoCasesResult {
  inserted: number;
}

/** How many demo cases the database holds (the console's 演示数据 notice). */
export async function countDemoCases(db: Db): Promise<number> {
  const [row] = await db.select({ n: count() }).from(cases).where(DEMO_CASE_NO);
  return Number(row?.n ?? 0);
}

/**
 * Inserts the demo cases: DEMO_TOTAL cases received over the last DEMO_DAYS days in the communities of
 * DEMO_GROUP_CODES, across the state machine, with replies mostly on time, a few late or overdue, survey
 * answers and judicial aid. Summaries and event words are encrypted with the data key, as the ingest path
 * does. No reporter: nobody is messaged when a demo case is acted on. matchHashes stay empty, so a real
 * report is never linked to a demo case as a duplicate.
 */
export async function insertDemoCases(
  db: Db,
  deps: { cipher: Pick<FieldCipher, 'encrypt'>; deadlines: DeadlineRules; now: Date },
): Promise<DemoCasesResult> {
  const { cipher, deadlines, now } = deps;
  const rand = random(20_261_130);
  const owned = await db
    .select({ id: grids.id, name: grids.name, groupId: groups.id })
    .from(grids)
    .innerJoin(groups, eq(groups.id, grids.ownerGroupId))
    .where(and(eq(grids.level, 'community'), inArray(groups.code, [...DEMO_GROUP_CODES])))
    .orderBy(grids.code);
  if (owned.length === 0) return { inserted: 0 };
  const memberRows = await db
    .select({ groupId: groupMembers.groupId, personId: groupMembers.personId, role: groupMembers.role })
    .from(groupMembers)
    .where(isNotNull(groupMembers.groupId));
  const members = new Map<number, Member[]>();
  for (const m of memberRows) members.set(m.groupId, [...(members.get(m.groupId) ?? []), m]);

  // The community's grid member mediates (检调对接) where the registry has one.
  const mediators = new Map<number, number>();
  for (const p of await db
    .select({ id: people.id, gridId: people.gridId })
    .from(people)
    .where(and(eq(people.role, 'grid_member'), isNotNull(people.gridId))))
    if (p.gridId !== null && !mediators.has(p.gridId)) mediators.set(p.gridId, p.id);

  // A few busy communities, as in a real district: the first fifth of them get half the cases.
  const busy = owned.slice(0, Math.max(1, Math.floor(owned.length / 5)));
  const serials = new Map<number, number>();
  let inserted = 0;
  for (let i = 0; i < DEMO_TOTAL; i++) {
    // More cases recently; none in the future.
    const age = Math.floor(DEMO_DAYS * rand() ** 1.3);
    const receivedAt = new Date(now.getTime() - age * DAY - (1 + rand() * 10) * HOUR);
    const year = Number(shanghaiYear(receivedAt));
    const serial = serials.get(year) ?? DEMO_FIRST_SERIAL;
    serials.set(year, serial + 1);
    const caseNo = `GL-${year}-${String(serial).padStart(6, '0')}`;
    const community = rand() < 0.5 ? pick(rand, busy) : pick(rand, owned);
    const kind = weighted(rand, KINDS);
    const category = kind === 'clue' ? weighted(rand, CATEGORIES) : null;
    const summary = pick(rand, category ? CLUE_TEXTS[category]! : TEXTS[kind]!).replace(
      '{c}',
      community.name,
    );
    const team = members.get(community.groupId) ?? [];
    const assignee = team.length ? pick(rand, team) : null;
    const actor = assignee ? `wechat:${assignee.personId}` : 'system';

    const proceduralDueAt = deadlines.proceduralDueAt(receivedAt);
    const substantiveDueAt = deadlines.substantiveDueAt(receivedAt);
    // Each step happens only if its time has come: younger cases are still waiting for it.
    const past = (at: Date) => at.getTime() < now.getTime() - 10 * 60_000;
    type Ev = {
      type: string;
      at: Date;
      actor: string;
      data: Record<string, unknown>;
      words?: Record<string, string>;
    };
    const events: Ev[] = [
      { type: 'received', at: receivedAt, actor: 'reporter', data: { kind, demo: true } },
    ];
    events.push({
      type: 'assigned',
      at: new Date(receivedAt.getTime() + 60_000),
      actor: 'system',
      data: { via: 'grid', groupId: community.groupId },
    });

    let status = 'received' as CaseStatusValue;
    let proceduralRepliedAt: Date | null = null;
    let substantiveRepliedAt: Date | null = null;
    let closedAt: Date | null = null;
    let satisfaction: 'satisfied' | 'basically_satisfied' | 'dissatisfied' | null = null;
    let assigneeId: number | null = null;
    let mediation: DemoMediation | null = null;
    const step = (
      action: string,
      from: CaseStatusValue,
      to: CaseStatusValue,
      at: Date,
      words?: Record<string, string>,
    ) => {
      events.push({
        type: EVENT_OF[action]!,
        at,
        actor,
        data: { action, from, to },
        ...(words ? { words } : {}),
      });
      status = to;
    };

    // The first reply: mostly within the 7 working days, one in eight late; a few young cases still waiting.
    const lateFirst = rand() < 0.12;
    const firstWindow = proceduralDueAt.getTime() - receivedAt.getTime();
    const firstAt = lateFirst
      ? new Date(proceduralDueAt.getTime() + (1 + rand() * 4) * DAY)
      : new Date(receivedAt.getTime() + (0.1 + rand() * 0.85) * firstWindow);
    const forgotten = age < 25 && rand() < 0.05; // never answered: overdue once the 7 working days pass
    if (!forgotten && past(firstAt)) {
      proceduralRepliedAt = firstAt;
      const route = rand();
      if (route < 0.07) {
        step('transfer', 'received', 'transferred', firstAt, { body: pick(rand, TRANSFER_BODIES) });
      } else if (route < 0.11) {
        step('reject', 'received', 'not_accepted', firstAt, { reason: pick(rand, REJECT_REASONS) });
      } else if (route < 0.15 && age < 30) {
        step('request_materials', 'received', 'materials_needed', firstAt, {
          text: '请补充相关书面材料（合同、照片或收据）',
        });
      } else {
        assigneeId = assignee?.personId ?? null;
        step('accept', 'received', 'accepted', firstAt);
        const startedAt = new Date(firstAt.getTime() + (0.5 + rand() * 3) * DAY);
        if (past(startedAt) && rand() < 0.8) step('start', 'accepted', 'in_progress', startedAt);
        // The result: within three months mostly, some late; the youngest cases are still being worked.
        const lateResult = rand() < 0.1;
        const resultAt = lateResult
          ? new Date(substantiveDueAt.getTime() + (2 + rand() * 10) * DAY)
          : new Date(firstAt.getTime() + (5 + rand() * 50) * DAY);
        const stillOpen = rand() < 0.12; // running over three months when old enough: overdue
        // 检调对接: some disputes go to the community's mediation before the result (the mediations table).
        const referredAt = new Date(firstAt.getTime() + (1 + rand() * 3) * DAY);
        const outcomeAt = new Date(referredAt.getTime() + (3 + rand() * 12) * DAY);
        if (kind === 'dispute' && rand() < 0.4 && past(referredAt) && outcomeAt < resultAt) {
          const mediatorId = mediators.get(community.id) ?? null;
          mediation = {
            referredAt,
            mediatorId,
            state: 'referred',
            amountYuan: null,
            reportedAt: null,
            signedOffAt: null,
          };
          events.push({
            type: 'mediation_referred',
            at: referredAt,
            actor,
            data: { community: community.name, mediatorId },
          });
          if (past(outcomeAt)) {
            const agreed = rand() < 0.75;
            const amount = agreed && rand() < 0.6 ? 2000 + Math.round(rand() * 48) * 1000 : null;
            mediation.state = agreed ? 'agreed' : 'failed';
            mediation.amountYuan = amount;
            mediation.reportedAt = outcomeAt;
            const mediatorActor = mediatorId ? `wechat:${mediatorId}` : actor;
            events.push({
              type: agreed ? 'mediation_agreed' : 'mediation_failed',
              at: outcomeAt,
              actor: mediatorActor,
              data: { outcome: agreed ? 'agreed' : 'failed', amountYuan: amount },
              words: { text: agreed ? '双方达成调解协议' : '双方分歧较大，调解未成' },
            });
            const signedAt = new Date(outcomeAt.getTime() + (0.2 + rand()) * DAY);
            if (agreed && past(signedAt) && signedAt < resultAt) {
              mediation.state = 'signed_off';
              mediation.signedOffAt = signedAt;
              events.push({ type: 'mediation_signed_off', at: signedAt, actor, data: {} });
            }
          }
        }
        if (!stillOpen && past(resultAt)) {
          substantiveRepliedAt = resultAt;
          step('resolve', status, 'resolved', resultAt, { text: pick(rand, RESULTS) });
          const closeAt = new Date(resultAt.getTime() + (0.2 + rand() * 2) * DAY);
          if (past(closeAt) && rand() < 0.9) {
            closedAt = closeAt;
            step('close', 'resolved', 'closed', closeAt);
            const answeredAt = new Date(closeAt.getTime() + (1 + rand() * 20) * HOUR);
            if (past(answeredAt) && rand() < 0.75) {
              satisfaction = weighted(rand, [
                ['satisfied', 62],
                ['basically_satisfied', 28],
                ['dissatisfied', 10],
              ] as const);
              events.push({
                type: 'satisfaction_recorded',
                at: answeredAt,
                actor: 'reporter',
                data: { satisfaction },
              });
            }
          }
        }
      }
      const closeAt = new Date(firstAt.getTime() + (0.5 + rand()) * DAY);
      if ((status === 'transferred' || status === 'not_accepted') && past(closeAt) && rand() < 0.85) {
        closedAt = closeAt;
        step('close', status, 'closed', closeAt);
      }
    }
    const aid = kind === 'aid_request';
    // Drawn in the order they always were, so the demo figures stay as they were.
    const requestedYuan = aid ? String(3000 + Math.round(rand() * 27) * 1000) : null;
    const grantedYuan =
      aid && status === 'closed' && satisfaction !== null
        ? String(2000 + Math.round(rand() * 18) * 1000)
        : null;
    const [row] = await db
      .insert(cases)
      .values({
        caseNo,
        kind,
        status,
        intent: INTENT_OF[kind],
        category,
        summaryEnc: cipher.encrypt(summary),
        matchHashes: null,
        gridId: community.id,
        communityId: community.id,
        groupId: community.groupId,
        assigneeId,
        reporterId: null,
        anonymous: false,
        receivedAt,
        proceduralDueAt,
        proceduralRepliedAt,
        substantiveDueAt,
        substantiveRepliedAt,
        aidNoticeDueAt: aid ? deadlines.aidMaterialsNoticeDueAt(receivedAt) : null,
        closedAt,
        satisfaction,
        aidRequestedYuan: requestedYuan,
        aidGrantedYuan: grantedYuan,
        createdAt: receivedAt,
        updatedAt: events[events.length - 1]!.at,
      })
      .returning({ id: cases.id });
    // Judicial aid as GET /v1/stats counts it: granted and paid where the case got a grant, at 预审 while open.
    if (aid && (grantedYuan !== null || status !== 'closed')) {
      const materials = checklistOf(DEFAULT_MATERIALS.map((k) => MATERIALS[k]!));
      const at = closedAt ?? receivedAt;
      await db.insert(aidApplications).values({
        caseId: row!.id,
        status: grantedYuan !== null ? '发放' : '预审',
        materials:
          grantedYuan !== null
            ? materials.map((m) => ({ ...m, done: true, doneAt: at.toISOString(), by: 'demo' }))
            : materials,
        decision: grantedYuan !== null ? 'granted' : null,
        createdAt: receivedAt,
        ...(grantedYuan !== null ? { acceptedAt: receivedAt, decidedAt: at, paidAt: at } : {}),
      });
    }
    await db.insert(caseReports).values({
      caseId: row!.id,
      messageId: `demo:${caseNo}`,
      reportedAt: receivedAt,
    });
    const m = mediation as DemoMediation | null;
    const [mediationRow] = m
      ? await db
          .insert(mediations)
          .values({
            caseId: row!.id,
            communityId: community.id,
            mediatorId: m.mediatorId,
            referredBy: actor,
            referredById: assignee?.personId ?? null,
            referredAt: m.referredAt,
            state: m.state,
            amountYuan: m.amountYuan === null ? null : m.amountYuan.toFixed(2),
            reportedBy: m.reportedAt ? (m.mediatorId ? `wechat:${m.mediatorId}` : actor) : null,
            reportedAt: m.reportedAt,
            signedOffBy: m.signedOffAt ? actor : null,
            signedOffAt: m.signedOffAt,
          })
          .returning({ id: mediations.id })
      : [];
    const stored = await db
      .insert(caseEvents)
      .values(
        events.map((e) => ({
          caseId: row!.id,
          type: e.type,
          actor: e.actor,
          at: e.at,
          // The words (a result, a reason, where it went) sealed as a prosecutor's action seals them.
          ...sealEventWords(cipher, {
            ...e.data,
            ...(mediationRow && e.type.startsWith('mediation_') ? { mediationId: mediationRow.id } : {}),
            ...e.words,
          }),
        })),
      )
      .returning({ id: caseEvents.id, type: caseEvents.type });
    const outcome = stored.find((e) => e.type === 'mediation_agreed' || e.type === 'mediation_failed');
    if (mediationRow && outcome)
      await db
        .update(mediations)
        .set({ outcomeEventId: outcome.id })
        .where(eq(mediations.id, mediationRow.id));
    inserted++;
  }
  return { inserted };
}

const EVENT_OF: Record<string, string> = {
  accept: 'accepted',
  request_materials: 'materials_requested',
  transfer: 'transferred',
  reject: 'rejected',
  start: 'started',
  resolve: 'resolved',
  close: 'closed',
};

/** Removes every demo case (with its reports, events, notes), unlinking messages and outbox rows that name one. */
export async function clearDemoCases(db: Db): Promise<{ removed: number }> {
  return db.transaction(async (tx) => {
    const ids = (await tx.select({ id: cases.id }).from(cases).where(DEMO_CASE_NO)).map((r) => r.id);
    if (ids.length === 0) return { removed: 0 };
    await tx.update(messages).set({ caseId: null }).where(inArray(messages.caseId, ids));
    await tx.update(outbox).set({ caseId: null }).where(inArray(outbox.caseId, ids));
    await tx.delete(cases).where(inArray(cases.id, ids));
    return { removed: ids.length };
  });
}
