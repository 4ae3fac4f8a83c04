// Finds a case number (GL-YYYY-NNNNNN) in free text, tolerating lower case, spaces, missing dashes and full width.
import { toHalfWidth } from '../normalize/text-normalizer.js';

const CASE_NO_RE = /(?<![A-Za-z])gl[\s\-_—–]*((?:19|20)\d{2})[\s\-_—–]*(\d{6})(?!\d)/i;

export function parseCaseNo(text: string): string | null {
  const m = CASE_NO_RE.exec(toHalfWidth(text));
  return m ? `GL-${m[1]}-${m[2]}` : null;
}
