// Pulls every entity of a message out of its normalised text.
import type { Entities } from '../types.js';
import { extractAmountYuan } from './amount-extractor.js';
import { parseCaseNo } from './case-number-parser.js';
import { extractDates } from './date-extractor.js';
import { blankIdNumbers, extractIdNumber } from './id-number-extractor.js';
import { extractPhone } from './phone-extractor.js';
import type { PlaceMatcher } from './place-extractor.js';

export function extractEntities(text: string, places: PlaceMatcher, now: Date): Entities {
  const entities: Entities = {};
  const caseNo = parseCaseNo(text);
  if (caseNo) entities.caseNo = caseNo;
  const idNumber = extractIdNumber(text);
  if (idNumber) entities.idNumber = idNumber;
  // ID numbers and case numbers are digit runs that would otherwise read as phones or money.
  const rest = blankIdNumbers(text).replace(/gl[\s\-_—–]*\d{4}[\s\-_—–]*\d{6}/gi, ' ');
  const phone = extractPhone(rest);
  if (phone) entities.phone = phone;
  const amountYuan = extractAmountYuan(rest);
  if (amountYuan !== undefined) entities.amountYuan = amountYuan;
  const dates = extractDates(rest, now);
  if (dates.length) entities.dates = dates;
  const place = places.find(text);
  if (place) entities.place = place;
  return entities;
}
