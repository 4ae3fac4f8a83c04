// The short dialogue after an FAQ answer: "需要我们登记跟进吗？回复 1" — a reply of 1 registers the asked-about matter.
import { and, eq, lte } from 'drizzle-orm';
import type { Db } from '../../db/create-db.js';
import { dialogues } from '../../db/schema/index.js';
import type { Clock } from '../clock.js';

export const OFFER_KIND = 'offer_registration';

// "1" as residents type it: 1, １, 回复1, or a plain yes. Anything else is a new message and closes the offer.
const ACCEPT =
  /^\s*(?:回复\s*)?(?:1|１|一|要|需要|好|好的|是|是的|登记|需要登记|麻烦登记)\s*[。.!！~～]?\s*$/u;

interface OfferState {
  /** The messages row whose matter registration would record. */
  messageRowId: number;
  faqId: string;
}

export type OfferAnswer = { kind: 'accepted'; messageRowId: number; faqId: string } | { kind: 'expired' };

export function acceptsOffer(text: string): boolean {
  return ACCEPT.test(text);
}

export function createRegistrationOffer(deps: { clock: Clock; ttlMinutes: number }) {
  const expiry = (now: Date) => new Date(now.getTime() + deps.ttlMinutes * 60_000);
  return {
    /** When an offer opened now expires (api/messages/quick-answer.ts opens one in its own statement). */
    expiresAt: expiry,

    /** Opens (or replaces) this contact's offer after an FAQ answer. */
    async open(tx: Db, wechatId: string, state: OfferState): Promise<void> {
      const now = deps.clock.now();
      // Offers nobody answered are cleared here, on activity, rather than by a job of their own.
      await tx.delete(dialogues).where(and(eq(dialogues.kind, OFFER_KIND), lte(dialogues.expiresAt, now)));
      const expiresAt = expiry(now);
      const row = { kind: OFFER_KIND, state: { ...state }, expiresAt };
      await tx
        .insert(dialogues)
        .values({ wechatId, ...row })
        .onConflictDoUpdate({ target: dialogues.wechatId, set: row });
    },

    /**
     * Takes up the contact's offer when their message accepts it (see acceptsOffer: only then is this called,
     * so other messages cost no query); null when no offer is open. Any other message leaves the offer to its
     * expiry or to the next offer or dialogue, which replaces it.
     */
    async accept(tx: Db, wechatId: string): Promise<OfferAnswer | null> {
      const [offer] = await tx
        .delete(dialogues)
        .where(and(eq(dialogues.wechatId, wechatId), eq(dialogues.kind, OFFER_KIND)))
        .returning();
      if (!offer) return null;
      if (offer.expiresAt <= deps.clock.now()) return { kind: 'expired' };
      const state = offer.state as unknown as OfferState;
      return { kind: 'accepted', messageRowId: state.messageRowId, faqId: state.faqId };
    },
  };
}

export type RegistrationOffer = ReturnType<typeof createRegistrationOffer>;
