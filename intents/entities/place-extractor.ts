// Finds a street or community from the grid registry's place names in normalised text.

const SUFFIX_RE = /(街道|社区|居委会|村委会|镇|乡|村|街)$/;

export interface PlaceMatcher {
  find(text: string): string | undefined;
}

/** Matches full names first, then names without their suffix (鼓东 → 鼓东街道), longest first. */
export function createPlaceMatcher(places: readonly string[]): PlaceMatcher {
  const aliases: { alias: string; place: string; full: boolean }[] = [];
  for (const place of new Set(places.map((p) => p.trim()).filter(Boolean))) {
    aliases.push({ alias: place, place, full: true });
    const short = place.replace(SUFFIX_RE, '');
    if (short !== place && short.length >= 2) aliases.push({ alias: short, place, full: false });
  }
  aliases.sort((a, b) => Number(b.full) - Number(a.full) || b.alias.length - a.alias.length);
  return {
    find(text) {
      let best: { at: number; len: number; place: string; full: boolean } | undefined;
      for (const a of aliases) {
        const at = text.indexOf(a.alias);
        if (at < 0) continue;
        const better =
          !best ||
          (a.full && !best.full) ||
          (a.full === best.full && a.alias.length > best.len) ||
          (a.full === best.full && a.alias.length === best.len && at < best.at);
        if (better) best = { at, len: a.alias.length, place: a.place, full: a.full };
      }
      return best?.place;
    },
  };
}

/** The ten streets and towns of Gulou District, used when no registry list is given. */
export const DEFAULT_PLACES: readonly string[] = [
  '鼓东街道',
  '鼓西街道',
  '温泉街道',
  '东街街道',
  '南街街道',
  '安泰街道',
  '华大街道',
  '水部街道',
  '五凤街道',
  '洪山镇',
];
