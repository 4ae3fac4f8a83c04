// How people shorten and write place names (军门社区 → 军门), defined once for the parser and the API's routing.

// Longest first, so 社区居委会 goes before 社区 and 街道 before 街.
const SUFFIXES = ['社区居委会', '居委会', '村委会', '社区', '街道', '镇', '乡', '村'] as const;

/** Characters after a short form that make it part of a road or landmark (中山路, 东街口 is kept). */
const ROAD_AFTER = /^(路|街|大道|巷|弄|坊|桥)/u;

/** The name without its administrative suffix, or null when nothing of two characters or more is left. */
export function shortPlaceName(name: string): string | null {
  const plain = name.trim();
  for (const suffix of SUFFIXES) {
    if (plain.endsWith(suffix) && plain.length - suffix.length >= 2)
      return plain.slice(0, plain.length - suffix.length);
  }
  return null;
}

/** True when a short form found at `at` in `text` runs on into a road name (中山 in 中山路). */
export function continuesAsRoad(text: string, at: number, length: number): boolean {
  return ROAD_AFTER.test(text.slice(at + length));
}
