// The intents layer's public interface: parse a WeChat message into intent, clue category, entities and FAQ match.
export { parseCaseNo } from './entities/case-number-parser.js';
export { maskSensitive } from './entities/sensitive-masker.js';
export { findFaq } from './faq/faq-store.js';
export { normalizeText } from './normalize/text-normalizer.js';
export { createParser } from './parser.js';
export {
  CLUE_CATEGORIES,
  type ClueCategory,
  type Entities,
  type FaqMatch,
  INTENTS,
  type Intent,
  type Parse,
  type Parser,
} from './types.js';
