// Loads the legal FAQ (intents/faq/legal-faq.json) once, for matching and for lookup by id.
import { readFileSync } from 'node:fs';
import type { FaqEntry } from '../types.js';

export interface FaqRecord extends FaqEntry {
  topic: string;
  /** Other ways residents ask the same thing; used only for matching. */
  alternatives?: string[];
}

const FAQ_FILE = new URL('./legal-faq.json', import.meta.url);

let cache: FaqRecord[] | undefined;
let byId: Map<string, FaqRecord> | undefined;

export function loadFaq(): readonly FaqRecord[] {
  cache ??= JSON.parse(readFileSync(FAQ_FILE, 'utf8')) as FaqRecord[];
  return cache;
}

export function findFaq(id: string): FaqEntry | undefined {
  byId ??= new Map(loadFaq().map((e) => [e.id, e]));
  const e = byId.get(id);
  return e ? { id: e.id, question: e.question, answer: e.answer } : undefined;
}
