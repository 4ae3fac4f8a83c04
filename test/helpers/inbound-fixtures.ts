// Builders for inbound messages as the bot posts them, each with the parse the test wants the API to get.
import { randomUUID } from 'node:crypto';
import { sanitizeStrings } from '../../api/http/unicode-sanitizer.js';
import type { InboundMessage } from '../../api/messages/inbound-message.js';
import type { MessageParse } from '../../api/messages/message-parser.js';

/** A message and the parse a scripted parser hands the API for its text (null: the parser fails). */
export type TestInbound = InboundMessage & { parse: MessageParse | null };

export function parseOf(intent: MessageParse['intent'], overrides: Partial<MessageParse> = {}): MessageParse {
  return {
    intent,
    score: 0.9,
    category: intent === 'none' || intent === 'greeting' ? null : 'other',
    categoryScore: 0.5,
    entities: {},
    faq: null,
    normalizedText: '',
    ...overrides,
  };
}

export function inbound(
  text: string,
  parse: MessageParse | null,
  overrides: Partial<InboundMessage> = {},
): TestInbound {
  return {
    messageId: randomUUID(),
    from: { id: 'wxid_resident_1', name: '张女士' },
    text,
    type: 'text',
    receivedAt: '2026-11-27T10:00:00+08:00',
    // The API receives the text through the unicode sanitizer (lone surrogates as U+FFFD, NUL dropped), so the
    // parse it is handed is of that text too; a parse still holding NUL made Postgres refuse the jsonb (a 500).
    parse: parse && { ...parse, normalizedText: parse.normalizedText || (sanitizeStrings(text) as string) },
    ...overrides,
  };
}

/** The body the bot would post: the message without the test's parse. */
export function wireBody({ parse: _parse, ...message }: TestInbound): InboundMessage {
  return message;
}
