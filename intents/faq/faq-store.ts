// Loads the reviewed legal FAQ file (intents/faq/legal-faq.json): the parser's default entries and the API's seed.
import { readFileSync } from 'node:fs';
import type { FaqEntry, FaqRecord } from '../types.js';

export type { FaqRecord } from '../types.js';

const FAQ_FILE = new URL('./legal-faq.json', import.meta.url);

let cache: FaqRecord[] | undefined;
let byId: Map<string, FaqRecord> | undefined;

export function loadFaq(): readonly FaqRecord[] {
  cache ??= JSON.parse(readFileSync(FAQ_FILE, 'utf8')) as FaqRecord[];
  return cache;
}

/** An entry of the reviewed file by id; a running API answers from its database, which the office may have edited. */
export function findFaq(id: string): FaqEntry | undefined {
  byId ??= new Map(loadFaq().map((e) => [e.id, e]));
  const e = byId.get(id);
  return e ? { id: e.id, question: e.question, answer: e.answer } : undefined;
}
