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

/** Categories that name a crime; an ordinary dispute between people never carries one. */
export const CRIME_CATEGORIES: ReadonlySet<ClueCategory> = new Set<ClueCategory>([
  'pornography',
  'gambling',
  'drugs',
  'theft_robbery',
  'fraud',
  'illegal_fundraising',
  'violence_gang',
]);

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

/** One legal text an answer rests on, named so a reviewer can find the exact version. */
export interface FaqSource {
  /** Full title, e.g. 中华人民共和国民事诉讼法. */
  law: string;
  /** e.g. 第216条、第220条. */
  article: string;
  /** Version or effective date, e.g. 2023年修正，2024-01-01施行. */
  version: string;
}

/** A reviewed FAQ entry as kept in intents/faq/legal-faq.json and in the API's database. */
export interface FaqRecord extends FaqEntry {
  topic: string;
  /** Other ways residents ask the same thing; used only for matching. */
  alternatives?: string[];
  sources: FaqSource[];
  /** ISO 8601 with offset: when the answer was last checked against the law in force. */
  reviewedAt: string;
  reviewedBy?: string;
  /** What the reviewer changed, and what was left out because it could not be confirmed. */
  reviewNotes?: string;
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
  /** The parser is unsure: the bot should ask which of the numbered kinds the sender means (see model/clarify.ts). */
  clarify?: boolean;
}

export interface Parser {
  parse(text: string, opts?: { now?: Date }): Promise<Parse>;
  /** Replaces the FAQ entries answered from (milliseconds: only the similarity index is rebuilt). */
  setFaq(entries: readonly FaqRecord[]): void;
}

export interface ParserLogger {
  info: (o: object, m?: string) => void;
}

export interface CreateParserOptions {
  places?: string[];
  logger?: ParserLogger;
  /** The FAQ to answer from; defaults to the reviewed file. The API passes its database's current entries. */
  faq?: readonly FaqRecord[];
}
