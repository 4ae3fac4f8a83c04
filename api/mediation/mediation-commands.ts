// WeChat commands for mediation: 调解 / 确认调解 (prosecutors), 调解结果 (the grid member, or a prosecutor), a grid member's 帮助.
import type { Db } from '../../db/create-db.js';
import type { CaseActor } from '../auth/case-scope.js';
import { commandTexts } from '../commands/command-texts.js';
import { splitCaseNo } from '../commands/prosecutor-commands.js';
import { AppError, NotFoundError } from '../http/domain-errors.js';
import type { CommandContext, CommandHandler } from '../messages/message-service.js';
import {
  MEDIATION_AMOUNT_MAX_YUAN,
  MEDIATION_NOTE_MAX_CHARS,
  type MediationOutcome,
  type MediationService,
  type OutcomeReporter,
} from './mediation-service.js';
import { gridMemberHelp, MEDIATION_USAGE, mediationTexts } from './mediation-texts.js';

// Longer words first, so 调解结果 is not read as 调解.
const HEAD = /^\s*(调解结果|确认调解|调解)(.*)$/su;
// A command word must be followed by a separator, a case number or nothing, so “调解一下” is not a command.
const AFTER_VERB = /^(?:$|[\s:：,，、]|[gGｇＧ])/u;
const OUTCOME = /^(未达成|没有达成|没达成|未成功|不成功|失败|达成|成功)[\s:：,，、。]*(.*)$/su;
// A sum at the start: with 元/块/万 anything may follow (5000元协议); a bare number only before a separator or the
// end, so 2026年搬走 or 2次协商 is not read as yuan.
const AMOUNT =
  /^(?:(?:金额|赔偿|补偿|赔付)[\s:：]*)?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(?:\s*(万)\s*(?:元)?|\s*(元|块钱|块)|(?=\s|$|[:：,，、。;；]))/u;
const HELP = /^\s*(?:帮助|help|菜单)\s*[。.!！?？]*\s*$/iu;

type Verb = '调解结果' | '确认调解' | '调解';

export function parseMediationCommand(
  text: string,
): { verb: Verb; caseNo: string | null; argument: string } | null {
  const m = HEAD.exec(text);
  if (!m) return null;
  const rest = m[2] ?? '';
  if (!AFTER_VERB.test(rest)) return null;
  return { verb: m[1] as Verb, ...splitCaseNo(rest) };
}

/** `达成 5000 双方签订协议` → agreed, 5000, the words; `未达成 原因` → failed. A string is a refusal to send back. */
export function parseOutcome(
  argument: string,
): { outcome: MediationOutcome; amountYuan?: number; note?: string } | string {
  const m = OUTCOME.exec(argument);
  if (!m) return MEDIATION_USAGE.outcome;
  const outcome: MediationOutcome = /^(?:达成|成功)$/u.test(m[1]!) ? 'agreed' : 'failed';
  let rest = (m[2] ?? '').trim();
  let amountYuan: number | undefined;
  const amount = AMOUNT.exec(rest);
  if (amount) {
    if (outcome === 'failed') return mediationTexts.amountOnlyIfAgreed;
    if ((amount[2]?.length ?? 0) > 2) return mediationTexts.badAmount;
    const n =
      Number(`${amount[1]!.replace(/,/g, '')}${amount[2] ? `.${amount[2]}` : ''}`) * (amount[3] ? 10_000 : 1);
    if (!Number.isFinite(n) || n > MEDIATION_AMOUNT_MAX_YUAN) return mediationTexts.badAmount;
    amountYuan = Math.round(n * 100) / 100;
    rest = rest.slice(amount[0].length).replace(/^[\s:：,，、。;；]+/u, '');
  }
  const note = rest.trim();
  if (note.length > MEDIATION_NOTE_MAX_CHARS) return mediationTexts.noteTooLong(MEDIATION_NOTE_MAX_CHARS);
  if (outcome === 'failed' && !note) return mediationTexts.failedNeedsNote;
  return { outcome, ...(amountYuan !== undefined ? { amountYuan } : {}), ...(note ? { note } : {}) };
}

/** Runs a step; a refusal (unknown case, illegal state) is answered in the words other commands use. */
async function answer(caseNo: string, step: () => Promise<string>): Promise<string> {
  try {
    return await step();
  } catch (error) {
    if (error instanceof NotFoundError) return commandTexts.notFound(caseNo);
    // Conflicts carry the WeChat words already (state machine refusals, mediation refusals).
    if (error instanceof AppError && error.statusCode === 409) return error.message;
    throw error;
  }
}

export function createMediationCommands(deps: { mediation: MediationService }) {
  const wechatActor = (ctx: CommandContext): CaseActor => ({
    role: 'prosecutor',
    personId: ctx.person.id,
    actor: `wechat:${ctx.person.id}`,
  });

  async function outcome(tx: Db, caseNo: string | null, argument: string, by: OutcomeReporter) {
    if (!caseNo) return MEDIATION_USAGE.outcome;
    const parsed = parseOutcome(argument);
    if (typeof parsed === 'string') return parsed;
    return answer(caseNo, async () => {
      const { asked } = await deps.mediation.recordOutcome(tx, { caseNo, by, ...parsed });
      return parsed.outcome === 'agreed'
        ? mediationTexts.agreedRecorded(caseNo, parsed.amountYuan ?? null, asked)
        : mediationTexts.failedRecorded(caseNo);
    });
  }

  const prosecutor: CommandHandler = {
    async handle(tx, ctx) {
      const cmd = parseMediationCommand(ctx.text);
      if (!cmd) return null;
      const actor = wechatActor(ctx);
      if (cmd.verb === '调解结果') return outcome(tx, cmd.caseNo, cmd.argument, { kind: 'staff', actor });
      const usage = cmd.verb === '调解' ? MEDIATION_USAGE.refer : MEDIATION_USAGE.signOff;
      if (!cmd.caseNo) return usage;
      const caseNo = cmd.caseNo;
      if (cmd.argument.length > MEDIATION_NOTE_MAX_CHARS)
        return mediationTexts.noteTooLong(MEDIATION_NOTE_MAX_CHARS);
      const note = cmd.argument || undefined;
      if (cmd.verb === '调解')
        return answer(caseNo, async () => {
          const r = await deps.mediation.refer(tx, { caseNo, actor, note });
          return mediationTexts.referred(caseNo, r.community, r.mediator);
        });
      return answer(caseNo, async () => {
        const r = await deps.mediation.signOff(tx, { caseNo, actor, note });
        return mediationTexts.signedOff(caseNo, r.notified);
      });
    },
  };

  const gridMember: CommandHandler = {
    async handle(tx, ctx) {
      if (HELP.test(ctx.text)) return gridMemberHelp;
      const cmd = parseMediationCommand(ctx.text);
      if (cmd?.verb !== '调解结果') return null;
      return outcome(tx, cmd.caseNo, cmd.argument, {
        kind: 'grid_member',
        personId: ctx.person.id,
        gridId: ctx.person.gridId ?? null,
        actor: `wechat:${ctx.person.id}`,
      });
    },
  };

  return { prosecutor, gridMember };
}
