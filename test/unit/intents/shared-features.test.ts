// A shared feature (the intent model's long-text bucket) may tell the shared labels from the rest, never one of them from another.
import { describe, expect, it } from 'vitest';
import type { Features } from '../../../intents/model/feature-extractor.js';
import { trainClassifier } from '../../../intents/model/nlu-classifier.js';

// Every 'a' line is long, no 'b' line is: trained freely, length alone names 'a'.
const featuresOf = (text: string): Features => {
  const out: Features = new Map();
  for (const w of text.split(' ')) if (w) out.set(w, 1);
  return out;
};
const samples = [
  ...['x1 long', 'x2 long', 'x3 long', 'x4 long'].map((text) => ({ text, label: 'a' })),
  ...['y1', 'y2', 'y3', 'y4'].map((text) => ({ text, label: 'b' })),
  ...['z1 short', 'z2 short', 'z3 short', 'z4 short'].map((text) => ({ text, label: 'c' })),
];
const score = (scored: { label: string; raw?: number }[], label: string) =>
  scored.find((s) => s.label === label)!.raw!;

// How much 'long' moves a's sum ahead of b's: the difference it makes to a text that has it or not.
async function lengthPull(
  classify: (t: string) => Promise<{ label: string; raw?: number }[]>,
): Promise<number> {
  const d = async (t: string) => {
    const s = await classify(t);
    return score(s, 'a') - score(s, 'b');
  };
  return (await d('long y1')) - (await d('y1'));
}

describe('shared features', () => {
  it('learn a label from length when free', async () => {
    const free = await trainClassifier(samples, featuresOf);
    expect(await lengthPull((t) => free.classify(t))).toBeGreaterThan(0.5);
  });

  it('weigh the same for every shared label, and still apart from the others', async () => {
    const tied = await trainClassifier(samples, featuresOf, { features: ['long'], labels: ['a', 'b'] });
    expect(await lengthPull((t) => tied.classify(t))).toBeCloseTo(0, 5);
    const s = await tied.classify('long');
    expect(score(s, 'c')).toBeLessThan(score(s, 'a'));
  });
});
