// Finds the legal FAQ entry closest to a question by TF-IDF cosine over words and character bigrams.

import type { Features } from '../model/feature-extractor.js';
import type { FaqEntry, FaqMatch, FaqRecord } from '../types.js';

export interface FaqMatcher {
  best(text: string): FaqMatch | null;
}

type Vector = Map<string, number>;

// How people ask, not what they ask about (longest first, so 怎么办理 is not read as 怎么办 + 理): left in, "怎么办理居住证" matched "离婚怎么办理" at 0.78 and "谁发明的
// 电话" matched "12309是什么电话". Whether a message asks at all is judged separately (question-signal.ts).
const ASKING_WORDS =
  /怎么办理|办理|怎么办|怎么样|怎么|怎样|如何|为什么|是什么|什么|是不是|能不能|可不可以|可以|有没有|要不要|会不会|算不算|该不该|请问|您好|你好|一下|帮我|多长时间|多久|去哪里|哪里|找谁|需要|应该|意思|准备|材料|我们|我|你们|你|吗|呢|吧|啊|呀|的|了/g;
// Hotline numbers (12309, 12348, 12315) are what some residents ask about; the feature extractor drops digits.
const NUMBER_RE = /\d{3,6}/g;

/** The words that say what a question is about; each asking word becomes a break so no bigram spans it. */
export function topicText(text: string): string {
  return text.replace(ASKING_WORDS, ' ');
}

function norm(v: Vector): number {
  let s = 0;
  for (const x of v.values()) s += x * x;
  return Math.sqrt(s);
}

export function createFaqMatcher(
  entries: readonly Pick<FaqRecord, 'id' | 'question' | 'answer' | 'alternatives'>[],
  featuresOf: (text: string) => Features,
): FaqMatcher {
  const keysOf = (text: string): string[] => {
    const topic = topicText(text);
    const keys = [...featuresOf(topic).keys()].filter((k) => !k.startsWith('e_'));
    for (const m of topic.matchAll(NUMBER_RE)) keys.push(`n_${m[0]}`);
    return keys;
  };
  const phrasings: { entry: FaqEntry; keys: string[] }[] = [];
  for (const e of entries) {
    for (const q of [e.question, ...(e.alternatives ?? [])]) {
      phrasings.push({ entry: { id: e.id, question: e.question, answer: e.answer }, keys: keysOf(q) });
    }
  }
  const df = new Map<string, number>();
  for (const p of phrasings) for (const k of new Set(p.keys)) df.set(k, (df.get(k) ?? 0) + 1);
  const idf = (k: string) => Math.log((phrasings.length + 1) / ((df.get(k) ?? 0) + 1)) + 1;
  const vectors = phrasings
    .map((p) => {
      const v: Vector = new Map(p.keys.map((k) => [k, idf(k)]));
      return { entry: p.entry, v, n: norm(v) };
    })
    .filter((p) => p.n > 0);
  // Which phrasings hold each key, with its weight there: a question is compared only where it shares a key. A
  // phrasing without the key added w × 0 to its dot product before, so the sums are the same, in the same order.
  const postings = new Map<string, { at: number; w: number }[]>();
  vectors.forEach(({ v }, at) => {
    for (const [k, w] of v) {
      const list = postings.get(k) ?? [];
      list.push({ at, w });
      postings.set(k, list);
    }
  });
  return {
    best(text) {
      const q: Vector = new Map();
      for (const k of keysOf(text)) if (df.has(k)) q.set(k, idf(k));
      const qn = norm(q);
      if (qn === 0) return null;
      const dots = new Float64Array(vectors.length);
      for (const [k, w] of q) for (const p of postings.get(k) ?? []) dots[p.at]! += w * p.w;
      let best: { entry: FaqEntry; score: number } | null = null;
      for (let at = 0; at < vectors.length; at++) {
        const { entry, n } = vectors[at]!;
        const score = dots[at]! / (qn * n);
        if (!best || score > best.score) best = { entry, score };
      }
      return best ? { ...best.entry, score: Math.round(best.score * 1000) / 1000 } : null;
    },
  };
}
