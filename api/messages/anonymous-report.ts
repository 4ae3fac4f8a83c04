// Which messages are anonymous reports, kept without their sender: no WeChat id, no person, only a keyed hash.

import type { PersonRow } from './contact-resolver.js';
import type { InboundMessage } from './inbound-message.js';
import type { MessageParse } from './message-parser.js';

/** The keyed-hash purpose of a sender's WeChat id (messages.sender_hash, case_reports.sender_hash). */
export const SENDER_HASH_PURPOSE = 'sender';

const ANONYMOUS = /匿名/u;

/**
 * A private message saying 匿名 is an anonymous report, stored without anything that names its sender: unless
 * it asks about the sender's own cases (which needs them), or comes from a prosecutor (a command names a
 * case, not the sender). In a group chat everyone sees who wrote, so a room keeps its sender.
 */
export function isAnonymousReport(
  msg: Pick<InboundMessage, 'text' | 'room'>,
  parse: Pick<MessageParse, 'intent'> | null,
  known: Pick<PersonRow, 'role'> | null,
): boolean {
  if (msg.room || !ANONYMOUS.test(msg.text)) return false;
  if (parse?.intent === 'query_status') return false;
  return known?.role !== 'prosecutor';
}

/**
 * Who an anonymous report is handled as: a resident the service knows nothing about. Its id is never
 * stored (createOrLink keeps no reporter for an anonymous case); routing uses only what the words name.
 */
export const ANONYMOUS_SENDER: PersonRow = {
  id: 0,
  code: null,
  name: '',
  role: 'resident',
  wechatId: null,
  gridId: null,
  phoneEnc: null,
  createdAt: new Date(0),
};
