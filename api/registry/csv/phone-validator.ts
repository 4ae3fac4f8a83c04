// Validates and normalises the phone numbers the office may import: mainland mobiles and Fuzhou (0591) landlines.

const FULL_WIDTH_DIGIT = /[０-９]/g;

/** Returns `13812345678` or `0591-87654321`, or null when the text is neither. */
export function normalisePhone(raw: string): string | null {
  const compact = raw
    .replace(FULL_WIDTH_DIGIT, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
    .replace(/[\s\-()（）]/g, '')
    .replace(/^(\+86|0086)/, '');
  if (/^1[3-9]\d{9}$/.test(compact)) return compact;
  // Fuzhou landlines are eight digits and never start with 0 or 1.
  const landline = /^0591([2-9]\d{7})$/.exec(compact);
  return landline ? `0591-${landline[1]}` : null;
}
