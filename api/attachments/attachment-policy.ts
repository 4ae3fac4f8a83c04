// What attachments the API keeps: at most 20 MB each, of the types below. Shared with the bot (no server code).

export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;
export const MAX_ATTACHMENT_NAME = 200;

/**
 * Types a resident or grid member sends as evidence: photos, documents, voice, video. Archives and
 * executables are refused: nobody in the office should open one from an unknown sender.
 */
const EXTENSIONS: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  heic: 'image/heic',
  bmp: 'image/bmp',
  pdf: 'application/pdf',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ppt: 'application/vnd.ms-powerpoint',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  wps: 'application/vnd.ms-works',
  txt: 'text/plain',
  // WeChat voice messages are SILK (.sil/.silk) or AMR; shared audio files are mostly MP3 and M4A.
  sil: 'audio/silk',
  silk: 'audio/silk',
  amr: 'audio/amr',
  mp3: 'audio/mpeg',
  m4a: 'audio/mp4',
  aac: 'audio/aac',
  wav: 'audio/wav',
  mp4: 'video/mp4',
  mov: 'video/quicktime',
};

export const ALLOWED_MIME_TYPES: ReadonlySet<string> = new Set(Object.values(EXTENSIONS));

/** The type without parameters, lower case: "image/JPEG; x=1" → "image/jpeg". */
export function plainMimeType(mimeType: string): string {
  return (mimeType.split(';', 1)[0] ?? '').trim().toLowerCase();
}

export function isAllowedMimeType(mimeType: string): boolean {
  return ALLOWED_MIME_TYPES.has(plainMimeType(mimeType));
}

/**
 * The type to declare for a file: the given one when it is allowed, else the one its extension names
 * (WeChat often hands files over as application/octet-stream), else the given one (to be refused).
 */
export function mimeTypeFor(name: string, given: string | undefined): string {
  const plain = plainMimeType(given ?? '');
  if (ALLOWED_MIME_TYPES.has(plain)) return plain;
  const ext = /\.([A-Za-z0-9]{1,5})$/.exec(name)?.[1]?.toLowerCase();
  return (ext && EXTENSIONS[ext]) || plain || 'application/octet-stream';
}

/** The usual file extension of an allowed type (jpg for image/jpeg), or null. */
export function extensionFor(mimeType: string): string | null {
  const plain = plainMimeType(mimeType);
  return Object.entries(EXTENSIONS).find(([, type]) => type === plain)?.[0] ?? null;
}

/** Leading bytes of the formats that have a fixed signature; a file declared as one must start with it. */
const SIGNATURES: Record<string, readonly (readonly number[])[]> = {
  'image/jpeg': [[0xff, 0xd8, 0xff]],
  'image/png': [[0x89, 0x50, 0x4e, 0x47]],
  'image/gif': [[0x47, 0x49, 0x46, 0x38]],
  'image/bmp': [[0x42, 0x4d]],
  'application/pdf': [[0x25, 0x50, 0x44, 0x46]],
  // Office Open XML files are zip containers.
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': [[0x50, 0x4b, 0x03, 0x04]],
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': [[0x50, 0x4b, 0x03, 0x04]],
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': [[0x50, 0x4b, 0x03, 0x04]],
};

/** Bytes needed to check a signature. */
export const SIGNATURE_BYTES = 8;

/** False when the first bytes contradict the declared type (an executable renamed .jpg). */
export function contentMatchesType(head: Uint8Array, mimeType: string): boolean {
  const signatures = SIGNATURES[plainMimeType(mimeType)];
  if (!signatures) return true;
  return signatures.some((sig) => sig.every((byte, i) => head[i] === byte));
}
