// The bot↔API message contract, defined once: what the bot posts to POST /v1/messages and what it gets back.
// The bot imports this file too, so it must stay free of server code (zod only).
import { z } from 'zod';

export const MESSAGE_TYPES = [
  'text',
  'url',
  'chat_history',
  'image',
  'file',
  'voice',
  'video',
  'location',
  'other',
] as const;

/** Types whose content is a file the bot uploads to POST /v1/attachments before posting the message. */
export const FILE_MESSAGE_TYPES: ReadonlySet<InboundMessageType> = new Set([
  'image',
  'file',
  'voice',
  'video',
]);

/** Why the bot could not keep a message's file: it posts the message anyway, and the API answers politely. */
export const ATTACHMENT_PROBLEMS = ['too_large', 'type_not_allowed', 'unreadable'] as const;
export type AttachmentProblem = (typeof ATTACHMENT_PROBLEMS)[number];

export type InboundMessageType = (typeof MESSAGE_TYPES)[number];

/** Hard ceiling on accepted text; longer than MAX_TEXT_CHARS is kept truncated with a note. */
export const MAX_ACCEPTED_TEXT = 200_000;

/** One WeChat message as received: the bot passes it on untouched; the API parses and decides. */
export const inboundMessageSchema = z.strictObject({
  messageId: z.string().min(1).max(200),
  from: z.strictObject({ id: z.string().min(1).max(200), name: z.string().max(200) }),
  room: z.strictObject({ id: z.string().min(1).max(200), topic: z.string().max(200) }).optional(),
  text: z.string().max(MAX_ACCEPTED_TEXT),
  type: z.enum(MESSAGE_TYPES),
  /** Set when the message carried a file the bot could not keep (nothing was uploaded). */
  attachmentProblem: z.enum(ATTACHMENT_PROBLEMS).optional(),
  receivedAt: z.iso.datetime({ offset: true }),
});

export type InboundMessage = z.infer<typeof inboundMessageSchema>;

/**
 * How far `receivedAt` may lie from the API's clock. A message waits on the bot's disk while the API is down
 * (days at worst, so a year is generous); the bot never dates a message after its own clock, so a day ahead
 * only allows for hosts' clocks disagreeing. Beyond that the time is wrong, and a case's deadlines and number
 * (GL-<year>-…) would be too.
 */
export const RECEIVED_AT_WINDOW = { pastDays: 366, futureHours: 24 } as const;

/** Why `receivedAt` cannot be taken at `now`, or null when it can. */
export function receivedAtProblem(receivedAt: string, now: Date): string | null {
  const at = Date.parse(receivedAt);
  const earliest = now.getTime() - RECEIVED_AT_WINDOW.pastDays * 86_400_000;
  const latest = now.getTime() + RECEIVED_AT_WINDOW.futureHours * 3_600_000;
  if (Number.isNaN(at)) return 'receivedAt is not a time';
  if (at < earliest)
    return `receivedAt is more than ${RECEIVED_AT_WINDOW.pastDays} days before the server's clock`;
  if (at > latest)
    return `receivedAt is more than ${RECEIVED_AT_WINDOW.futureHours} hours after the server's clock`;
  return null;
}

export const inboundResultSchema = z.object({
  caseNo: z.string().optional(),
  reply: z.string().nullable(),
  duplicate: z.boolean(),
});

export type InboundResult = z.infer<typeof inboundResultSchema>;
