// Encrypts contact details (phone numbers) at rest with AES-256-GCM; the blob carries its own IV and tag.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export interface FieldCipher {
  encrypt(text: string): string;
  decrypt(blob: string): string;
}

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class FieldCipherError extends Error {
  override name = 'FieldCipherError';
}

export function createFieldCipher(key: Buffer): FieldCipher {
  if (key.length !== 32) throw new FieldCipherError(`the data key must be 32 bytes, got ${key.length}`);
  return {
    encrypt(text) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
      return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
    },
    decrypt(blob) {
      const [version, payload] = blob.split(':', 2);
      if (version !== VERSION || !payload) throw new FieldCipherError('not an encrypted field value');
      const raw = Buffer.from(payload, 'base64');
      if (raw.length < IV_BYTES + TAG_BYTES) throw new FieldCipherError('encrypted field value is truncated');
      const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
      decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      try {
        return Buffer.concat([
          decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)),
          decipher.final(),
        ]).toString('utf8');
      } catch {
        // A wrong key and a tampered value look the same here; neither may yield text.
        throw new FieldCipherError('encrypted field value cannot be decrypted with this key');
      }
    },
  };
}
