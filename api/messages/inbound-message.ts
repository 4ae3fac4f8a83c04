// Schema of one inbound WeChat message with the bot's parse, as POST /v1/messages accepts it.
import { z } from 'zod';
import { CLUE_CATEGORIES, INTENTS } from '../../intents/index.js';

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

/** Hard ceiling on accepted text; longer than MAX_TEXT_CHARS is kept truncated with a note. */
export const MAX_ACCEPTED_TEXT = 200_000;

const entitiesSchema = z.strictObject({
  caseNo: z.string().max(32).optional(),
  phone: z.string().max(32).optional(),
  amountYuan: z.number().finite().nonnegative().optional(),
  idNumber: z.string().max(32).optional(),
  dates: z.array(z.string().max(32)).max(50).optional(),
  place: z.string().max(100).optional(),
});

export const parseSchema = z.strictObject({
  intent: z.enum(INTENTS as [string, ...string[]]),
  score: z.number().min(0).max(1),
  category: z.enum(CLUE_CATEGORIES as [string, ...string[]]).nullable(),
  categoryScore: z.number().min(0).max(1),
  entities: entitiesSchema,
  faq: z
    .strictObject({
      id: z.string().max(64),
      question: z.string().max(1000),
      answer: z.string().max(5000),
      score: z.number().min(0).max(1),
    })
    .nullable(),
  normalizedText: z.string().max(MAX_ACCEPTED_TEXT),
});

export const inboundMessageSchema = z.strictObject({
  messageId: z.string().min(1).max(200),
  from: z.strictObject({ id: z.string().min(1).max(200), name: z.string().max(200) }),
  room: z.strictObject({ id: z.string().min(1).max(200), topic: z.string().max(200) }).optional(),
  text: z.string().max(MAX_ACCEPTED_TEXT),
  type: z.enum(MESSAGE_TYPES),
  receivedAt: z.iso.datetime({ offset: true }),
  // null when the bot's parser failed: the message is still recorded, and the sender asked to rephrase.
  parse: parseSchema.nullable(),
});

export type InboundMessage = z.infer<typeof inboundMessageSchema>;
export type InboundParse = z.infer<typeof parseSchema>;

export const inboundResultSchema = z.object({
  caseNo: z.string().optional(),
  reply: z.string().nullable(),
  duplicate: z.boolean(),
});

export type InboundResult = z.infer<typeof inboundResultSchema>;
