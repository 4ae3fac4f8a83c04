// Finds a street or community from the grid registry's place names in normalised text, without guessing.
import { continuesAsRoad, shortPlaceName } from './place-names.js';

export interface PlaceMatcher {
  /**
   * A full name from the list; or a short form as written (军门) when it stands for one place, or for several
   * (a street and a community sharing it) — the API then asks which one is meant.
   */
  find(text: string): string | undefined;
}

// A short form alone is too often an ordinary word (公益 in 公益诉讼, 西湖, 永恒), so it counts as a place
// only where the text says someone lives or something happens there.
const CUE_BEFORE = /(住在|居住在|住|家在|来自|属于)$/u;
const CUE_AFTER =
  /^(社区|居委|村委|街道|这边|那边|附近|一带|片区|辖区|这里|那里|小区|这一?片|那一?片|这块|那块)/u;
// 我们是洪山的, 我是军门的: a place named as where one belongs.
const BELONG_BEFORE = /(我们|咱们|我|我家|俺)是$/u;
const BELONG_AFTER = /^的/u;

interface Alias {
  alias: string;
  /** The full name, or the alias itself when several places share it. */
  place: string;
  full: boolean;
}

/** Full names anywhere; short forms (鼓东 → 鼓东街道) only beside a place cue; longest and earliest first. */
export function createPlaceMatcher(places: readonly string[]): PlaceMatcher {
  const names = [...new Set(places.map((p) => p.trim()).filter(Boolean))];
  const fullNames = new Set(names);
  const shortOwners = new Map<string, string[]>();
  for (const place of names) {
    const short = shortPlaceName(place);
    if (short && !fullNames.has(short)) shortOwners.set(short, [...(shortOwners.get(short) ?? []), place]);
  }
  const aliases: Alias[] = [
    ...names.map((place) => ({ alias: place, place, full: true })),
    ...[...shortOwners].map(([alias, owners]) => ({
      alias,
      place: owners.length === 1 ? owners[0]! : alias,
      full: false,
    })),
  ];
  aliases.sort((a, b) => b.alias.length - a.alias.length);

  const cued = (text: string, at: number, alias: string) =>
    !continuesAsRoad(text, at, alias.length) &&
    (CUE_BEFORE.test(text.slice(0, at)) ||
      CUE_AFTER.test(text.slice(at + alias.length)) ||
      (BELONG_BEFORE.test(text.slice(0, at)) && BELONG_AFTER.test(text.slice(at + alias.length))));

  return {
    find(text) {
      let best: { at: number; len: number; place: string; full: boolean } | undefined;
      for (const a of aliases) {
        let at = text.indexOf(a.alias);
        while (at >= 0 && !a.full && !cued(text, at, a.alias)) at = text.indexOf(a.alias, at + 1);
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
