// Turns normalised text into the sparse features the nlp.js classifiers learn from: dictionary words, optional character bigrams, marks.
import { createHash } from 'node:crypto';
import { createDomainEvidence } from './domain-evidence.js';
import type { WordSegmenter } from './word-segmenter.js';

const CJK_RUN_RE = /[\u4e00-\u9fff]+/g;
const LATIN_RE = /[a-z]{2,}/g;

// Function words carry no intent and, measured, pulled legal questions towards query_status ("我的…了吗").
const STOPWORDS = new Set(['的', '了', '是', '在', '和', '个', '着']);

/**
 * A text's features in the order they were found. A Map, not an object: an object given ~60 computed keys per text
 * turns into a hash dictionary, and building and reading those was most of a parse (a Map: ~6× faster, the same
 * keys, values and order).
 */
export type Features = Map<string, number>;

export interface FeatureOptions {
  /** Long court-style texts are cut here: the beginning says what a message is about. */
  maxChars?: number;
  /**
   * Character bigrams help similarity search (FAQ) but hurt the intent model: measured on the dev set,
   * words alone gave 88.8% accuracy, words + bigrams 75.1%, and training took 20× longer.
   */
  bigrams?: boolean;
  /** Weight of a bigram relative to a word before scaling to unit length (default 1). */
  bigramWeight?: number;
  /** Scale features to unit length (default true). */
  unitLength?: boolean;
  /**
   * Marks (corpus/form-words.txt, and parser.ts's domain-word mark): `e_<mark>` when any of its terms occurs in the
   * message, `e_no_<mark>` when none does — the absence is the signal: a grumble or a forwarded warning asks nothing.
   */
  marks?: ReadonlyMap<string, readonly string[]>;
  /** Weight of a form mark relative to a word before scaling (default 1); see parser.ts INTENT_FEATURES. */
  markWeight?: number;
  /**
   * Where a message starts and ends says what it does: the words of the first `head` characters of its first Chinese
   * run are also features `h_<word>` (转发, 【警惕】, 我想问), those of the last `tail` characters of its last run `t_<word>`
   * (怎么办, 帮忙看看 against 算了, 笑死).
   */
  ends?: { head: number; tail: number };
}

/**
 * The last text's unscaled features per segmenter and options: the intent model and the categoriser read the same
 * text's words and bigrams in turn, differing only in the scaling. Callers must not change a returned object.
 */
const lastRaw = new WeakMap<WordSegmenter, { options: string; text: string; raw: Features }>();
/** While a build runs: every text's unscaled features, by options, then text (see rememberAllFeatures). */
const allRaw = new WeakMap<WordSegmenter, Map<string, Map<string, Features>>>();

/**
 * Until the returned function is called, every text's unscaled features are kept for `segmenter`: a build reads each
 * training line's features up to six times (the cache key, the perceptrons and the Bayes models, for intents and
 * categories alike), and they differ only in scaling. Not for parsing: the memory would grow with every message.
 */
export function rememberAllFeatures(segmenter: WordSegmenter): () => void {
  const all = new Map<string, Map<string, Features>>();
  allRaw.set(segmenter, all);
  return () => {
    if (allRaw.get(segmenter) === all) allRaw.delete(segmenter);
  };
}

/**
 * One string object per feature key, per segmenter: made from every training line's keys, so the models' indexes hold
 * these very objects and a parse's lookups (four Maps per key) match by identity instead of comparing characters.
 * Grows only while a build runs (rememberAllFeatures); a parse reuses the keys it finds and adds none.
 */
const canonicalKeys = new WeakMap<WordSegmenter, Map<string, string>>();

function keyMaker(segmenter: WordSegmenter): (key: string) => string {
  let table = canonicalKeys.get(segmenter);
  if (!table) {
    table = new Map();
    canonicalKeys.set(segmenter, table);
  }
  const known = table;
  const growing = allRaw.has(segmenter);
  return (key) => {
    const canonical = known.get(key);
    if (canonical !== undefined) return canonical;
    if (growing) known.set(key, key);
    return key;
  };
}

/** A text's Chinese runs with their word and bigram features, and its Latin words: the same for every option set. */
interface Analysis {
  t: string;
  runs: { text: string; wordKeys: string[]; bigramKeys: string[] }[];
  latinKeys: string[];
  /** The canonical object of a key (keyMaker). */
  key: (key: string) => string;
}

/**
 * The last text analysed per segmenter: a parse reads the same text with three option sets in a row (intent
 * model, categoriser, FAQ), and segmenting it and building its keys once serves all three.
 */
const lastAnalysis = new WeakMap<WordSegmenter, Analysis>();

function analyse(segmenter: WordSegmenter, t: string): Analysis {
  const last = lastAnalysis.get(segmenter);
  if (last?.t === t) return last;
  const key = keyMaker(segmenter);
  const runs = (t.match(CJK_RUN_RE) ?? []).map((run) => {
    const wordKeys: string[] = [];
    for (const w of segmenter.segment(run)) if (!STOPWORDS.has(w)) wordKeys.push(key(`w_${w}`));
    const bigramKeys: string[] = [];
    for (let i = 0; i + 1 < run.length; i++) bigramKeys.push(key(`b_${run.substr(i, 2)}`));
    return { text: run, wordKeys, bigramKeys };
  });
  const analysis = { t, runs, latinKeys: (t.match(LATIN_RE) ?? []).map((w) => key(`l_${w}`)), key };
  lastAnalysis.set(segmenter, analysis);
  return analysis;
}

export function createFeatureExtractor(segmenter: WordSegmenter, opts: FeatureOptions = {}) {
  const maxChars = opts.maxChars ?? 400;
  const bigrams = opts.bigrams ?? false;
  const unitLength = opts.unitLength ?? true;
  const bigramWeight = opts.bigramWeight ?? 1;
  const marks = [...(opts.marks ?? [])]
    .filter(([, terms]) => terms.length > 0)
    .map(([mark, terms]) => ({
      feature: `e_${mark}`,
      absent: `e_no_${mark}`,
      terms,
      // Indexed by first character: the domain-word mark has 500 terms, which as one RegExp alternation cost every
      // message a scan per term.
      matcher: createDomainEvidence(terms),
    }));
  const markWeight = opts.markWeight ?? 1;
  const ends = opts.ends;
  // A digest of the marks' terms, not the terms: this string prefixes every remembered text's key during a build.
  const marksKey = createHash('sha256')
    .update(marks.map((m) => `${m.feature}=${m.terms.join('|')}`).join('\n'))
    .digest('hex')
    .slice(0, 16);
  const options = `${ends ? `${ends.head}/${ends.tail} ` : ''}${markWeight} ${maxChars} ${bigrams} ${bigramWeight} ${marksKey}`;
  function rawFeatures(text: string): Features {
    const a = analyse(segmenter, text.slice(0, maxChars).toLowerCase());
    const { t, runs } = a;
    const out: Features = new Map();
    for (const run of runs) {
      for (const k of run.wordKeys) out.set(k, 1);
      if (bigrams) for (const k of run.bigramKeys) out.set(k, bigramWeight);
    }
    for (const k of a.latinKeys) out.set(k, 1);
    const firstRun = runs[0]?.text;
    const lastRun = runs[runs.length - 1]?.text;
    if (ends && firstRun !== undefined && lastRun !== undefined) {
      for (const w of segmenter.segment(firstRun.slice(0, ends.head)))
        if (!STOPWORDS.has(w)) out.set(a.key(`h_${w}`), 1);
      for (const w of segmenter.segment(lastRun.slice(-ends.tail)))
        if (!STOPWORDS.has(w)) out.set(a.key(`t_${w}`), 1);
    }
    // Length is a real signal: chit-chat is short, reports and court-style statements are long.
    const len = text.length;
    // The long bucket is shared by the case-worthy intents (parser.ts INTENT_SHARED).
    out.set(len < 8 ? 'e_len_xs' : len < 20 ? 'e_len_s' : len < 50 ? 'e_len_m' : 'e_len_l', 1);
    if (/\d/.test(t)) out.set('e_digit', 1);
    if (/[?？吗呢]/.test(t)) out.set('e_question', 1);
    for (const m of marks) out.set(m.matcher.has(t) ? m.feature : m.absent, markWeight);
    return out;
  }
  function features(text: string): Features {
    const last = lastRaw.get(segmenter);
    let raw: Features;
    if (last && last.text === text && last.options === options) raw = last.raw;
    else {
      // Keyed by the text itself, not options + text: a normalised line's hash is computed once and kept by V8, where
      // a concatenated key was hashed anew at every lookup (a third of the build's feature time).
      const all = allRaw.get(segmenter);
      let byText = all?.get(options);
      if (all && !byText) {
        byText = new Map();
        all.set(options, byText);
      }
      const known = byText?.get(text);
      raw = known ?? rawFeatures(text);
      if (byText && !known) byText.set(text, raw);
      lastRaw.set(segmenter, { options, text, raw });
    }
    if (!unitLength) return raw;
    // Unit length: otherwise a one-word greeting teaches that word a huge weight, and "网格员反映：…赌博"
    // became a greeting because 反映 once appeared in one.
    let norm = 0;
    for (const v of raw.values()) norm += v * v;
    const scale = 1 / Math.sqrt(norm || 1);
    const out: Features = new Map();
    for (const [k, v] of raw) out.set(k, v * scale);
    return out;
  }
  // A model loaded from the cache names its features with strings of its own (JSON's): mapped to the canonical
  // objects, its index matches a parse's keys by identity too (nlu-classifier.ts).
  return Object.assign(features, {
    canonical: (key: string) => canonicalKeys.get(segmenter)?.get(key) ?? key,
  });
}

/** `s` as a literal inside a RegExp source (corpus/category-words.txt's concepts, model/category-cues.ts). */
export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
