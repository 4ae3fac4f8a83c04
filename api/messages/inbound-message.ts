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
  'other',
] as const;

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
  receivedAt: z.iso.datetime({ offset: true }),
});

export type InboundMessage = z.infer<typeof inboundMessageSchema>;

export const inboundResultSchema = z.object({
  caseNo: z.string().optional(),
  reply: z.string().nullable(),
  duplicate: z.boolean(),
});

export type InboundResult = z.infer<typeof inboundResultSchema>;
