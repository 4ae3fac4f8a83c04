// The FAQ decision: which parses are answered from the FAQ, how close a match must be, and when a near-exact FAQ question overrides "none".
import { readFileSync } from 'node:fs';
import { createDomainEvidence } from '../model/domain-evidence.js';
import type { FaqMatch, Intent } from '../types.js';
import { asksQuestion, asksWhereToDoProcedure, requestsAction } from './question-signal.js';

const FAQ_TERMS_FILE = new URL('./faq-terms.txt', import.meta.url);

/** The FAQ topics' own legal terms (faq-terms.txt), read once. */
export const faqTerms = createDomainEvidence(
  readFileSync(FAQ_TERMS_FILE, 'utf8')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#')),
);

/**
 * Intents that describe a matter. When such a message also asks a question the FAQ answers, the resident gets
 * the answer: with the offer to register (a dispute, an aid request, a petition), or below the receipt of the
 * clue, which is always registered at once (a lost clue, or harm to a minor, costs more than a late answer).
 */
export const ANSWER_FIRST_INTENTS: ReadonlySet<Intent> = new Set([
  'report_dispute',
  'request_aid',
  'petition',
  'report_clue',
]);

/** Intents a near-exact FAQ question may override; a status query is about the asker's own case, not the law. */
const OVERRIDABLE: ReadonlySet<Intent> = new Set(['none', 'greeting']);

/** The entry that refers procedure questions (身份证, 户口, 社保 …) to the offices that handle them. */
export const PUBLIC_SERVICES_FAQ_ID = 'public-services-where';

/**
 * Whether entry `m` may answer this message. The offices' list answers only a legal question asking where or how a
 * procedure is done: a described matter is the thing to handle, and chit-chat that resembles it (门禁卡丢了去哪里补办)
 * stays chit-chat.
 */
function mayAnswer(m: FaqMatch, intent: Intent, normalizedText: string): boolean {
  return (
    m.id !== PUBLIC_SERVICES_FAQ_ID || (intent === 'legal_question' && asksWhereToDoProcedure(normalizedText))
  );
}

export interface FaqThresholds {
  /** A legal question is answered at or above this similarity. */
  legalQuestion: number;
  /** A described matter that asks a question: its own words dilute the similarity, so this sits lower. */
  answerFirst: number;
  /** A message the model calls chit-chat is read as this FAQ question only when it is nearly the same words. */
  override: number;
}

export interface FaqDecisionInput {
  intent: Intent;
  score: number;
  normalizedText: string;
  /** Legal, dispute or crime vocabulary (or a phone, ID number or sum) in the message. */
  evidence: boolean;
  best: () => FaqMatch | null;
}

/** The parse's intent and FAQ answer after the FAQ rules; `best` is only called when an answer is possible. */
export function decideFaq(
  input: FaqDecisionInput,
  t: FaqThresholds,
): { intent: Intent; score: number; faq: FaqMatch | null } {
  const { intent, score, normalizedText } = input;
  const keep = { intent, score, faq: null };
  if (intent === 'legal_question') {
    const m = input.best();
    return m && m.score >= t.legalQuestion && mayAnswer(m, intent, normalizedText)
      ? { intent, score, faq: m }
      : keep;
  }
  if (!asksQuestion(normalizedText)) return keep;
  if (ANSWER_FIRST_INTENTS.has(intent)) {
    // "能不能调解一下" asks the procuratorate to act: register it (a clue is registered anyway).
    if (intent !== 'report_clue' && requestsAction(normalizedText)) return keep;
    const m = input.best();
    return m && m.score >= t.answerFirst && mayAnswer(m, intent, normalizedText)
      ? { intent, score, faq: m }
      : keep;
  }
  if (OVERRIDABLE.has(intent) && (input.evidence || faqTerms.has(normalizedText))) {
    const m = input.best();
    if (m && m.score >= t.override && mayAnswer(m, intent, normalizedText))
      return { intent: 'legal_question', score: m.score, faq: m };
  }
  return keep;
}
