// Builders for inbound messages as the bot would post them, with a hand-made parse.
import { randomUUID } from 'node:crypto';
import type { InboundMessage, InboundParse } from '../../api/messages/inbound-message.js';

export function parseOf(intent: InboundParse['intent'], overrides: Partial<InboundParse> = {}): InboundParse {
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
  parse: InboundParse,
  overrides: Partial<InboundMessage> = {},
): InboundMessage {
  return {
    messageId: randomUUID(),
    from: { id: 'wxid_resident_1', name: '张女士' },
    text,
    type: 'text',
    receivedAt: '2026-11-27T10:00:00+08:00',
    parse: { ...parse, normalizedText: parse.normalizedText || text },
    ...overrides,
  };
}
