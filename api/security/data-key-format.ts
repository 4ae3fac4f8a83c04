// The data key's written form (64 hex digits or base64 of 32 bytes), read without any server code so config can check it.

/** The 32-byte key, or null when the text is not one. */
export function decodeDataKey(text: string): Buffer | null {
  const trimmed = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return Buffer.from(trimmed, 'hex');
  const key = /^[A-Za-z0-9+/]+={0,2}$/.test(trimmed) ? Buffer.from(trimmed, 'base64') : Buffer.alloc(0);
  return key.length === 32 ? key : null;
}

export const DATA_KEY_FORMAT = 'DATA_KEY must be 32 bytes written as 64 hex digits or base64';
