// The short dialogue that asks a resident which community they live in, then routes their case by the answer.
import { and, eq, lte } from 'drizzle-orm';
import type { Db } from '../../db/create-db.js';
import { dialogues, people } from '../../db/schema/index.js';
import type { CaseService } from '../cases/case-service.js';
import { textSimilarity } from '../cases/text-similarity.js';
import type { Clock } from '../clock.js';
import { replies } from '../messages/reply-texts.js';
import { findGridByCodeOrName, plainGridName, routeGrid } from './grid-lookup.js';
import { answerCore, candidatesOf, loadPlaces, type PlaceCandidate, resolvePlace } from './place-resolver.js';

const KIND = 'ask_community';
// A list of candidates counts as an attempt too, so a resident cannot be kept asking for ever.
const MAX_ATTEMPTS = 3;
const LONG_ANSWER = 30;

interface DialogueState {
  caseId: number;
  caseNo: string;
  attempts: number;
  /** Grid codes offered as numbered options in the last question. */
  options: string[];
}

/** Who answered: a resident's community is remembered, so their next report is routed at once. */
export interface Answerer {
  id: number;
  role: string;
  wechatId: string;
}

export function createCommunityDialogue(deps: {
  clock: Clock;
  cases: CaseService;
  ttlMinutes: number;
  /** What follows once the resident's answer routed their case (an aid request's pre-screen); null for nothing. */
  afterRouted?: (
    tx: Db,
    wechatId: string,
    row: { id: number; caseNo: string; kind: string },
  ) => Promise<string | null>;
}) {
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

  async function route(
    tx: Db,
    state: DialogueState,
    person: Answerer,
    grid: { id: number; label: string },
  ): Promise<string | null> {
    await tx.delete(dialogues).where(eq(dialogues.wechatId, person.wechatId));
    const row = await deps.cases.findByCaseNo(tx, state.caseNo);
    if (!row) return null;
    if (row.groupId === null)
      await deps.cases.assign(
        tx,
        row,
        await routeGrid(tx, grid.id),
        // Never the reporter's id: events are read by roles that may not know who reported.
        'reporter',
        'resident_answer',
      );
    await rememberCommunity(tx, person, grid.id);
    const next = deps.afterRouted ? await deps.afterRouted(tx, person.wechatId, row) : null;
    const routed = replies.routed(state.caseNo, grid.label);
    return next ? `${routed}\n\n${next}` : routed;
  }

  return {
    /** Opens the dialogue for an unrouted case; `candidates` are offered as a numbered list. */
    async start(
      tx: Db,
      input: { wechatId: string; caseId: number; caseNo: string; candidates?: PlaceCandidate[] },
    ): Promise<string> {
      const offered = input.candidates ?? [];
      await save(tx, input.wechatId, {
        caseId: input.caseId,
        caseNo: input.caseNo,
        attempts: 0,
        options: offered.map((c) => c.code),
      });
      return replies.askCommunity(
        input.caseNo,
        offered.map((c) => c.label),
      );
    },

    /**
     * Takes the resident's next message while a dialogue is open. Returns the reply when the message was
     * an answer, or null when the dialogue was closed and the message should be handled as a new one.
     * `newMatter`: the parser is sure the message is a matter of its own (a question, another report); unless it
     * names a place, the case goes to the duty group and the message is answered for what it is.
     */
    async answer(
      tx: Db,
      person: Answerer,
      text: string,
      opts: { newMatter?: boolean } = {},
    ): Promise<string | null> {
      const [dialogue] = await tx.select().from(dialogues).where(eq(dialogues.wechatId, person.wechatId));
      if (!dialogue || dialogue.kind !== KIND) return null;
      const state = dialogue.state as unknown as DialogueState;
      const close = () => tx.delete(dialogues).where(eq(dialogues.wechatId, person.wechatId));
      if (dialogue.expiresAt <= deps.clock.now()) {
        await routeToDuty(tx, state, 'system');
        await close();
        return null;
      }
      const answer = text.normalize('NFKC').trim();
      const places = await loadPlaces(tx);

      const number = /^第?(\d{1,2})(个|号)?$/u.exec(answer);
      if (number) {
        const [chosen] = candidatesOf(places, [state.options[Number(number[1]) - 1] ?? '']);
        if (chosen) return route(tx, state, person, { id: chosen.id, label: chosen.label });
      }
      // An exact code or full name, grassroots grids included (GL-S04-C01-G02, 军门社区第2网格).
      // Communities go through the resolver below, which sees when two share a name.
      const exact = number ? null : await findGridByCodeOrName(tx, answer);
      if (
        exact &&
        (exact.level === 'grassroots' || (exact.level === 'community' && exact.code === answer.toUpperCase()))
      )
        return route(tx, state, person, { id: exact.id, label: plainGridName(exact.name) });

      const resolved = number ? { kind: 'none' as const } : resolvePlace(places, answer);
      if (resolved.kind === 'one')
        return route(tx, state, person, { id: resolved.place.id, label: resolved.place.label });

      // A long message, or one the parser reads as a matter of its own, is no answer: give up on the question,
      // keep the case safe with the duty group, and let the message be handled afresh.
      const newMatter = answer.length > LONG_ANSWER || opts.newMatter === true;
      if (newMatter || state.attempts + 1 >= MAX_ATTEMPTS) {
        await routeToDuty(tx, state, 'system');
        await close();
        return newMatter ? null : replies.routedToDuty(state.caseNo);
      }
      if (resolved.kind === 'choose') {
        await save(tx, person.wechatId, {
          ...state,
          attempts: state.attempts + 1,
          options: resolved.candidates.map((c) => c.code),
        });
        return replies.chooseCommunity(resolved.candidates.map((c) => c.label));
      }
      if (number) {
        await save(tx, person.wechatId, { ...state, attempts: state.attempts + 1 });
        return replies.optionOutOfRange(candidatesOf(places, state.options).map((c) => c.label));
      }
      const core = answerCore(answer);
      const suggestions = places
        .filter((p) => p.level === 'community')
        .map((p) => ({ p, s: textSimilarity(p.plain, core) }))
        .filter((x) => x.s > 0.2)
        .sort((a, b) => b.s - a.s)
        .slice(0, 3)
        .map((x) => x.p.code);
      await save(tx, person.wechatId, { ...state, attempts: state.attempts + 1, options: suggestions });
      return replies.askCommunityAgain(candidatesOf(places, suggestions).map((c) => c.label));
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

/** A resident's community (or grassroots grid) is kept on their contact; registered people keep theirs. */
export async function rememberCommunity(tx: Db, person: Answerer, gridId: number): Promise<void> {
  if (person.role !== 'resident') return;
  await tx.update(people).set({ gridId }).where(eq(people.id, person.id));
}

export type CommunityDialogue = ReturnType<typeof createCommunityDialogue>;
