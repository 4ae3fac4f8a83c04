// Stored words as a test reads them: outbox rows with their text decrypted, as the API hands it to the bot.
import type { FieldCipher } from '../../api/security/field-cipher.js';

export function withClearText<T extends { textEnc: string }>(
  cipher: Pick<FieldCipher, 'decrypt'>,
  rows: readonly T[],
): (T & { text: string })[] {
  return rows.map((row) => ({ ...row, text: cipher.decrypt(row.textEnc) }));
}
