// The amount a message states, as the parser reads it (normalised, Gulou's streets as places), for the amount tests.
import { extractEntities } from '../../intents/entities/entity-extractor.js';
import { createPlaceMatcher, DEFAULT_PLACES } from '../../intents/entities/place-extractor.js';
import { normalizeText } from '../../intents/index.js';

const places = createPlaceMatcher(DEFAULT_PLACES);
const now = new Date('2026-11-27T02:00:00Z');

export const amountOf = (text: string) => extractEntities(normalizeText(text), places, now).amountYuan;
