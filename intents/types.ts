// Public types of the intents layer: what a parse of one message looks like.

export type Intent =
  | 'legal_question'
  | 'report_dispute'
  | 'request_aid'
  | 'report_clue'
  | 'petition'
  | 'query_status'
  | 'greeting'
  | 'none';

export const INTENTS: readonly Intent[] = [
  'legal_question',
  'report_dispute',
  'request_aid',
  'report_clue',
  'petition',
  'query_status',
  'greeting',
  'none',
];

export type ClueCategory =
  | 'pornography'
  | 'gambling'
  | 'drugs'
  | 'theft_robbery'
  | 'fraud'
  | 'illegal_fundraising'
  | 'food_drug'
  | 'environment'
  | 'violence_gang'
  | 'minors'
  | 'public_interest'
  | 'other';

export const CLUE_CATEGORIES: readonly ClueCategory[] = [
  'pornography',
  'gambling',
  'drugs',
  'theft_robbery',
  'fraud',
  'illegal_fundraising',
  'food_drug',
  'environment',
  'violence_gang',
  'minors',
  'public_interest',
  'other',
];

export interface Entities {
  caseNo?: string;
  phone?: string;
  amountYuan?: number;
  /** Masked only, e.g. 350102********1233 — the clear number never leaves the parser. */
  idNumber?: string;
  /** YYYY-MM-DD in Asia/Shanghai. */
  dates?: string[];
  /** A name from the places list the parser was created with. */
  place?: string;
}

export interface FaqEntry {
  id: string;
  question: string;
  answer: string;
}

export interface FaqMatch extends FaqEntry {
  score: number;
}

export interface Parse {
  intent: Intent;
  score: number;
  category: ClueCategory | null;
  categoryScore: number;
  entities: Entities;
  faq: FaqMatch | null;
  normalizedText: string;
}

export interface Parser {
  parse(text: string, opts?: { now?: Date }): Promise<Parse>;
}

export interface ParserLogger {
  info: (o: object, m?: string) => void;
}

export interface CreateParserOptions {
  places?: string[];
  logger?: ParserLogger;
}
