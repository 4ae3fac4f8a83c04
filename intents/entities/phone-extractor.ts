// Finds a mobile number (→ 11 digits) or a Fuzhou landline (→ 0591-NNNNNNNN) in normalised text.

const MOBILE_RE = /(?<![\d+])(?:\+?86[\s-]?)?(1[3-9]\d)[\s-]?(\d{4})[\s-]?(\d{4})(?!\d)/;
const LANDLINE_RE = /(?<!\d)[(]?0591[)]?[\s-]?(\d{3,4})[\s-]?(\d{4})(?!\d)/;

export function extractPhone(text: string): string | undefined {
  const mobile = MOBILE_RE.exec(text);
  if (mobile) return `${mobile[1]}${mobile[2]}${mobile[3]}`;
  const landline = LANDLINE_RE.exec(text);
  if (landline) return `0591-${landline[1]}${landline[2]}`;
  return undefined;
}
