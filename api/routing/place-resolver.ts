// Resolves a place as a resident wrote it (full name, short form, street) to community grids, never by a guess.
import { and, eq, inArray, ne, or } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/create-db.js';
import { grids } from '../../db/schema/index.js';
import { continuesAsRoad, shortPlaceName } from '../../intents/entities/place-names.js';
import { plainGridName } from './grid-lookup.js';

export interface PlaceCandidate {
  id: number;
  code: string;
  /** Without the 示例 marker, and with its street where two communities share a name. */
  label: string;
}

export type PlaceResolution =
  /** Exactly one community (or grassroots grid) is meant. */
  | { kind: 'one'; place: PlaceCandidate }
  /** Several are possible (a street, a shared or partial name): the resident picks from a numbered list. */
  | { kind: 'choose'; candidates: PlaceCandidate[] }
  | { kind: 'none' };

interface Place {
  id: number;
  code: string;
  level: 'street' | 'community';
  plain: string;
  short: string | null;
  parentId: number | null;
  streetName: string | null;
}

// What people put around a place name in an answer ("我住在鼓楼区军门社区这边").
const LEAD = /^(我家住在|我家住|我住在|我家在|我住|家住|住在|在|是)/u;
const REGION = /^(福建省|福建|福州市|福州|鼓楼区|鼓楼)/u;
const TAIL = /(社区居委会|居委会|社区|这边|那边|附近|一带|这里|那里|吧|啊|的)$/u;

/** The core of an answer: full-width folded, punctuation and framing words taken off. */
export function answerCore(text: string): string {
  let core = text.normalize('NFKC').replace(/[\s\p{P}\p{S}]/gu, '');
  for (let changed = true; changed; ) {
    const before = core;
    core = core.replace(LEAD, '').replace(REGION, '').replace(TAIL, '');
    changed = core !== before && core.length > 0;
  }
  return core;
}

/** Where a form occurs in the text as a place, not as the start of a road name; -1 when it does not. */
function placeIndex(text: string, form: string, isShort: boolean): number {
  let at = text.indexOf(form);
  while (at >= 0 && isShort && continuesAsRoad(text, at, form.length)) at = text.indexOf(form, at + 1);
  return at;
}

function labels(places: Place[]): PlaceCandidate[] {
  const counts = new Map<string, number>();
  for (const p of places) counts.set(p.plain, (counts.get(p.plain) ?? 0) + 1);
  return places.map((p) => ({
    id: p.id,
    code: p.code,
    label: (counts.get(p.plain) ?? 0) > 1 && p.streetName ? `${p.plain}（${p.streetName}）` : p.plain,
  }));
}

/** The matches whose form is not a part of a longer matched form (洪山 inside 洪山桥). */
function longestOnly(matches: { place: Place; form: string }[]): Place[] {
  const kept = matches.filter(
    (m) => !matches.some((o) => o.form.length > m.form.length && o.form.includes(m.form)),
  );
  return [...new Map(kept.map((m) => [m.place.id, m.place])).values()];
}

function oneOrChoose(places: Place[]): PlaceResolution {
  if (places.length === 0) return { kind: 'none' };
  const candidates = labels(places);
  return places.length === 1 ? { kind: 'one', place: candidates[0]! } : { kind: 'choose', candidates };
}

export async function loadPlaces(db: Db): Promise<Place[]> {
  const street = alias(grids, 'street');
  const rows = await db
    .select({
      id: grids.id,
      code: grids.code,
      name: grids.name,
      level: grids.level,
      parentId: grids.parentId,
      streetName: street.name,
    })
    .from(grids)
    .leftJoin(street, and(eq(street.id, grids.parentId), eq(street.level, 'street')))
    .where(or(eq(grids.level, 'street'), eq(grids.level, 'community')))
    .orderBy(grids.code);
  return rows.map((r) => {
    const plain = plainGridName(r.name);
    return {
      id: r.id,
      code: r.code,
      level: r.level as Place['level'],
      plain,
      short: shortPlaceName(plain),
      parentId: r.parentId,
      streetName: r.streetName ? plainGridName(r.streetName) : null,
    };
  });
}

/**
 * A community named in full or by its short form routes; a street, a name several communities share, or a
 * fragment of one name yields a list to choose from. Grids named exactly (or by code) at grassroots level
 * are found by the caller first.
 */
export function resolvePlace(places: readonly Place[], text: string): PlaceResolution {
  const core = answerCore(text);
  if (core.length < 2) return { kind: 'none' };
  const communities = places.filter((p) => p.level === 'community');
  const found = (level: Place['level']) =>
    places
      .filter((p) => p.level === level)
      .flatMap((place) =>
        [
          { form: place.plain, isShort: false },
          ...(place.short ? [{ form: place.short, isShort: true }] : []),
        ]
          .filter((f) => placeIndex(core, f.form, f.isShort) >= 0)
          .map((f) => ({ place, form: f.form })),
      );

  const named = found('community');
  if (named.length > 0) {
    const streets = longestOnly(found('street'));
    const inStreet = longestOnly(named).filter(
      (c) => streets.length === 0 || streets.some((s) => s.id === c.parentId),
    );
    return oneOrChoose(inStreet.length > 0 ? inStreet : longestOnly(named));
  }
  // A street is never enough: its communities are offered, even a street with only one.
  const streets = longestOnly(found('street'));
  const ofStreets = communities.filter((c) => streets.some((s) => s.id === c.parentId));
  if (ofStreets.length > 0) return { kind: 'choose', candidates: labels(ofStreets) };
  // A fragment (三坊) is offered for confirmation, even when only one community has it.
  const partial = communities.filter((c) => c.plain.includes(core));
  return partial.length > 0 ? { kind: 'choose', candidates: labels(partial) } : { kind: 'none' };
}

/** Candidates for the grids with these ids, labelled like resolvePlace's. */
export function candidatesOf(places: readonly Place[], codes: readonly string[]): PlaceCandidate[] {
  const byCode = new Map(places.map((p) => [p.code, p]));
  return labels(codes.map((c) => byCode.get(c)).filter((p): p is Place => p !== undefined));
}

export type { Place };

/**
 * A place the parser found in a message: a full name usually matches one grid in one query; a short form,
 * a street or a name several grids share goes through resolvePlace.
 */
export async function resolvePlaceName(db: Db, name: string): Promise<PlaceResolution> {
  const q = name.trim();
  if (!q) return { kind: 'none' };
  const named = await db
    .select({ id: grids.id, code: grids.code, name: grids.name })
    .from(grids)
    .where(and(inArray(grids.name, [q, `${q}（示例）`]), ne(grids.level, 'street')))
    .limit(2);
  if (named.length === 1)
    return {
      kind: 'one',
      place: { id: named[0]!.id, code: named[0]!.code, label: plainGridName(named[0]!.name) },
    };
  return resolvePlace(await loadPlaces(db), q);
}
