// A case event's words — a prosecutor's result or reason, the body a case went to — kept encrypted beside its data.
import type { FieldCipher } from '../security/field-cipher.js';

/** The keys of event data that hold what a person wrote; everything else (states, ids, codes) stays readable. */
export const EVENT_WORD_KEYS = ['text', 'reason', 'body'] as const;

/** Splits the words off `data` and seals them; `wordsEnc` is null when the event carries none. */
export function sealEventWords(
  cipher: Pick<FieldCipher, 'encrypt'>,
  data: Record<string, unknown>,
): { data: Record<string, unknown>; wordsEnc: string | null } {
  const rest: Record<string, unknown> = {};
  const words: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    if ((EVENT_WORD_KEYS as readonly string[]).includes(key) && typeof value === 'string') words[key] = value;
    else rest[key] = value;
  }
  return {
    data: rest,
    wordsEnc: Object.keys(words).length ? cipher.encrypt(JSON.stringify(words)) : null,
  };
}

/** The event's data with its words back in place, for those the case is shown to. */
export function openEventWords(
  cipher: Pick<FieldCipher, 'decrypt'>,
  event: { data: Record<string, unknown>; wordsEnc: string | null },
): Record<string, unknown> {
  if (!event.wordsEnc) return event.data;
  return { ...event.data, ...(JSON.parse(cipher.decrypt(event.wordsEnc)) as Record<string, unknown>) };
}
