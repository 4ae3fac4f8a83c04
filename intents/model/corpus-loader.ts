// Reads the training corpus and the dev set from the plain-text files under intents/.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLUE_CATEGORIES, type ClueCategory, INTENTS, type Intent } from '../types.js';

export const INTENTS_DIR = fileURLToPath(new URL('..', import.meta.url));
export const CORPUS_DIR = join(INTENTS_DIR, 'corpus');
export const CATEGORY_CORPUS_DIR = join(CORPUS_DIR, 'categories');
export const DEV_SET_FILE = join(INTENTS_DIR, 'dev', 'dev-set.jsonl');
/** Held out: written apart from the corpus and never used to choose a threshold, feature or corpus line. */
export const TEST_SET_FILE = join(INTENTS_DIR, 'test', 'test-set.jsonl');
export const DOMAIN_WORDS_FILE = join(CORPUS_DIR, 'domain-words.txt');
export const CATEGORY_WORDS_FILE = join(CORPUS_DIR, 'category-words.txt');

export interface LabelledText<L extends string> {
  text: string;
  label: L;
}

/** One utterance per line; blank lines and lines starting with # are for the reviewer. */
export function readLines(file: string): string[] {
  return readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
}

/**
 * `<label>.txt` is required; `<label>.<theme>.txt` files beside it (e.g. `none.wechat-life.txt`) add lines of
 * one theme each, so a reviewer reads a few hundred lines about one kind of message at a time.
 */
function readLabelledDir<L extends string>(dir: string, labels: readonly L[]): LabelledText<L>[] {
  const files = readdirSync(dir).sort();
  const out: LabelledText<L>[] = [];
  for (const label of labels) {
    const file = `${label}.txt`;
    if (!files.includes(file)) throw new Error(`corpus file missing: ${join(dir, file)}`);
    const themed = files.filter((f) => f.startsWith(`${label}.`) && f.endsWith('.txt') && f !== file);
    for (const f of [file, ...themed]) for (const text of readLines(join(dir, f))) out.push({ text, label });
  }
  return out;
}

export function loadIntentCorpus(dir = CORPUS_DIR): LabelledText<Intent>[] {
  return readLabelledDir(dir, INTENTS);
}

export function loadCategoryCorpus(dir = CATEGORY_CORPUS_DIR): LabelledText<ClueCategory>[] {
  return readLabelledDir(dir, CLUE_CATEGORIES);
}

export function loadDomainWords(file = DOMAIN_WORDS_FILE): string[] {
  return readLines(file);
}

export function loadCategoryWords(file = CATEGORY_WORDS_FILE): string[] {
  return readLines(file);
}

export interface EvalRow {
  text: string;
  intent: string;
  category?: string;
  faq?: string;
  /** The sum the text states, in yuan, where it states one exactly. */
  amountYuan?: number;
}

export function readJsonl<T>(file: string): T[] {
  return readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.trim())
    .map((l, i) => {
      try {
        return JSON.parse(l) as T;
      } catch {
        throw new Error(`${file}:${i + 1}: not JSON`);
      }
    });
}
