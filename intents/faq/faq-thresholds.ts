// FAQ similarity thresholds for described matters and for overriding "none", tuned on intents/faq/faq-dev.jsonl with `npm run eval:faq -- --sweep`.

/** A described matter (dispute, aid request, petition, clue) that asks a question is answered at or above this. */
export const ANSWER_FIRST_FAQ_THRESHOLD = 0.45;
/** A question the intent model calls chit-chat, but nearly an FAQ question and in legal vocabulary, is that question. */
// 0.6 / 0.7 / 0.8 equal on faq-dev.jsonl; on the dev set's cross-validation (h13cv) 0.6 read 4 greetings and chit-chat
// lines as legal questions (这是检察院的吗 0.73, 份子钱一般给多少 0.65, 彩礼动不动十几万 0.70) against 1 public legal
// question of 1,524 (0.70): 0.8.
export const FAQ_OVERRIDE_THRESHOLD = 0.8;
