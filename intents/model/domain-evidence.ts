// Tells whether a message uses any of the domain's vocabulary (corpus/domain-words.txt): the out-of-domain signal.

export interface DomainEvidence {
  /** True when the text contains at least one domain word. */
  has(text: string): boolean;
}

export function createDomainEvidence(words: Iterable<string>): DomainEvidence {
  // Indexed by first character so a scan is one Map lookup per character and no substring allocation.
  const byFirst = new Map<string, string[]>();
  for (const raw of words) {
    const w = raw.toLowerCase();
    if (!w) continue;
    const list = byFirst.get(w[0]!);
    if (list) list.push(w);
    else byFirst.set(w[0]!, [w]);
  }
  return {
    has(text) {
      const t = text.toLowerCase();
      for (let i = 0; i < t.length; i++) {
        const candidates = byFirst.get(t[i]!);
        if (!candidates) continue;
        for (const w of candidates) if (t.startsWith(w, i)) return true;
      }
      return false;
    },
  };
}
