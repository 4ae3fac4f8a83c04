// The reviewed rule list that marks a matter urgent (issue 14): harm to a minor, violence now, danger to life, self-harm, a victim needing treatment.
// Pure: reads normalised text (simplified, half-width) and names the rules it matched. Review every change with a test in test/unit/intents/urgency-rules.test.ts.

export type UrgencyReason =
  | 'minor_harm'
  | 'violence_now'
  | 'danger_to_life'
  | 'self_harm'
  | 'needs_treatment';

export interface UrgencyRule {
  id: string;
  reason: UrgencyReason;
  /** Every pattern must match somewhere in the text. */
  all: readonly RegExp[];
  /** Someone is (or may be) hurt: the reply also says to call 120. */
  hurt: boolean;
  /** Why the rule exists, for the reviewer. */
  note: string;
}

// Not 儿子/女儿/学生 alone: a grown son beaten in a detention centre is a petition, not a minors' matter.
const CHILD =
  /(孩子|小孩|儿童|幼儿|婴儿|女童|男童|未成年|小学生|初中生|中学生|幼儿园|女孩|男孩|(?<![\d十])[1-9]岁|(?<!\d)1[0-7]岁|(?<![一二三四五六七八九])十[一二三四五六七]?岁|(?<![十])[一二三四五六七八九]岁)/u;
const CHILD_HARM =
  /(虐待|打骂|殴打|毒打|暴打|被打|挨打|打伤|打得|打孩子|打小孩|体罚|性侵|猥亵|强奸|摸下体|侵犯|拐卖|拐走|被拐|遗弃|饿着|关在|锁在|烫伤|烟头烫|不给饭吃|伤痕|淤青|血)/u;

export const URGENCY_RULES: readonly UrgencyRule[] = [
  {
    id: 'minor-harmed',
    reason: 'minor_harm',
    all: [CHILD, CHILD_HARM],
    hurt: false,
    note: '侵害未成年人：强制报告制度（《关于建立侵害未成年人案件强制报告制度的意见（试行）》2020）要求立即处置',
  },
  {
    id: 'violence-going-on',
    reason: 'violence_now',
    all: [
      /(正在|现在|此刻|马上|刚刚|还在|一直在)/u,
      /(打人|殴打|砍人|捅人|持刀|拿刀|动刀|打架|斗殴|家暴|施暴|闹事|追打|围殴)/u,
    ],
    hurt: false,
    note: '暴力正在发生：先报警（110），再登记',
  },
  {
    id: 'life-in-danger',
    reason: 'danger_to_life',
    all: [/(救命|生命危险|要杀了?|杀人|要弄死|持刀威胁|纵火|放火|要烧死|煤气中毒|要炸)/u],
    hurt: false,
    note: '危及生命',
  },
  {
    id: 'self-harm',
    reason: 'self_harm',
    all: [/(自杀|轻生|不想活|活不下去|寻短见|跳楼|跳河|割腕|喝农药|吃安眠药|结束自己的生命|结束生命)/u],
    hurt: true,
    note: '自伤、自杀风险：提示110、120',
  },
  {
    id: 'victim-needs-treatment',
    reason: 'needs_treatment',
    all: [/(受伤|流血|流了很多血|昏迷|晕倒|不省人事|骨折|急救|送医|抢救|重伤|奄奄一息)/u],
    hurt: true,
    note: '有人受伤需要救治：提示120',
  },
];

/** Words that make a hurt-word mean the opposite (没有受伤, 未流血, 不需要抢救). */
const NEGATED = /(没有|没|未|不|无)(需要)?(受伤|流血|昏迷|骨折|抢救|送医|急救)/gu;

export interface Urgency {
  reasons: UrgencyReason[];
  rules: string[];
  /** Someone is hurt: say to call 120 as well as 110. */
  hurt: boolean;
}

/** The urgency of a normalised text, or null when no rule matches. */
export function detectUrgency(normalizedText: string): Urgency | null {
  const text = normalizedText.replace(NEGATED, '');
  const matched = URGENCY_RULES.filter((rule) => rule.all.every((re) => re.test(text)));
  if (matched.length === 0) return null;
  return {
    reasons: [...new Set(matched.map((r) => r.reason))],
    rules: matched.map((r) => r.id),
    hurt: matched.some((r) => r.hurt) || /(受伤|流血|打伤|伤痕|烫伤)/u.test(text),
  };
}
