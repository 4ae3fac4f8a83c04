// Encrypts contact details, message text and attachments at rest with AES-256-GCM; each blob carries its IV and tag.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export interface FieldCipher {
  encrypt(text: string): string;
  decrypt(blob: string): string;
  /** Encrypts bytes fed piecewise (an upload as it streams in); `final()` returns the whole blob. */
  bytesEncryptor(): BytesEncryptor;
  decryptBytes(blob: Uint8Array): Buffer;
}

export interface BytesEncryptor {
  update(chunk: Uint8Array): void;
  final(): Buffer;
}

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
// Binary blobs: one version byte, then the IV, then the ciphertext, the tag last (known only at the end).
const BYTES_VERSION = 1;

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
    bytesEncryptor() {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const parts: Buffer[] = [Buffer.from([BYTES_VERSION]), iv];
      return {
        update: (chunk) => {
          parts.push(cipher.update(chunk));
        },
        final: () => {
          parts.push(cipher.final(), cipher.getAuthTag());
          return Buffer.concat(parts);
        },
      };
    },
    decryptBytes(blob) {
      const raw = Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
      if (raw[0] !== BYTES_VERSION) throw new FieldCipherError('not an encrypted binary value');
      if (raw.length < 1 + IV_BYTES + TAG_BYTES)
        throw new FieldCipherError('encrypted binary value is truncated');
      const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(1, 1 + IV_BYTES));
      decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
      try {
        return Buffer.concat([
          decipher.update(raw.subarray(1 + IV_BYTES, raw.length - TAG_BYTES)),
          decipher.final(),
        ]);
      } catch {
        throw new FieldCipherError('encrypted binary value cannot be decrypted with this key');
      }
    },
  };
}
