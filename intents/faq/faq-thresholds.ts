// FAQ similarity thresholds for described matters and for overriding "none", tuned on intents/faq/faq-dev.jsonl with `npm run eval:faq -- --sweep`.

/** A described matter (dispute, aid request, petition, clue) that asks a question is answered at or above this. */
export const ANSWER_FIRST_FAQ_THRESHOLD = 0.45;
/** A question the intent model calls chit-chat, but nearly an FAQ question and in legal vocabulary, is that question. */
export const FAQ_OVERRIDE_THRESHOLD = 0.6;
