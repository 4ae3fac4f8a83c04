// Character-bigram similarity (Dice coefficient) for spotting the same matter forwarded twice.
function bigrams(text: string): Map<string, number> {
  const chars = Array.from(text.replace(/[\s\p{P}\p{S}]/gu, ''));
  const grams = new Map<string, number>();
  for (let i = 0; i < chars.length - 1; i++) {
    const g = chars[i]! + chars[i + 1]!;
    grams.set(g, (grams.get(g) ?? 0) + 1);
  }
  return grams;
}

export function textSimilarity(a: string, b: string): number {
  const ga = bigrams(a);
  const gb = bigrams(b);
  let sizeA = 0;
  let sizeB = 0;
  let shared = 0;
  for (const n of ga.values()) sizeA += n;
  for (const [g, n] of gb) {
    sizeB += n;
    shared += Math.min(n, ga.get(g) ?? 0);
  }
  if (sizeA + sizeB === 0) return a === b ? 1 : 0;
  return (2 * shared) / (sizeA + sizeB);
}
