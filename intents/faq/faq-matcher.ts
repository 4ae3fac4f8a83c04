// Finds the legal FAQ entry closest to a question by TF-IDF cosine over words and character bigrams.

import type { Features } from '../model/feature-extractor.js';
import type { FaqEntry, FaqMatch } from '../types.js';
import type { FaqRecord } from './faq-store.js';

export interface FaqMatcher {
  best(text: string): FaqMatch | null;
}

type Vector = Map<string, number>;

function norm(v: Vector): number {
  let s = 0;
  for (const x of v.values()) s += x * x;
  return Math.sqrt(s);
}

export function createFaqMatcher(
  entries: readonly FaqRecord[],
  featuresOf: (text: string) => Features,
): FaqMatcher {
  const phrasings: { entry: FaqEntry; keys: string[] }[] = [];
  for (const e of entries) {
    for (const q of [e.question, ...(e.alternatives ?? [])]) {
      phrasings.push({
        entry: { id: e.id, question: e.question, answer: e.answer },
        keys: Object.keys(featuresOf(q)).filter((k) => !k.startsWith('e_')),
      });
    }
  }
  const df = new Map<string, number>();
  for (const p of phrasings) for (const k of p.keys) df.set(k, (df.get(k) ?? 0) + 1);
  const idf = (k: string) => Math.log((phrasings.length + 1) / ((df.get(k) ?? 0) + 1)) + 1;
  const vectors = phrasings.map((p) => {
    const v: Vector = new Map(p.keys.map((k) => [k, idf(k)]));
    return { entry: p.entry, v, n: norm(v) };
  });
  return {
    best(text) {
      const q: Vector = new Map();
      for (const k of Object.keys(featuresOf(text))) if (df.has(k)) q.set(k, idf(k));
      const qn = norm(q);
      if (qn === 0) return null;
      let best: { entry: FaqEntry; score: number } | null = null;
      for (const { entry, v, n } of vectors) {
        let dot = 0;
        for (const [k, w] of q) dot += w * (v.get(k) ?? 0);
        const score = dot / (qn * n);
        if (!best || score > best.score) best = { entry, score };
      }
      return best ? { ...best.entry, score: Math.round(best.score * 1000) / 1000 } : null;
    },
  };
}
