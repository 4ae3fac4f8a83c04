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

export function createWordSegmenter(extraWords: Iterable<string> = []): WordSegmenter {
  const words = new Set(loadWords());
  for (const w of extraWords) if (w.length >= 2 && w.length <= MAX_WORD) words.add(w);
  // Proper prefixes let the longest-match loop stop as soon as no dictionary word can continue.
  const prefixes = new Set<string>();
  for (const w of words) for (let n = 2; n < w.length; n++) prefixes.add(w.slice(0, n));
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
        for (let len = 2; len <= MAX_WORD && i + len <= text.length; len++) {
          const piece = text.slice(i, i + len);
          if (words.has(piece)) best = len;
          if (!prefixes.has(piece)) break;
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
