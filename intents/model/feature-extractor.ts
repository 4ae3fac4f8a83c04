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

/** A text's unscaled features as a vector, with the key of each of its ids (`complete`: no unknown ids). */
interface RawEntry {
  options: string;
  text: string;
  vector: FeatureVector;
  key: (id: number) => string;
  complete: boolean;
}

/**
 * The last text's unscaled features per segmenter: the intent model and the categoriser read the same text's words
 * and bigrams in turn, differing only in the scaling. Callers must not change a returned vector.
 */
const lastRaw = new WeakMap<WordSegmenter, RawEntry>();
/** While a build runs: every text's unscaled features, by options, then text (see rememberAllFeatures). */
const allRaw = new WeakMap<WordSegmenter, Map<string, Map<string, RawEntry>>>();

/**
 * Until the returned function is called, every text's unscaled features are kept for `segmenter`, and every key it
 * meets is numbered in its table: a build reads each training line's features up to six times (the cache key, the
 * perceptrons and the Bayes models, for intents and categories alike), and they differ only in scaling. Not for
 * parsing: the memory would grow with every message.
 */
export function rememberAllFeatures(segmenter: WordSegmenter): () => void {
  const all = new Map<string, Map<string, RawEntry>>();
  allRaw.set(segmenter, all);
  return () => {
    if (allRaw.get(segmenter) === all) allRaw.delete(segmenter);
  };
}

/**
 * A text's features as parallel arrays, in the order its Features Map holds them: `ids` number the keys in the
 * segmenter's key table (idOf), so a model scores a parse by indexing arrays instead of looking up each key
 * in a Map of its own (four models read every parse's keys).
 */
export interface FeatureVector {
  readonly ids: readonly number[];
  readonly values: readonly number[];
}

/** What a model reads a text through: its features as a vector, and the id of a feature key the model knows. */
export interface VectorSource {
  /**
   * With `add` (a model's training lines), every key is numbered in the table; without, a key it does not hold gets
   * an id no model knows.
   */
  vector(text: string, add?: boolean): FeatureVector;
  /** The key's id (-1: none); with `add`, a key not yet in the table is given one. */
  idOf(key: string, add?: boolean): number;
  /** The key of a table id. */
  keyOf(id: number): string;
}

export type FeatureExtractor = ((text: string) => Features) & VectorSource;

/**
 * Every feature key's id, per segmenter: filled from the training lines' keys while a build runs
 * (rememberAllFeatures) and by the models' own features; a parse reuses the ids it finds and adds none.
 */
interface KeyTable {
  ids: Map<string, number>;
  keys: string[];
  /**
   * Shortcuts to `ids` for the two commonest kinds, found without building their key string: a word by itself, a
   * bigram by its two characters' codes (one small integer; CJK_RUN_RE's range). Hold only keys `ids` holds.
   */
  words: Map<string, number>;
  bigrams: Map<number, number>;
}
const keyTables = new WeakMap<WordSegmenter, KeyTable>();

const newKeyTable = (): KeyTable => ({ ids: new Map(), keys: [], words: new Map(), bigrams: new Map() });

function keyTable(segmenter: WordSegmenter): KeyTable {
  let table = keyTables.get(segmenter);
  if (!table) {
    table = newKeyTable();
    keyTables.set(segmenter, table);
  }
  return table;
}

function addKey(table: KeyTable, key: string): number {
  const id = table.keys.length;
  table.ids.set(key, id);
  table.keys.push(key);
  return id;
}

/** VectorSource's idOf and keyOf over `table`. */
function tableLookups(table: KeyTable): Pick<VectorSource, 'idOf' | 'keyOf'> {
  return {
    idOf: (key, add = false) => table.ids.get(key) ?? (add ? addKey(table, key) : -1),
    keyOf: (id) => table.keys[id]!,
  };
}

const CJK_FIRST = 0x4e00;
const CJK_SPAN = 0x9fff - CJK_FIRST + 1;

/** A parse's keys the table does not hold are numbered from here, per text: no model knows them. */
const UNKNOWN_BASE = 1 << 30;

/** A text's Chinese runs with their word and bigram ids, and its Latin words' ids: the same for every option set. */
interface Analysis {
  t: string;
  runs: { text: string; wordIds: number[]; bigramIds: number[] }[];
  latinIds: number[];
  /** The id of a key (the table's, or one of this text's unknown keys'). */
  id: (key: string) => number;
  /** The key of an id. */
  key: (id: number) => string;
  /** No key of the text's (so far) is unknown to the table. */
  complete: () => boolean;
}

/**
 * The last text analysed per segmenter: a parse reads the same text with three option sets in a row (intent
 * model, categoriser, FAQ), and segmenting it and numbering its keys once serves all three.
 */
const lastAnalysis = new WeakMap<WordSegmenter, Analysis>();

function analyse(segmenter: WordSegmenter, t: string, add: boolean): Analysis {
  const table = keyTable(segmenter);
  const last = lastAnalysis.get(segmenter);
  if (last?.t === t && (last.complete() || !add)) return last;
  const growing = add || allRaw.has(segmenter);
  const unknown: string[] = [];
  const unknownIds = new Map<string, number>();
  const id = (key: string): number => {
    const known = table.ids.get(key);
    if (known !== undefined) return known;
    if (growing) return addKey(table, key);
    let u = unknownIds.get(key);
    if (u === undefined) {
      u = UNKNOWN_BASE + unknown.length;
      unknown.push(key);
      unknownIds.set(key, u);
    }
    return u;
  };
  const runs = (t.match(CJK_RUN_RE) ?? []).map((run) => {
    const wordIds: number[] = [];
    for (const w of segmenter.segment(run)) {
      if (STOPWORDS.has(w)) continue;
      let k = table.words.get(w);
      if (k === undefined) {
        k = id(`w_${w}`);
        if (k < UNKNOWN_BASE) table.words.set(w, k);
      }
      wordIds.push(k);
    }
    const bigramIds: number[] = [];
    for (let i = 0; i + 1 < run.length; i++) {
      const code = (run.charCodeAt(i) - CJK_FIRST) * CJK_SPAN + run.charCodeAt(i + 1) - CJK_FIRST;
      let k = table.bigrams.get(code);
      if (k === undefined) {
        k = id(`b_${run.substr(i, 2)}`);
        if (k < UNKNOWN_BASE) table.bigrams.set(code, k);
      }
      bigramIds.push(k);
    }
    return { text: run, wordIds, bigramIds };
  });
  const latinIds = (t.match(LATIN_RE) ?? []).map((w) => id(`l_${w}`));
  const key = (i: number) => (i >= UNKNOWN_BASE ? unknown[i - UNKNOWN_BASE]! : table.keys[i]!);
  const analysis = { t, runs, latinIds, id, key, complete: () => unknown.length === 0 };
  lastAnalysis.set(segmenter, analysis);
  return analysis;
}

/** Collects a text's (id, value) pairs in first-seen order; a key seen again keeps its place (as a Map's set does). */
class VectorBuilder {
  private ids: number[] = [];
  private values: number[] = [];
  private seen = new Int32Array(1024);
  private stamp = 0;
  private unknownSeen = new Set<number>();

  start(): void {
    // Fresh arrays, handed out by finish(): small JS arrays cost far less to make than typed arrays.
    this.ids = [];
    this.values = [];
    this.unknownSeen.clear();
    if (++this.stamp === 0x7fffffff) {
      this.seen.fill(0);
      this.stamp = 1;
    }
  }

  set(id: number, value: number): void {
    if (id >= UNKNOWN_BASE) {
      if (this.unknownSeen.has(id)) return;
      this.unknownSeen.add(id);
    } else {
      if (id >= this.seen.length) {
        const grown = new Int32Array(Math.max(id + 1, this.seen.length * 2));
        grown.set(this.seen);
        this.seen = grown;
      }
      if (this.seen[id] === this.stamp) return;
      this.seen[id] = this.stamp;
    }
    this.ids.push(id);
    this.values.push(value);
  }

  finish(): FeatureVector {
    return { ids: this.ids, values: this.values };
  }
}

export function createFeatureExtractor(
  segmenter: WordSegmenter,
  opts: FeatureOptions = {},
): FeatureExtractor {
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
  const builder = new VectorBuilder();
  function rawVector(text: string, add: boolean): RawEntry {
    const a = analyse(segmenter, text.slice(0, maxChars).toLowerCase(), add);
    const { t, runs, id } = a;
    builder.start();
    for (const run of runs) {
      for (const k of run.wordIds) builder.set(k, 1);
      if (bigrams) for (const k of run.bigramIds) builder.set(k, bigramWeight);
    }
    for (const k of a.latinIds) builder.set(k, 1);
    const firstRun = runs[0]?.text;
    const lastRun = runs[runs.length - 1]?.text;
    if (ends && firstRun !== undefined && lastRun !== undefined) {
      for (const w of segmenter.segment(firstRun.slice(0, ends.head)))
        if (!STOPWORDS.has(w)) builder.set(id(`h_${w}`), 1);
      for (const w of segmenter.segment(lastRun.slice(-ends.tail)))
        if (!STOPWORDS.has(w)) builder.set(id(`t_${w}`), 1);
    }
    // Length is a real signal: chit-chat is short, reports and court-style statements are long.
    const len = text.length;
    // The long bucket is shared by the case-worthy intents (parser.ts INTENT_SHARED).
    builder.set(id(len < 8 ? 'e_len_xs' : len < 20 ? 'e_len_s' : len < 50 ? 'e_len_m' : 'e_len_l'), 1);
    if (/\d/.test(t)) builder.set(id('e_digit'), 1);
    if (/[?？吗呢]/.test(t)) builder.set(id('e_question'), 1);
    for (const m of marks) builder.set(id(m.matcher.has(t) ? m.feature : m.absent), markWeight);
    return { options, text, vector: builder.finish(), key: a.key, complete: a.complete() };
  }
  function raw(text: string, add: boolean): RawEntry {
    const last = lastRaw.get(segmenter);
    if (last && last.text === text && last.options === options && (last.complete || !add)) return last;
    // Keyed by the text itself, not options + text: a normalised line's hash is computed once and kept by V8, where
    // a concatenated key was hashed anew at every lookup (a third of the build's feature time).
    const all = allRaw.get(segmenter);
    let byText = all?.get(options);
    if (all && !byText) {
      byText = new Map();
      all.set(options, byText);
    }
    const entry = byText?.get(text) ?? rawVector(text, add);
    if (byText && entry.complete) byText.set(text, entry);
    lastRaw.set(segmenter, entry);
    return entry;
  }
  function features(text: string): Features {
    const { vector, key } = raw(text, false);
    // Unit length: otherwise a one-word greeting teaches that word a huge weight, and "网格员反映：…赌博"
    // became a greeting because 反映 once appeared in one.
    const scale = unitLength ? unitScale(vector.values) : 1;
    const out: Features = new Map();
    for (let i = 0; i < vector.ids.length; i++) out.set(key(vector.ids[i]!), vector.values[i]! * scale);
    return out;
  }
  // The intent perceptrons read a parse's vector scaled, the intent Bayes model the same vector unscaled.
  let lastScaled: { entry: RawEntry; vector: FeatureVector } | undefined;
  function vector(text: string, add = false): FeatureVector {
    const entry = raw(text, add);
    if (!unitLength) return entry.vector;
    if (lastScaled?.entry === entry) return lastScaled.vector;
    const scale = unitScale(entry.vector.values);
    const scaled = { ids: entry.vector.ids, values: entry.vector.values.map((v) => v * scale) };
    lastScaled = { entry, vector: scaled };
    return scaled;
  }
  return Object.assign(features, { vector, ...tableLookups(keyTable(segmenter)) });
}

/** 1 / the Euclidean length of `values`, summed in their order (so the Map and the vector scale alike). */
function unitScale(values: Iterable<number>): number {
  let norm = 0;
  for (const v of values) norm += v * v;
  return 1 / Math.sqrt(norm || 1);
}

/**
 * `featuresOf` as a VectorSource: an extractor is one already; any other function (a test's word splitter) gets a
 * key table of its own.
 */
export function vectorSource(featuresOf: (text: string) => Features): VectorSource {
  if ('vector' in featuresOf && 'idOf' in featuresOf) return featuresOf as FeatureExtractor;
  const { idOf, keyOf } = tableLookups(newKeyTable());
  return {
    idOf,
    keyOf,
    vector(text, add = false) {
      const f = featuresOf(text);
      return { ids: Array.from(f.keys(), (k) => idOf(k, add)), values: [...f.values()] };
    },
  };
}

/** `s` as a literal inside a RegExp source: category-words.txt's concepts (category-cues.ts), the Fuzhou words. */
export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A model's row for feature `id` in `rowOf` (rowsById), -1 for none: -1 ids and a parse's unknown ids lie outside it. */
export function rowAt(rowOf: Int32Array, id: number): number {
  return id >= 0 && id < rowOf.length ? rowOf[id]! : -1;
}

/** Row `r` of a model is the feature with id `ids[r]`: the inverse, an id's row (-1 where the model has none). */
export function rowsById(ids: readonly number[]): Int32Array {
  let top = -1;
  for (const id of ids) if (id > top) top = id;
  const rowOf = new Int32Array(top + 1).fill(-1);
  ids.forEach((id, r) => {
    rowOf[id] = r;
  });
  return rowOf;
}
