// Prosecutor commands in private WeChat chat: 我的待办, 受理, 补充材料, 转办, 反馈, 办结 (resolve and close), 备注, 查看, 帮助.
import type { Db } from '../../db/create-db.js';
import { parseCaseNo } from '../../intents/index.js';
import { type CaseActor, caseScope, scopeAllows } from '../auth/case-scope.js';
import type { CaseActionsService } from '../cases/case-actions-service.js';
import { caseLabel } from '../cases/case-labels.js';
import type { CaseAction } from '../cases/case-lifecycle.js';
import { isOpenStatus } from '../cases/case-lifecycle.js';
import type { CaseNotesService } from '../cases/case-notes.js';
import { NOTE_MAX_CHARS } from '../cases/case-notes.js';
import type { CaseRow, CaseService } from '../cases/case-service.js';
import type { CaseTransferService } from '../cases/case-transfer-service.js';
import { plainGroupName } from '../cases/case-transfer-service.js';
import type { Clock } from '../clock.js';
import { ConflictError } from '../http/domain-errors.js';
import type { CommandContext, CommandHandler } from '../messages/message-service.js';
import { STATUS_LABELS } from '../messages/reply-texts.js';
import { type PhoneLinks, redactLinkTokens } from '../phone/phone-links.js';
import { phoneTexts } from '../phone/phone-texts.js';
import { commandTexts, USAGE, type UsageKey } from './command-texts.js';
import { todoReply } from './todo-list.js';

type Verb = '我的待办' | '帮助' | '受理' | '补充材料' | '转办' | '反馈' | '办结' | '备注' | '查看';

const ACTION_OF: Record<
  Exclude<Verb, '我的待办' | '帮助' | '备注' | '查看'>,
  { action: CaseAction; usage: UsageKey }
> = {
  受理: { action: 'accept', usage: 'accept' },
  补充材料: { action: 'request_materials', usage: 'request_materials' },
  转办: { action: 'transfer', usage: 'transfer' },
  反馈: { action: 'progress', usage: 'progress' },
  办结: { action: 'resolve', usage: 'resolve' },
};

// Longer words first so “我的待办” is not read as something shorter.
const HEAD = /^\s*(我的待办|补充材料|帮助|受理|转办|反馈|办结|备注|查看)(.*)$/su;
const SEPARATORS = /^[\s:：,，、.。;；]+|[\s:：,，、.。;；]+$/gu;
// A command word must be followed by a separator, a case number or nothing, so “受理范围是什么” is not a command.
const AFTER_VERB = /^(?:$|[\s:：,，、]|[gGｇＧ])/u;
const RESULT_MARK = /^结果[\s:：,，]*/u;
const MAX_CASE_NO_SPAN = 60;
const GROUP_LIKE = /^(?:GRP-?\d+|\S*办案组)/iu;

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
  return { verb, ...splitCaseNo(rest) };
}

/** The case number written loosely at the start of `rest`, and the free text after it (other commands too). */
export function splitCaseNo(rest: string): { caseNo: string | null; argument: string } {
  const caseNo = parseCaseNo(rest);
  if (!caseNo) return { caseNo: null, argument: rest.replace(SEPARATORS, '') };
  // The case number ends where the shortest prefix already parses to the same number.
  let end = rest.length;
  for (let i = 1; i <= Math.min(rest.length, MAX_CASE_NO_SPAN); i++) {
    if (parseCaseNo(rest.slice(0, i)) === caseNo) {
      end = i;
      break;
    }
  }
  return { caseNo, argument: rest.slice(end).replace(SEPARATORS, '') };
}

function wechatActor(ctx: CommandContext): CaseActor {
  return { role: 'prosecutor', personId: ctx.person.id, actor: `wechat:${ctx.person.id}` };
}

export function createProsecutorCommands(deps: {
  clock: Clock;
  cases: CaseService;
  caseActions: CaseActionsService;
  caseTransfer: CaseTransferService;
  caseNotes: CaseNotesService;
  /** Makes the phone-page links 查看 answers with. */
  phoneLinks?: PhoneLinks;
}): ProsecutorCommands {
  /** 转办 GL-… 第二检察官办案组 理由: another group of this procuratorate, not an outside body. */
  async function transferToGroup(
    tx: Db,
    actor: CaseActor,
    row: CaseRow,
    target: { group: { code: string; name: string; id: number }; rest: string },
  ): Promise<string> {
    const groupName = plainGroupName(target.group.name);
    if (!target.rest) return commandTexts.groupTransferUsage;
    if (!(await deps.caseTransfer.mayMove(tx, actor, row.groupId)))
      return commandTexts.notGroupLeader(row.caseNo);
    if (target.group.id === row.groupId) return commandTexts.sameGroup(row.caseNo, groupName);
    if (!isOpenStatus(row.status)) return commandTexts.illegal(row.caseNo, row.status, '转办');
    const result = await deps.caseTransfer.transferToGroup(tx, {
      caseNo: row.caseNo,
      groupCode: target.group.code,
      reason: target.rest,
      actor,
    });
    return commandTexts.groupTransferred(row.caseNo, groupName, result.notified);
  }

  async function act(tx: Db, actor: CaseActor, cmd: ParsedCommand): Promise<string> {
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

    const row = await deps.cases.findByCaseNo(tx, cmd.caseNo);
    // Another group's case is answered like an unknown number, so a command never tells whether it exists.
    if (!row || !scopeAllows(await caseScope(tx, actor), row.groupId))
      return commandTexts.notFound(cmd.caseNo);
    if (action === 'transfer') {
      const target = await deps.caseTransfer.matchGroupPrefix(tx, argument);
      if (target) return transferToGroup(tx, actor, row, target);
      // Something that reads like one of our groups but is none of them must not reach a resident as a body.
      const groupLike = GROUP_LIKE.exec(argument);
      if (groupLike) return commandTexts.unknownGroup(groupLike[0]);
    }
    try {
      const args = action === 'transfer' ? { body: argument } : argument ? { text: argument } : {};
      // In WeChat a result ends the case: resolved and closed at once, then the reporter is asked for a rating.
      const updated =
        action === 'resolve'
          ? await deps.caseActions.resolveAndClose(tx, { caseNo: cmd.caseNo, ...args, actor })
          : await deps.caseActions.act(tx, { caseNo: cmd.caseNo, action, ...args, actor });
      const notified = await deps.caseActions.replyRecipients(tx, updated);
      return commandTexts.done(
        action,
        updated.caseNo,
        notified.length,
        // An anonymous case keeps its clocks (no noReplyReason) but still has nobody to notify.
        updated.noReplyReason ?? (updated.anonymous ? 'anonymous' : null),
      );
    } catch (error) {
      // Refused before anything was written, so the message's transaction can still commit the answer.
      if (error instanceof ConflictError) return commandTexts.illegal(row.caseNo, row.status, verb);
      throw error;
    }
  }

  /** 备注 GL-… 文字: a note for the group and the office, never sent to the reporter. */
  async function note(tx: Db, actor: CaseActor, cmd: ParsedCommand): Promise<string> {
    if (!cmd.caseNo || !cmd.argument) return USAGE.note;
    const row = await deps.cases.findByCaseNo(tx, cmd.caseNo);
    if (!row || !scopeAllows(await caseScope(tx, actor), row.groupId))
      return commandTexts.notFound(cmd.caseNo);
    if (cmd.argument.length > NOTE_MAX_CHARS) return commandTexts.noteTooLong(NOTE_MAX_CHARS);
    await deps.caseNotes.add(tx, { caseNo: row.caseNo, text: cmd.argument, actor });
    return commandTexts.noted(row.caseNo);
  }

  /** 查看 GL-…: the case in three lines and a link to its page, for a member of the owning group. */
  async function view(tx: Db, ctx: CommandContext, cmd: ParsedCommand) {
    if (!cmd.caseNo || !deps.phoneLinks) return phoneTexts.viewUsage;
    const row = await deps.cases.findByCaseNo(tx, cmd.caseNo);
    const link = row ? await deps.phoneLinks.issue(tx, row, ctx.person.id) : null;
    if (!row || !link) return commandTexts.notFound(cmd.caseNo);
    const reply = phoneTexts.view(
      `【案件】${row.caseNo} ${caseLabel(row.kind, row.category)}`,
      STATUS_LABELS[row.status] ?? row.status,
      deps.cases.summaryOf(row),
      phoneTexts.linkLine(link.url, deps.phoneLinks.minutes),
    );
    // The message log keeps the answer without the token: the link works only from the WeChat message.
    return { reply, storedReply: redactLinkTokens(reply) };
  }

  /** One action on the case by verb, as its WeChat command would do it, answered with the command's reply. */
  async function perform(tx: Db, actor: CaseActor, cmd: ParsedCommand): Promise<string> {
    if (cmd.verb === '备注') return note(tx, actor, cmd);
    if (cmd.verb in ACTION_OF) return act(tx, actor, cmd);
    throw new Error(`${cmd.verb} is not an action on a case`);
  }

  return {
    perform,
    async handle(tx, ctx) {
      const cmd = parseCommand(ctx.text);
      if (!cmd) return null;
      if (cmd.verb === '帮助') return commandTexts.help;
      if (cmd.verb === '我的待办')
        return todoReply(tx, ctx.person.id, deps.clock.now(), (row) => deps.cases.summaryOf(row));
      if (cmd.verb === '查看') return view(tx, ctx, cmd);
      return perform(tx, wechatActor(ctx), cmd);
    },
  };
}

export type ActionVerb = keyof typeof ACTION_OF | '备注';

export interface ProsecutorCommands extends CommandHandler {
  /** The page's actions: the same rules and answers as the commands, for an actor the caller has authenticated. */
  perform(tx: Db, actor: CaseActor, cmd: ParsedCommand): Promise<string>;
}
