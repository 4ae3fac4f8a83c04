// Duplicate matching on keyed bigram hashes gives the clear-text Dice coefficient, and the stored value holds no words.
import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  hashSimilarity,
  isMatchHashes,
  matchHashes,
  textSimilarity,
} from '../../../api/cases/text-similarity.js';

const key = randomBytes(32);
const hash = (value: string) => createHmac('sha256', key).update(value).digest('hex');

const PAIRS: [string, string][] = [
  ['我住在南街第2社区，邻居吵架，帮忙调解', '我住在南街第2社区邻居吵架帮忙调解一下'],
  ['楼上漏水漏水漏水淹了厨房', '楼上漏水淹了厨房'],
  ['小区门口占道经营', '网吧里很多未成年人通宵上网'],
  ['哈哈哈哈哈哈', '哈哈哈'],
];

describe('matching on keyed hashes', () => {
  it('scores pairs as the clear-text bigram Dice does (repeats counted alike)', () => {
    for (const [a, b] of PAIRS)
      expect(hashSimilarity(matchHashes(a, hash), matchHashes(b, hash))).toBeCloseTo(textSimilarity(a, b), 6);
  });

  it('stores only base64 of sorted hash prefixes: no character of the text, recognisable as hashes', () => {
    const stored = matchHashes(PAIRS[0]![0], hash);
    expect(isMatchHashes(stored)).toBe(true);
    expect(stored).toMatch(/^h1:[A-Za-z0-9+/=]*$/);
    expect(isMatchHashes(PAIRS[0]![0])).toBe(false);
  });

  it('does not match under another key', () => {
    const otherKey = randomBytes(32);
    const other = (value: string) => createHmac('sha256', otherKey).update(value).digest('hex');
    const [a] = PAIRS[0]!;
    expect(hashSimilarity(matchHashes(a, hash), matchHashes(a, other))).toBeLessThan(0.1);
  });
});
