// Derives domain evidence from the corpus at build time: words and character bigrams far likelier in case-worthy lines than in chit-chat.
import type { LabelledText } from './corpus-loader.js';
import type { WordSegmenter } from './word-segmenter.js';

const CJK_RUN_RE = /[\u4e00-\u9fff]+/g;
const NO_CASE = new Set(['none', 'greeting']);

export interface DerivationOptions {
  /** A term must occur in at least this many case-worthy lines. */
  minCaseLines: number;
  /**
   * Smoothed log-odds of the term's share of case-worthy lines over its share of chit-chat lines
   * (ln(((c + ½)/C) / ((n + ½)/N))) must reach this.
   */
  minLogOdds: number;
}

// A sum of money or a place name is no evidence of a matter (parser.ts hasEvidence): for-sale posts, prices and
// greetings to a street carry them. The corpus's reports name sums and streets far more often than its chat, so
// without this rule 三千, 十万, 万元, 洪山, 温泉街道 … were derived as evidence and filed 老婆买了个包 三千八 and
// 洪山镇的朋友 今晚江边有烟花吗 as cases (h13chat, used test split).
const NUMERAL_RE = /^[零一二两三四五六七八九十百千万亿几多块元钱]+$/;
const MONEY_UNIT_RE = /[百千万亿块元钱]/;

/** Whether a term is only a sum of money (两万, 千块, 十万) or a piece of one of `places` (洪山, 温泉街道, 街道). */
export function isSumOrPlace(term: string, places: readonly string[]): boolean {
  if (NUMERAL_RE.test(term) && MONEY_UNIT_RE.test(term)) return true;
  return places.some((p) => p.includes(term));
}

/** Chosen on the dev set (`npm run eval:intents -- --sweep`, see intents/README.md). */
export const DERIVATION: DerivationOptions = { minCaseLines: 3, minLogOdds: 2.5 };

export interface DerivedTerm {
  term: string;
  caseLines: number;
  chatLines: number;
  logOdds: number;
}

/** The distinct words (2+ characters) and character bigrams of a text's Chinese runs. */
export function termsOf(text: string, segmenter: WordSegmenter): Set<string> {
  const out = new Set<string>();
  for (const m of text.toLowerCase().matchAll(CJK_RUN_RE)) {
    const run = m[0];
    for (const w of segmenter.segment(run)) if (w.length >= 2) out.add(w);
    for (let i = 0; i + 1 < run.length; i++) out.add(run.slice(i, i + 2));
  }
  return out;
}

/**
 * Every term whose corpus distribution is strongly case-worthy, strongest first. Computed from the training
 * corpus only, so a new line in `corpus/*.txt` teaches the out-of-domain signal as well as the classifier.
 */
export function deriveDomainTerms(
  samples: readonly LabelledText<string>[],
  segmenter: WordSegmenter,
  opts: DerivationOptions = DERIVATION,
  /** Street and town names: no evidence however often reports name them. */
  places: readonly string[] = [],
): DerivedTerm[] {
  const counts = new Map<string, { c: number; n: number }>();
  let caseLines = 0;
  let chatLines = 0;
  for (const s of samples) {
    const chat = NO_CASE.has(s.label);
    if (chat) chatLines++;
    else caseLines++;
    for (const t of termsOf(s.text, segmenter)) {
      let e = counts.get(t);
      if (!e) {
        e = { c: 0, n: 0 };
        counts.set(t, e);
      }
      if (chat) e.n++;
      else e.c++;
    }
  }
  const out: DerivedTerm[] = [];
  for (const [term, { c, n }] of counts) {
    if (c < opts.minCaseLines || isSumOrPlace(term, places)) continue;
    const logOdds = Math.log((c + 0.5) / Math.max(caseLines, 1) / ((n + 0.5) / Math.max(chatLines, 1)));
    if (logOdds >= opts.minLogOdds) out.push({ term, caseLines: c, chatLines: n, logOdds });
  }
  return out.sort((a, b) => b.logOdds - a.logOdds || a.term.localeCompare(b.term));
}
