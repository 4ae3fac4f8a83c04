// Judicial aid (国家司法救助) rules in one reviewed file: the pre-screen's questions and verdict, the materials, the time limits.
import type { AidMaterial, AidStatus } from '../../db/schema/index.js';
import { DEFAULT_DEADLINE_CONFIG } from '../deadlines/deadline-rules.js';

/**
 * The rule the pre-screen is built on. Its conditions (救助对象) and exclusions (不予救助的情形) are summarised
 * below from the published text; article numbers were not checked here, so none is quoted.
 */
export const AID_RULE_SOURCE =
  '《人民检察院开展国家司法救助工作细则》（最高人民检察院，2021年12月31日印发施行）';

export interface PrescreenOption {
  /** The digit the resident answers with (0 = none of these). */
  choice: number;
  label: string;
}

export interface PrescreenQuestion {
  id: 'situation' | 'compensation' | 'hardship' | 'exclusion';
  text: string;
  options: readonly PrescreenOption[];
  source: string;
}

/** The questions in the order they are asked; each answer is one digit. */
export const PRESCREEN_QUESTIONS: readonly PrescreenQuestion[] = [
  {
    id: 'situation',
    text: '您（或当事人）遇到的是哪种情况？',
    options: [
      { choice: 1, label: '受到犯罪侵害，造成重伤或者严重残疾' },
      { choice: 2, label: '受到犯罪侵害危及生命，急需救治，付不起医疗费' },
      { choice: 3, label: '家人受到犯罪侵害死亡（您是其近亲属，或靠其抚养、赡养）' },
      { choice: 4, label: '受到犯罪侵害，财产遭受重大损失' },
      { choice: 5, label: '因举报、作证、鉴定受到打击报复，人身受到伤害或者财产受到重大损失' },
      { choice: 6, label: '因交通事故等民事侵权造成人身伤害' },
      { choice: 0, label: '都不是（例如请不起律师、一般经济纠纷）' },
    ],
    source: `${AID_RULE_SOURCE}关于救助对象的规定：刑事被害人受到犯罪侵害致重伤、严重残疾、危及生命急需救治、死亡（近亲属）或财产重大损失；举报人、证人、鉴定人受打击报复；道路交通事故等民事侵权行为造成人身伤害。`,
  },
  {
    id: 'compensation',
    text: '能否通过诉讼等途径得到赔偿？',
    options: [
      { choice: 1, label: '加害人死亡、没有赔偿能力，或者找不到加害人' },
      { choice: 2, label: '已经判决，但执行不到钱或者赔偿远远不够' },
      { choice: 3, label: '还没有起诉，或者案件还在处理中' },
      { choice: 4, label: '已经得到赔偿，或者保险、单位等已经补偿' },
    ],
    source: `${AID_RULE_SOURCE}：无法通过诉讼获得有效赔偿（加害人死亡、没有赔偿能力或者无法查明加害人）；危及生命急需救治的不以此为前提。`,
  },
  {
    id: 'hardship',
    text: '因为这件事，家庭生活是否陷入困难？',
    options: [
      { choice: 1, label: '是，因为这件事生活陷入困难（如失去收入、医疗负担重）' },
      { choice: 2, label: '生活本来就困难，和这件事关系不大' },
      { choice: 3, label: '生活没有困难' },
    ],
    source: `${AID_RULE_SOURCE}：造成生活困难；生活困难非案件原因所导致的，不予救助。`,
  },
  {
    id: 'exclusion',
    text: '下列情况有没有？有就回复对应数字，都没有回复 0。',
    options: [
      { choice: 1, label: '对案件发生有重大过错（例如先动手）' },
      { choice: 2, label: '在诉讼中主动放弃赔偿请求，或者拒绝对方赔偿' },
      { choice: 3, label: '已经通过社会救助、保险等得到合理补偿或者救助' },
      { choice: 4, label: '拒绝配合查明案情，或者作过虚假陈述' },
      { choice: 0, label: '都没有' },
    ],
    source: `${AID_RULE_SOURCE}关于不予救助的情形：对案件发生有重大过错；无正当理由拒绝配合查明犯罪事实；故意作虚伪陈述或伪造证据；在诉讼中主动放弃民事赔偿请求或拒绝加害人及其近亲属赔偿；已通过社会救助措施得到合理补偿、救助。`,
  },
];

export type PrescreenAnswers = Partial<Record<PrescreenQuestion['id'], number>>;

/** Where to turn when aid probably does not fit (法律援助 for a lawyer; 社会救助 for hardship not caused by a case). */
export const ELSEWHERE = {
  legalAid: '请不起律师的，可以申请法律援助：拨打 12348 公共法律服务热线，或到区公共法律服务中心',
  sue: '可以先通过刑事附带民事诉讼、民事诉讼或者申请执行主张赔偿',
  socialAid: '生活困难的，可以向所在街道（乡镇）或居委会申请低保、临时救助等社会救助',
  procuratorate: '如有疑问，可以拨打 12309 检察服务热线咨询',
} as const;

export type PrescreenVerdict =
  | { verdict: 'likely'; reasons: string[] }
  | { verdict: 'unlikely'; reasons: string[]; elsewhere: string[] };

/**
 * The pre-screen's answer after each question: null when the next question must be asked, otherwise the verdict.
 * It stops at the first answer that rules aid out, so a resident is not asked more than needed.
 */
export function prescreenVerdict(answers: PrescreenAnswers): PrescreenVerdict | null {
  const { situation, compensation, hardship, exclusion } = answers;
  if (situation === undefined) return null;
  if (situation === 0)
    return {
      verdict: 'unlikely',
      reasons: ['国家司法救助针对因刑事案件或交通事故等侵权受到伤害、损失的当事人，您说的情况不在此列'],
      elsewhere: [ELSEWHERE.legalAid, ELSEWHERE.procuratorate],
    };
  if (compensation === undefined) return null;
  if (compensation === 4)
    return {
      verdict: 'unlikely',
      reasons: ['已经得到赔偿或者补偿的，一般不予救助'],
      elsewhere: [ELSEWHERE.socialAid, ELSEWHERE.procuratorate],
    };
  // Someone whose life is in danger and who needs treatment now is helped before any lawsuit.
  if (compensation === 3 && situation !== 2)
    return {
      verdict: 'unlikely',
      reasons: ['救助针对无法通过诉讼获得赔偿的情形，您的案件还可以主张赔偿'],
      elsewhere: [ELSEWHERE.sue, ELSEWHERE.legalAid],
    };
  if (hardship === undefined) return null;
  if (hardship === 2)
    return {
      verdict: 'unlikely',
      reasons: ['生活困难不是这件事造成的，不属于司法救助的范围'],
      elsewhere: [ELSEWHERE.socialAid, ELSEWHERE.legalAid],
    };
  if (hardship === 3)
    return {
      verdict: 'unlikely',
      reasons: ['司法救助是对因案件生活陷入困难的人的临时救助，没有生活困难的一般不予救助'],
      elsewhere: [ELSEWHERE.sue, ELSEWHERE.legalAid],
    };
  if (exclusion === undefined) return null;
  if (exclusion !== 0) {
    const option = PRESCREEN_QUESTIONS[3]!.options.find((o) => o.choice === exclusion);
    return {
      verdict: 'unlikely',
      reasons: [`有“${option?.label ?? '不予救助'}”的情形，依规定一般不予救助`],
      elsewhere: [ELSEWHERE.legalAid, ELSEWHERE.procuratorate],
    };
  }
  return {
    verdict: 'likely',
    reasons: [
      `${PRESCREEN_QUESTIONS[0]!.options.find((o) => o.choice === situation)?.label}`,
      '因案件生活困难，且未发现不予救助的情形',
    ],
  };
}

/** A material on the checklist; `aliases` are the words a grid member may type in `材料 GL-… 困难证明 已交`. */
export interface MaterialRule {
  key: string;
  label: string;
  aliases: readonly string[];
  /** How the applicant gets it, said in the checklist. */
  hint: string;
}

export const MATERIALS: Record<string, MaterialRule> = {
  application: {
    key: 'application',
    label: '申请书',
    aliases: ['申请书', '救助申请书', '申请'],
    hint: '写明申请理由和请求的金额；不会写的，可以口头申请，由检察官记录',
  },
  identity: {
    key: 'identity',
    label: '身份证明',
    aliases: ['身份证明', '身份证', '户口簿', '户口本'],
    hint: '身份证或户口簿复印件',
  },
  hardship: {
    key: 'hardship',
    label: '困难证明',
    aliases: ['困难证明', '生活困难证明', '低保证明'],
    hint: '家庭经济困难证明，可以请社区网格员协助向居委会（村委会）开具',
  },
  medical: {
    key: 'medical',
    label: '医疗票据',
    aliases: ['医疗票据', '医疗费票据', '医疗发票', '病历', '诊断证明'],
    hint: '医疗费发票、诊断证明、病历',
  },
  death: {
    key: 'death',
    label: '死亡证明和亲属关系证明',
    aliases: ['死亡证明', '亲属关系证明', '关系证明', '死亡证明和亲属关系证明'],
    hint: '被害人死亡证明，以及您与被害人的亲属、抚养关系证明',
  },
  loss: {
    key: 'loss',
    label: '财产损失证明',
    aliases: ['财产损失证明', '损失证明'],
    hint: '被骗、被盗等财产损失的凭证',
  },
  judgment: {
    key: 'judgment',
    label: '判决书或未获赔偿的证明',
    aliases: ['判决书', '未获赔偿证明', '未获赔偿的证明', '判决书或未获赔偿的证明', '执行裁定', '报案回执'],
    hint: '判决书、终结执行裁定，或报案回执等说明无法获得赔偿的材料',
  },
};

/** The checklist for the answers given: the common four, then what the situation needs. */
export function materialsFor(answers: PrescreenAnswers): MaterialRule[] {
  const keys = ['application', 'identity', 'hardship'];
  const situation = answers.situation;
  if (situation === 1 || situation === 2 || situation === 5 || situation === 6) keys.push('medical');
  if (situation === 3) keys.push('death');
  if (situation === 4 || situation === 5) keys.push('loss');
  keys.push('judgment');
  return keys.map((k) => MATERIALS[k]!);
}

/** A prosecutor who opens aid without a pre-screen gets the common list; items can be added by name later. */
export const DEFAULT_MATERIALS = ['application', 'identity', 'hardship', 'medical', 'judgment'] as const;

export function checklistOf(rules: readonly MaterialRule[]): AidMaterial[] {
  return rules.map((r) => ({ key: r.key, label: r.label, done: false, doneAt: null, by: null }));
}

/** The material a typed word names, e.g. 困难证明 or 身份证; null when none does. */
export function materialNamed(word: string): MaterialRule | null {
  const w = word.normalize('NFKC').trim();
  for (const rule of Object.values(MATERIALS)) if (rule.aliases.includes(w)) return rule;
  return null;
}

export interface AidTimeLimit {
  id: string;
  /** The stage the limit runs in: it starts when the case enters that stage. */
  stage: AidStatus;
  period: { workingDays: number } | { days: number };
  what: string;
  source: string;
  /** What was checked, and what was not: a limit not checked against the text is the office's configurable default. */
  checked: string;
}

/**
 * Time limits per stage. The first two are the values the case clocks already use (api/deadlines/deadline-rules.ts
 * DEFAULT_DEADLINE_CONFIG), so there is one definition; change them there, with this file reviewed alongside.
 */
export const AID_TIME_LIMITS: Record<'materialsNotice' | 'decision' | 'payment', AidTimeLimit> = {
  materialsNotice: {
    id: 'aid-materials-notice',
    stage: '预审',
    period: { workingDays: DEFAULT_DEADLINE_CONFIG.aidMaterialsNoticeWorkingDays },
    what: '告知申请人救助条件和需要提交的材料（自收到申请起算）',
    source: `${AID_RULE_SOURCE}：人民检察院应当及时告知当事人申请救助的条件和需要提交的材料。`,
    checked:
      '“及时告知”的义务依据公开解读概括；具体工作日数未能在此与正式文本逐字核对，作为本院可配置的默认值（DEFAULT_DEADLINE_CONFIG.aidMaterialsNoticeWorkingDays）。',
  },
  decision: {
    id: 'aid-decision',
    stage: '受理',
    period: { days: DEFAULT_DEADLINE_CONFIG.aidCompletionDays },
    what: '受理后审查并作出是否救助及救助金额的决定（自受理之日起算，审查阶段沿用同一期限）',
    source: `${AID_RULE_SOURCE}关于审查、决定期限的规定；《关于建立完善国家司法救助制度的意见（试行）》（中央政法委等六部门，2014年）。`,
    checked:
      '期限数值未能在此与正式文本逐字核对，作为本院可配置的默认值（DEFAULT_DEADLINE_CONFIG.aidCompletionDays，末日为休息日的顺延至下一工作日）。',
  },
  payment: {
    id: 'aid-payment',
    stage: '决定',
    period: { workingDays: 10 },
    what: '决定给予救助后发放救助金',
    source: `${AID_RULE_SOURCE}：决定救助的，应当及时发放救助金。`,
    checked:
      '条文只要求及时发放，未规定日数；10 个工作日是本院的内部默认值（在本文件中修改，经复核后提交）。',
  },
};

/** The stages in order; a stage may only move to the next one (决定 comes only with a decision). */
export const NEXT_STAGE: Partial<Record<AidStatus, AidStatus>> = {
  预审: '受理',
  受理: '审查',
  审查: '决定',
  决定: '发放',
};

/** Days before a stage's limit that the group is reminded (the office's default, not a rule of law). */
export const AID_REMIND_DAYS_BEFORE = 2;

/** The largest amount one decision may record, a guard against typing errors (the office's default). */
export const AID_MAX_YUAN = 1_000_000;
