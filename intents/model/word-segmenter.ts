// Segments Chinese text into dictionary words by forward maximum matching over lang-zh's CC-CEDICT word list.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const MAX_WORD = 6;

export interface WordSegmenter {
  segment(text: string): string[];
}

let shared: Set<string> | undefined;

// lang-zh's own Dictionary keeps every CEDICT definition in memory (~200 MB RSS); the parser only needs the words.
function loadWords(): Set<string> {
  if (shared) return shared;
  const require = createRequire(import.meta.url);
  const file = require.resolve('@nlpjs/lang-zh/src/cedict_ts.u8.js');
  const text = readFileSync(file, 'utf8');
  const words = new Set<string>();
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    if (text.charCodeAt(start) !== 35 /* # */) {
      const a = text.indexOf(' ', start);
      const b = a < 0 ? -1 : text.indexOf(' ', a + 1);
      if (b > a && b < end && b - a - 1 >= 2 && b - a - 1 <= MAX_WORD) {
        // Copy so the 9 MB source string is not kept alive by sliced substrings.
        words.add(` ${text.slice(a + 1, b)}`.slice(1));
      }
    }
    start = end + 1;
  }
  shared = words;
  return words;
}

const WORD = 1;
const PREFIX = 2;

export function createWordSegmenter(extraWords: Iterable<string> = []): WordSegmenter {
  const words = new Set(loadWords());
  for (const w of extraWords) if (w.length >= 2 && w.length <= MAX_WORD) words.add(w);
  // Each word and each proper prefix of one, flagged: the longest-match loop stops as soon as no dictionary word can
  // continue, with one lookup per length. `longest` (by first character) skips the loop where no word starts.
  const pieces = new Map<string, number>();
  const longest = new Uint8Array(0x10000);
  for (const w of words) {
    pieces.set(w, (pieces.get(w) ?? 0) | WORD);
    for (let n = 2; n < w.length; n++) {
      const p = w.slice(0, n);
      pieces.set(p, (pieces.get(p) ?? 0) | PREFIX);
    }
    const c = w.charCodeAt(0);
    if (w.length > longest[c]!) longest[c] = w.length;
  }
  let lastText = '';
  let lastResult: string[] = [];
  return {
    segment(text) {
      // The intent model, the categoriser and the FAQ matcher segment the same text in a row.
      if (text === lastText) return lastResult;
      const out: string[] = [];
      let i = 0;
      while (i < text.length) {
        let best = 1;
        const limit = Math.min(longest[text.charCodeAt(i)]!, text.length - i);
        for (let len = 2; len <= limit; len++) {
          const flags = pieces.get(text.slice(i, i + len));
          if (flags === undefined) break;
          if (flags & WORD) best = len;
          if (!(flags & PREFIX)) break;
        }
        out.push(text.slice(i, i + best));
        i += best;
      }
      lastText = text;
      lastResult = out;
      return out;
    },
  };
}
