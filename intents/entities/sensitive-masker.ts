// Masks phone numbers, ID numbers and other long digit runs inside free text, for logs.
import { toHalfWidth } from '../normalize/text-normalizer.js';

const ID_RE = /(?<![\dA-Za-z])(\d{6})\d{8}(\d{3}[\dXx])(?![\dA-Za-z])/g;
const OLD_ID_OR_CARD_RE = /(?<!\d)(\d{4})\d{7,15}(\d{4})(?!\d)/g;
const MOBILE_RE = /(?<![\d*])((?:\+?86[\s-]?)?1[3-9]\d)[\s-]?\d{4}[\s-]?(\d{4})(?![\d*])/g;
const LANDLINE_RE = /(?<![\d*])([(]?0\d{2,3}[)]?[\s-]?)\d{3,4}[\s-]?(\d{4})(?![\d*])/g;

export function maskSensitive(text: string): string {
  return toHalfWidth(text)
    .replace(ID_RE, '$1********$2')
    .replace(OLD_ID_OR_CARD_RE, (_m, a: string, b: string) => `${a}${'*'.repeat(8)}${b}`)
    .replace(MOBILE_RE, '$1****$2')
    .replace(LANDLINE_RE, '$1****$2');
}
