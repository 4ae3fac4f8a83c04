// Reads fuzhou-words.txt and rewrites the Fuzhou words a message holds into the Mandarin the models were trained on.
import { readFileSync } from 'node:fs';
import { escapeRegExp } from '../model/feature-extractor.js';

const FUZHOU_WORDS_FILE = new URL('./fuzhou-words.txt', import.meta.url);

export interface DialectRule {
  from: string;
  to: string;
  /** Words that contain `from` and must stay as written (萝卜 for 卜). */
  keep: string[];
}

/** Parses `方言 → 普通话  !例外 …` lines; comments and blank lines are skipped, a malformed line is an error. */
export function parseDialectRules(text: string): DialectRule[] {
  const rules: DialectRule[] = [];
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const m = /^(\S+)\s*→\s*(\S+)((?:\s+!\S+)*)$/u.exec(line);
    if (!m) throw new Error(`fuzhou-words.txt line ${i + 1}: expected "方言 → 普通话  !例外", got "${line}"`);
    const keep = (m[3] ?? '')
      .split(/\s+!/)
      .filter(Boolean)
      .map((w) => w.replace(/^!/, ''));
    for (const w of keep)
      if (!w.includes(m[1]!))
        throw new Error(`fuzhou-words.txt line ${i + 1}: "${w}" does not contain "${m[1]}"`);
    rules.push({ from: m[1]!, to: m[2]!, keep });
  }
  return rules;
}

const alternation = (words: Iterable<string>) =>
  new RegExp(
    [...words]
      .sort((a, b) => b.length - a.length)
      .map(escapeRegExp)
      .join('|'),
    'gu',
  );

/**
 * Kept words are first swapped for private-use marks, then every form is replaced, longest first at each position,
 * then the kept words come back: 支支吾吾 keeps both 吾, 萝卜 its 卜.
 */
export function compileDialectRules(rules: readonly DialectRule[]): (text: string) => string {
  if (!rules.length) return (t) => t;
  const to = new Map<string, string>();
  for (const r of rules) if (!to.has(r.from)) to.set(r.from, r.to);
  const forms = alternation(to.keys());
  const kept = [...new Set(rules.flatMap((r) => r.keep))];
  const keepRe = kept.length ? alternation(kept) : null;
  const mark = (i: number) => `\uE000${String.fromCharCode(0xe100 + i)}`;
  const markRe = /\uE000([\uE100-\uEFFF])/gu;
  return (text) => {
    let t = keepRe ? text.replace(keepRe, (w) => mark(kept.indexOf(w))) : text;
    t = t.replace(forms, (m) => to.get(m) ?? m);
    return keepRe ? t.replace(markRe, (_, c: string) => kept[c.charCodeAt(0) - 0xe100] ?? '') : t;
  };
}

export const FUZHOU_RULES: readonly DialectRule[] = parseDialectRules(
  readFileSync(FUZHOU_WORDS_FILE, 'utf8'),
);

/** 伓 → 不, 每侬 → 每人, 暝晡 → 晚上, 卜我两千 → 要我两千 (萝卜 stays): the list in fuzhou-words.txt. */
export const fuzhouToMandarin: (text: string) => string = compileDialectRules(FUZHOU_RULES);
