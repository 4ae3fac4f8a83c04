// The short dialogue that asks a resident which community they live in, then routes their case by the answer.
import { and, eq, lte } from 'drizzle-orm';
import type { Db } from '../../db/create-db.js';
import { dialogues, grids } from '../../db/schema/index.js';
import type { CaseService } from '../cases/case-service.js';
import { textSimilarity } from '../cases/text-similarity.js';
import type { Clock } from '../clock.js';
import { replies } from '../messages/reply-texts.js';
import { plainGridName, routeGrid } from './grid-lookup.js';

const KIND = 'ask_community';
const MAX_ATTEMPTS = 2;

interface DialogueState {
  caseId: number;
  caseNo: string;
  attempts: number;
  /** Grid codes offered as numbered options in the last question. */
  options: string[];
}

interface Community {
  id: number;
  code: string;
  name: string;
  plain: string;
  parentId: number | null;
}

export function createCommunityDialogue(deps: { clock: Clock; cases: CaseService; ttlMinutes: number }) {
  async function communities(tx: Db): Promise<Community[]> {
    const rows = await tx
      .select({ id: grids.id, code: grids.code, name: grids.name, parentId: grids.parentId })
      .from(grids)
      .where(eq(grids.level, 'community'));
    return rows.map((r) => ({ ...r, plain: plainGridName(r.name) }));
  }

  function closest(all: Community[], answer: string, n: number): Community[] {
    return all
      .map((c) => ({ c, s: textSimilarity(c.plain, answer) }))
      .filter((x) => x.s > 0.2)
      .sort((a, b) => b.s - a.s)
      .slice(0, n)
      .map((x) => x.c);
  }

  async function save(tx: Db, wechatId: string, state: DialogueState): Promise<void> {
    const expiresAt = new Date(deps.clock.now().getTime() + deps.ttlMinutes * 60_000);
    await tx
      .insert(dialogues)
      .values({ wechatId, kind: KIND, state: { ...state }, expiresAt })
      .onConflictDoUpdate({
        target: dialogues.wechatId,
        set: { kind: KIND, state: { ...state }, expiresAt },
      });
  }

  async function routeToDuty(tx: Db, state: DialogueState, actor: string): Promise<void> {
    const row = await deps.cases.findByCaseNo(tx, state.caseNo);
    if (row && row.groupId === null) await deps.cases.assign(tx, row, null, actor, 'duty_group');
  }

  return {
    /** Opens the dialogue for an unrouted case; returns the question to send. */
    async start(
      tx: Db,
      input: { wechatId: string; caseId: number; caseNo: string; streetName?: string | undefined },
    ): Promise<string> {
      const all = await communities(tx);
      let offered: Community[] = [];
      if (input.streetName) {
        const [street] = await tx
          .select({ id: grids.id })
          .from(grids)
          .where(and(eq(grids.level, 'street'), eq(grids.name, input.streetName)));
        if (street) offered = all.filter((c) => c.parentId === street.id);
      }
      await save(tx, input.wechatId, {
        caseId: input.caseId,
        caseNo: input.caseNo,
        attempts: 0,
        options: offered.map((c) => c.code),
      });
      return replies.askCommunity(
        input.caseNo,
        offered.map((c) => c.plain),
      );
    },

    /**
     * Takes the resident's next message while a dialogue is open. Returns the reply when the message was
     * an answer, or null when the dialogue was closed and the message should be handled as a new one.
     */
    async answer(tx: Db, wechatId: string, text: string, actor: string): Promise<string | null> {
      const [dialogue] = await tx.select().from(dialogues).where(eq(dialogues.wechatId, wechatId));
      if (!dialogue || dialogue.kind !== KIND) return null;
      const state = dialogue.state as unknown as DialogueState;
      const close = () => tx.delete(dialogues).where(eq(dialogues.wechatId, wechatId));
      if (dialogue.expiresAt <= deps.clock.now()) {
        await routeToDuty(tx, state, 'system');
        await close();
        return null;
      }
      const answer = text.trim();
      const all = await communities(tx);
      const byOption = /^\d{1,2}$/.test(answer) ? state.options[Number(answer) - 1] : undefined;
      const match =
        all.find((c) => c.code === byOption) ??
        all.find((c) => answer.includes(c.plain) || (answer.length >= 2 && c.plain.startsWith(answer)));
      if (match) {
        const row = await deps.cases.findByCaseNo(tx, state.caseNo);
        await close();
        if (!row) return null;
        if (row.groupId === null)
          await deps.cases.assign(tx, row, await routeGrid(tx, match.id), actor, 'resident_answer');
        return replies.routed(state.caseNo, match.plain);
      }
      // A long message is a new matter, not an answer: give up on the question, keep the case safe.
      if (answer.length > 30 || state.attempts + 1 >= MAX_ATTEMPTS) {
        await routeToDuty(tx, state, 'system');
        await close();
        return answer.length > 30 ? null : replies.routedToDuty(state.caseNo);
      }
      const options = closest(all, answer, 3);
      await save(tx, wechatId, {
        ...state,
        attempts: state.attempts + 1,
        options: options.map((c) => c.code),
      });
      return replies.askCommunityAgain(options.map((c) => c.plain));
    },

    /** Routes the cases of expired dialogues to the duty group; run by the sweep. */
    async expire(tx: Db): Promise<number> {
      // Only this dialogue's rows: other short dialogues (the registration offer) share the table.
      const expired = await tx
        .select()
        .from(dialogues)
        .where(and(eq(dialogues.kind, KIND), lte(dialogues.expiresAt, deps.clock.now())));
      for (const d of expired) {
        await routeToDuty(tx, d.state as unknown as DialogueState, 'system');
        await tx.delete(dialogues).where(eq(dialogues.wechatId, d.wechatId));
      }
      return expired.length;
    },

    async hasOpen(tx: Db, wechatId: string): Promise<boolean> {
      const [row] = await tx
        .select({ id: dialogues.wechatId })
        .from(dialogues)
        .where(eq(dialogues.wechatId, wechatId));
      return Boolean(row);
    },
  };
}

export type CommunityDialogue = ReturnType<typeof createCommunityDialogue>;
