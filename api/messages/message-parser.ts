// The parser the API reads every inbound message with: the intents model, built from the registry's place names.
import { asc, eq, or } from 'drizzle-orm';
import type { Db } from '../../db/create-db.js';
import { grids } from '../../db/schema/index.js';
import { createParser, type Parse } from '../../intents/index.js';
import type { Logger } from '../http/logger.js';
import { plainGridName } from '../routing/grid-lookup.js';

export type MessageParse = Parse;

export interface MessageParser {
  parse(text: string, opts: { now: Date }): Promise<MessageParse>;
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

/** Trains the intents model (a few seconds) with the registry's places; an empty registry uses the parser's own list. */
export async function createRegistryParser(db: Db, logger: Logger): Promise<MessageParser> {
  const { streets, communities } = await registryPlaceNames(db);
  const places = [...streets, ...communities];
  return createParser({
    ...(places.length ? { places } : {}),
    logger: logger.child({ part: 'intents' }),
  });
}

/** For processes that read no messages (the sweep CLI): a message reaching one is recorded as unreadable. */
export const noParser: MessageParser = {
  parse: () => Promise.reject(new Error('this process has no message parser')),
};
