// The intents layer's public interface: parse a WeChat message into intent, clue category, entities and FAQ match.
export { parseCaseNo } from './entities/case-number-parser.js';
export { maskSensitive, maskSensitiveAsWritten } from './entities/sensitive-masker.js';
export { ANSWER_FIRST_INTENTS } from './faq/answer-first.js';
export {
  DISCLAIMER,
  MAX_ANSWER_CHARS,
  normalizeLawTitle,
  reviewProblems,
  type SupersededText,
  supersededBy,
} from './faq/faq-review.js';
export { findFaq, loadFaq } from './faq/faq-store.js';
export { type ChatRecordLine, splitChatRecord } from './normalize/chat-record.js';
export { normalizeText, readableText } from './normalize/text-normalizer.js';
export { createParser } from './parser.js';
export {
  CLUE_CATEGORIES,
  type ClueCategory,
  type Entities,
  type FaqMatch,
  type FaqRecord,
  type FaqSource,
  INTENTS,
  type Intent,
  type Parse,
  type Parser,
} from './types.js';
