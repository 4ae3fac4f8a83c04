// The parser the API reads every inbound message with: the intents model, built from the registry's place names.
import { asc, eq, or } from 'drizzle-orm';
import type { Db } from '../../db/create-db.js';
import { grids } from '../../db/schema/index.js';
import { createPlaceMatcher } from '../../intents/entities/place-extractor.js';
import { createParser, type FaqRecord, type Parse } from '../../intents/index.js';
import type { Logger } from '../http/logger.js';
import { plainGridName } from '../routing/grid-lookup.js';

export type MessageParse = Parse;

export interface MessageParser {
  parse(text: string, opts: { now: Date }): Promise<MessageParse>;
  /** Replaces the FAQ entries it answers from: the API hands it the database's active entries. */
  setFaq?(entries: readonly FaqRecord[]): void;
  /** Reads the registry's street and community names again now (the API calls it after a grid import). */
  refreshPlaces?(): Promise<void>;
}

/** Street and community names as residents write them, for the parser's place extraction. */
export async function registryPlaceNames(db: Db): Promise<{ streets: string[]; communities: string[] }> {
  const rows = await db
    .select({ name: grids.name, level: grids.level })
    .from(grids)
    .where(or(eq(grids.level, 'street'), eq(grids.level, 'community')))
    .orderBy(asc(grids.code));
  const names = (level: string) => [
    ...new Set(rows.filter((r) => r.level === level).map((r) => plainGridName(r.name))),
  ];
  return { streets: names('street'), communities: names('community') };
}

/** How long the place names are trusted before they are read again (the office may import grids). */
const PLACES_FRESH_MS = 60_000;

/**
 * Trains the intents model (a few seconds) with the registry's places; an empty registry uses the parser's
 * own list. The place in each parse comes from the registry's current names: read again at once after an
 * import here (`refreshPlaces`), and at most a minute late after one in another process.
 */
export async function createRegistryParser(
  db: Db,
  logger: Logger,
  now: () => number = Date.now,
): Promise<MessageParser> {
  const namesOf = async () => {
    const { streets, communities } = await registryPlaceNames(db);
    return [...streets, ...communities];
  };
  const places = await namesOf();
  const model = await createParser({
    ...(places.length ? { places } : {}),
    logger: logger.child({ part: 'intents' }),
  });
  let matcher = places.length ? createPlaceMatcher(places) : null;
  let readAt = now();
  const refreshPlaces = async () => {
    readAt = now();
    const fresh = await namesOf();
    matcher = fresh.length ? createPlaceMatcher(fresh) : null;
  };
  return {
    async parse(text, opts) {
      const parse = await model.parse(text, opts);
      if (now() - readAt > PLACES_FRESH_MS) await refreshPlaces();
      if (!matcher) return parse;
      const { place: _stale, ...entities } = parse.entities;
      const place = matcher.find(parse.normalizedText);
      return { ...parse, entities: place ? { ...entities, place } : entities };
    },
    // The office's FAQ entries from the database (this parser once dropped them: it answered from the file only).
    setFaq: (entries) => model.setFaq(entries),
    refreshPlaces,
  };
}

/** For processes that read no messages (the sweep CLI): a message reaching one is recorded as unreadable. */
export const noParser: MessageParser = {
  parse: () => Promise.reject(new Error('this process has no message parser')),
};
