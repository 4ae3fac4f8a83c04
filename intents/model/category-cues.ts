// Concept cues for the categoriser (corpus/category-words.txt): one feature per concept, so slang shares its common word's weight.
import { escapeRegExp, type Features, type VectorSource, vectorSource } from './feature-extractor.js';

/**
 * A concept's feature fires when any of its terms occurs in the text. The models learn its weight from every
 * corpus line that uses any of the terms, so a euphemism seen once or never (溜冰, 皮肉生意, 私彩) counts like the
 * plain word (冰毒, 卖淫, 赌博) that the corpus uses a hundred times.
 */
export interface CategoryCues {
  /** Concept names whose terms occur in `text` (normalised, lower case). */
  match(text: string): string[];
  readonly concepts: readonly string[];
}

/** The weight of a concept's feature beside a word's (1), in the Bayes model; chosen in intents/README.md step 4. */
export const CATEGORY_CUE_WEIGHT = 4;

const GAP = '*';
// `*` in a term: up to three characters of the same clause (假*证 matches 假的毕业证, not 假货，保证).
const GAP_RE = '[^\\s，。！？；,.!?;]{0,3}';

export function createCategoryCues(concepts: ReadonlyMap<string, readonly string[]>): CategoryCues {
  const compiled = [...concepts].map(([name, terms]) => ({
    name,
    re: new RegExp(terms.map((t) => t.split(GAP).map(escapeRegExp).join(GAP_RE)).join('|')),
  }));
  return {
    concepts: compiled.map((c) => c.name),
    match(text) {
      const out: string[] = [];
      for (const c of compiled) if (c.re.test(text)) out.push(c.name);
      return out;
    },
  };
}

/** `featuresOf` plus `k_<concept>` at `weight` for each concept the (normalised) text names. */
export function withCategoryCues(
  featuresOf: (text: string) => Features,
  cues: CategoryCues,
  weight: number,
): ((text: string) => Features) & VectorSource {
  const base = vectorSource(featuresOf);
  const keys = new Map(cues.concepts.map((c) => [c, `k_${c}`]));
  const ids = new Map(cues.concepts.map((c) => [c, base.idOf(`k_${c}`, true)]));
  const hitsOf = (text: string) => cues.match(text.slice(0, 400).toLowerCase());
  const features = (text: string): Features => {
    const f = featuresOf(text);
    const hits = hitsOf(text);
    if (hits.length === 0) return f;
    const out = new Map(f);
    for (const h of hits) out.set(keys.get(h)!, weight);
    return out;
  };
  return Object.assign(features, {
    idOf: base.idOf,
    keyOf: base.keyOf,
    vector(text: string, add = false) {
      const v = base.vector(text, add);
      const hits = hitsOf(text);
      if (hits.length === 0) return v;
      return {
        ids: [...v.ids, ...hits.map((h) => ids.get(h)!)],
        values: [...v.values, ...hits.map(() => weight)],
      };
    },
  });
}
