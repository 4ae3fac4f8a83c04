// WeChat commands for judicial aid: `材料 GL-… 困难证明 已交` (grid member, prosecutor) and `救助 GL-… 受理|审查|决定|发放` (prosecutor).
import type { Db } from '../../db/create-db.js';
import { parseCaseNo } from '../../intents/index.js';
import { BadRequestError, ConflictError, NotFoundError } from '../http/domain-errors.js';
import type { CommandContext, CommandHandler } from '../messages/message-service.js';
import type { AidActor, AidService } from './aid-service.js';
import { aidTexts } from './aid-texts.js';

const HEAD = /^\s*(材料|救助)(?=$|[\s:：,，]|[gGｇＧ])(.*)$/su;
const SEPARATORS = /^[\s:：,，、.。;；]+|[\s:：,，、.。;；]+$/gu;
const MAX_CASE_NO_SPAN = 60;
const DONE_WORDS = /^(已交|已收|已提交|已收到|收到|交了|齐了)$/u;
const UNDONE_WORDS = /^(未交|没交|撤销|未收到)$/u;
const STAGE = /^(受理|审查|发放)(?:\s+(.+))?$/su;
const DECIDE = /^决定\s*(给予|不予)\s*(.*)$/su;

/** Splits `<verb> <case number> <rest>`: the case number ends where its shortest prefix already parses. */
function splitCommand(text: string): { verb: '材料' | '救助'; caseNo: string | null; rest: string } | null {
  const m = HEAD.exec(text);
  if (!m) return null;
  const rest = m[2] ?? '';
  const caseNo = parseCaseNo(rest);
  if (!caseNo) return { verb: m[1] as '材料' | '救助', caseNo: null, rest: '' };
  let end = rest.length;
  for (let i = 1; i <= Math.min(rest.length, MAX_CASE_NO_SPAN); i++)
    if (parseCaseNo(rest.slice(0, i)) === caseNo) {
      end = i;
      break;
    }
  return { verb: m[1] as '材料' | '救助', caseNo, rest: rest.slice(end).replace(SEPARATORS, '') };
}

/** An amount as typed in WeChat: 30000, 30,000, 3万, 2.5万, 30000元. */
export function yuanTyped(text: string): number | null {
  const m = /^([0-9][0-9,，]*(?:\.[0-9]{1,2})?)\s*(万)?\s*元?$/u.exec(text.normalize('NFKC').trim());
  if (!m?.[1]) return null;
  const n = Number(m[1].replace(/[,，]/gu, ''));
  if (!Number.isFinite(n)) return null;
  return m[2] ? Math.round(n * 10_000 * 100) / 100 : n;
}

function actorOf(ctx: CommandContext): AidActor {
  return ctx.person.role === 'grid_member'
    ? { role: 'grid_member', personId: ctx.person.id, actor: `wechat:${ctx.person.id}` }
    : { role: 'prosecutor', personId: ctx.person.id, actor: `wechat:${ctx.person.id}` };
}

export function createAidCommands(deps: { aid: AidService }): CommandHandler {
  async function materials(tx: Db, ctx: CommandContext, caseNo: string, rest: string): Promise<string> {
    const actor = actorOf(ctx);
    if (!rest) {
      const row = await deps.aid.actionable(tx, caseNo, actor);
      const app = await deps.aid.application(tx, row.id);
      return app ? aidTexts.checklist(row.caseNo, app.status, app.materials) : aidTexts.noAid(row.caseNo);
    }
    const words = rest.split(/[\s,，、]+/u);
    const last = words.at(-1) ?? '';
    const done = !UNDONE_WORDS.test(last);
    const named = DONE_WORDS.test(last) || UNDONE_WORDS.test(last) ? words.slice(0, -1) : words;
    if (named.length !== 1) return aidTexts.materialsUsage;
    const result = await deps.aid.tick(tx, { caseNo, word: named[0]!, done, actor });
    return aidTexts.ticked(result.row.caseNo, result.label, done, result.materials);
  }

  async function stage(tx: Db, ctx: CommandContext, caseNo: string, rest: string): Promise<string> {
    const actor = { role: 'prosecutor' as const, personId: ctx.person.id, actor: `wechat:${ctx.person.id}` };
    const decide = DECIDE.exec(rest);
    if (decide) {
      const granted = decide[1] === '给予';
      const arg = (decide[2] ?? '').trim();
      const amount = granted ? yuanTyped(arg) : null;
      if (granted && amount === null) return aidTexts.badAmount;
      if (!granted && !arg) return aidTexts.aidUsage;
      const result = await deps.aid.decide(tx, {
        caseNo,
        decision: granted ? 'granted' : 'refused',
        ...(granted ? { amountYuan: amount! } : { reason: arg }),
        actor,
      });
      return aidTexts.decided(result.row.caseNo, granted, result.amount);
    }
    const m = STAGE.exec(rest);
    if (!m) return aidTexts.aidUsage;
    const to = m[1] as '受理' | '审查' | '发放';
    let amountRequestedYuan: number | undefined;
    if (m[2]) {
      const typed = yuanTyped(m[2].replace(/^申请金额\s*/u, ''));
      if (typed === null || to !== '受理') return to === '受理' ? aidTexts.badAmount : aidTexts.aidUsage;
      amountRequestedYuan = typed;
    }
    const { row, app } = await deps.aid.move(tx, { caseNo, to, amountRequestedYuan, actor });
    return aidTexts.moved(row.caseNo, app.status, app.stageDueAt);
  }

  return {
    async handle(tx, ctx) {
      const cmd = splitCommand(ctx.text);
      if (!cmd) return null;
      // 救助 is the prosecutor's; a grid member writing it is a resident-like message, handled as usual.
      if (cmd.verb === '救助' && ctx.person.role !== 'prosecutor') return null;
      if (!cmd.caseNo) return cmd.verb === '材料' ? aidTexts.materialsUsage : aidTexts.aidUsage;
      try {
        return cmd.verb === '材料'
          ? await materials(tx, ctx, cmd.caseNo, cmd.rest)
          : await stage(tx, ctx, cmd.caseNo, cmd.rest);
      } catch (error) {
        // Refused before anything was written, so the message's transaction still commits the answer.
        if (error instanceof NotFoundError) return aidTexts.notFound(cmd.caseNo);
        if (error instanceof ConflictError) return error.message;
        // The API's words are English; in WeChat only an unknown material (said in Chinese) or an amount can fail.
        if (error instanceof BadRequestError)
          return error.code === 'unknown_material' ? error.message : aidTexts.badAmount;
        throw error;
      }
    },
  };
}
