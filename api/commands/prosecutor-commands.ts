// Prosecutor commands in private WeChat chat: 我的待办, 受理, 补充材料, 转办, 反馈, 办结 (resolve and close), 帮助.
import type { Db } from '../../db/create-db.js';
import { parseCaseNo } from '../../intents/index.js';
import { type CaseActor, caseScope, scopeAllows } from '../auth/case-scope.js';
import type { CaseActionsService } from '../cases/case-actions-service.js';
import type { CaseAction } from '../cases/case-lifecycle.js';
import type { CaseService } from '../cases/case-service.js';
import type { Clock } from '../clock.js';
import { ConflictError } from '../http/domain-errors.js';
import type { CommandContext, CommandHandler } from '../messages/message-service.js';
import { commandTexts, USAGE, type UsageKey } from './command-texts.js';
import { todoReply } from './todo-list.js';

type Verb = '我的待办' | '帮助' | '受理' | '补充材料' | '转办' | '反馈' | '办结';

const ACTION_OF: Record<Exclude<Verb, '我的待办' | '帮助'>, { action: CaseAction; usage: UsageKey }> = {
  受理: { action: 'accept', usage: 'accept' },
  补充材料: { action: 'request_materials', usage: 'request_materials' },
  转办: { action: 'transfer', usage: 'transfer' },
  反馈: { action: 'progress', usage: 'progress' },
  办结: { action: 'resolve', usage: 'resolve' },
};

// Longer words first so “我的待办” is not read as something shorter.
const HEAD = /^\s*(我的待办|补充材料|帮助|受理|转办|反馈|办结)(.*)$/su;
const SEPARATORS = /^[\s:：,，、.。;；]+|[\s:：,，、.。;；]+$/gu;
// A command word must be followed by a separator, a case number or nothing, so “受理范围是什么” is not a command.
const AFTER_VERB = /^(?:$|[\s:：,，、]|[gGｇＧ])/u;
const RESULT_MARK = /^结果[\s:：,，]*/u;
const MAX_CASE_NO_SPAN = 60;

export interface ParsedCommand {
  verb: Verb;
  caseNo: string | null;
  argument: string;
}

/** Splits a command into its verb, the case number written loosely, and the free text after it. */
export function parseCommand(text: string): ParsedCommand | null {
  const m = HEAD.exec(text);
  if (!m) return null;
  const verb = m[1] as Verb;
  const rest = m[2] ?? '';
  if (!AFTER_VERB.test(rest)) return null;
  if (verb === '我的待办' || verb === '帮助') {
    return rest.replace(SEPARATORS, '') === '' ? { verb, caseNo: null, argument: '' } : null;
  }
  const caseNo = parseCaseNo(rest);
  if (!caseNo) return { verb, caseNo: null, argument: rest.replace(SEPARATORS, '') };
  // The case number ends where the shortest prefix already parses to the same number.
  let end = rest.length;
  for (let i = 1; i <= Math.min(rest.length, MAX_CASE_NO_SPAN); i++) {
    if (parseCaseNo(rest.slice(0, i)) === caseNo) {
      end = i;
      break;
    }
  }
  return { verb, caseNo, argument: rest.slice(end).replace(SEPARATORS, '') };
}

export function createProsecutorCommands(deps: {
  clock: Clock;
  cases: CaseService;
  caseActions: CaseActionsService;
}): CommandHandler {
  async function act(tx: Db, ctx: CommandContext, cmd: ParsedCommand): Promise<string> {
    const verb = cmd.verb as keyof typeof ACTION_OF;
    let { action, usage } = ACTION_OF[verb];
    let argument = cmd.argument;
    if (verb === '反馈' && RESULT_MARK.test(argument)) {
      action = 'resolve';
      usage = 'resolve';
      argument = argument.replace(RESULT_MARK, '').trim();
    }
    if (!cmd.caseNo) return USAGE[usage];
    if (action !== 'accept' && !argument) return USAGE[usage];

    const actor: CaseActor = {
      role: 'prosecutor',
      personId: ctx.person.id,
      actor: `wechat:${ctx.person.id}`,
    };
    const row = await deps.cases.findByCaseNo(tx, cmd.caseNo);
    if (!row || !scopeAllows(await caseScope(tx, actor), row.groupId))
      return commandTexts.notFound(cmd.caseNo);
    try {
      const args = action === 'transfer' ? { body: argument } : argument ? { text: argument } : {};
      // In WeChat a result ends the case: resolved and closed at once, then the reporter is asked for a rating.
      const updated =
        action === 'resolve'
          ? await deps.caseActions.resolveAndClose(tx, { caseNo: cmd.caseNo, ...args, actor })
          : await deps.caseActions.act(tx, { caseNo: cmd.caseNo, action, ...args, actor });
      const notified = await deps.caseActions.replyRecipients(tx, updated);
      return commandTexts.done(action, updated.caseNo, notified.length, updated.noReplyReason);
    } catch (error) {
      // Refused before anything was written, so the message's transaction can still commit the answer.
      if (error instanceof ConflictError) return commandTexts.illegal(row.caseNo, row.status, verb);
      throw error;
    }
  }

  return {
    async handle(tx, ctx) {
      const cmd = parseCommand(ctx.text);
      if (!cmd) return null;
      if (cmd.verb === '帮助') return commandTexts.help;
      if (cmd.verb === '我的待办') return todoReply(tx, ctx.person.id, deps.clock.now());
      return act(tx, ctx, cmd);
    },
  };
}
