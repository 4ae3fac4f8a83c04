// Character-bigram similarity (Dice coefficient) for spotting the same matter twice: in clear, or on keyed hashes.

/** Bigrams of the text without spaces, punctuation and symbols; the n-th repeat of one is told apart (`ab#1`). */
function bigramKeys(text: string): string[] {
  const chars = Array.from(text.replace(/[\s\p{P}\p{S}]/gu, ''));
  const seen = new Map<string, number>();
  const keys: string[] = [];
  for (let i = 0; i < chars.length - 1; i++) {
    const g = chars[i]! + chars[i + 1]!;
    const n = seen.get(g) ?? 0;
    seen.set(g, n + 1);
    keys.push(`${g}#${n}`);
  }
  return keys;
}

/** Dice on multisets of bigrams: a repeat counts as often as both texts have it (min of the counts). */
function dice(
  a: ReadonlySet<string> | readonly number[],
  b: ReadonlySet<string> | readonly number[],
): number {
  const sizeA = 'size' in a ? a.size : a.length;
  const sizeB = 'size' in b ? b.size : b.length;
  if (sizeA + sizeB === 0) return 0;
  let shared = 0;
  if ('size' in a && 'size' in b) {
    for (const k of b) if (a.has(k)) shared++;
  } else {
    // Two sorted lists of hashes: one merge pass.
    const x = a as readonly number[];
    const y = b as readonly number[];
    for (let i = 0, j = 0; i < x.length && j < y.length; ) {
      if (x[i] === y[j]) {
        shared++;
        i++;
        j++;
      } else if (x[i]! < y[j]!) i++;
      else j++;
    }
  }
  return (2 * shared) / (sizeA + sizeB);
}

export function textSimilarity(a: string, b: string): number {
  const ka = bigramKeys(a);
  const kb = bigramKeys(b);
  if (ka.length + kb.length === 0) return a === b ? 1 : 0;
  return dice(new Set(ka), new Set(kb));
}

const HASHES_PREFIX = 'h1:';

/**
 * What is stored for duplicate matching instead of the words: the 32-bit prefixes of keyed hashes of the
 * text's bigrams, sorted (so nothing tells their order), as `h1:` + base64. Without the hash key they
 * cannot be tested against any guess; with it, only bigram by bigram.
 */
export function matchHashes(text: string, hash: (value: string) => string): string {
  const values = [...new Set(bigramKeys(text).map((k) => Number.parseInt(hash(k).slice(0, 8), 16)))].sort(
    (x, y) => x - y,
  );
  const bytes = Buffer.alloc(values.length * 4);
  for (const [i, v] of values.entries()) bytes.writeUInt32BE(v, i * 4);
  return `${HASHES_PREFIX}${bytes.toString('base64')}`;
}

/** True for a stored value made by matchHashes (an older version stored the clear text there). */
export function isMatchHashes(stored: string): boolean {
  return stored.startsWith(HASHES_PREFIX);
}

function decode(stored: string): number[] {
  const bytes = Buffer.from(stored.slice(HASHES_PREFIX.length), 'base64');
  const values: number[] = [];
  for (let i = 0; i + 4 <= bytes.length; i += 4) values.push(bytes.readUInt32BE(i));
  return values;
}

/** The Dice coefficient of two texts from their stored hashes: equal to textSimilarity but for hash collisions. */
export function hashSimilarity(a: string, b: string): number {
  return dice(decode(a), decode(b));
}
