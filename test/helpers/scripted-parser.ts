// A stand-in for the intents model in API tests: each test scripts the parse of the texts it sends.
import type { MessageParse, MessageParser } from '../../api/messages/message-parser.js';
import { parseOf } from './inbound-fixtures.js';

export interface ScriptedParser extends MessageParser {
  /** The parse the API gets for `text` from now on; texts never scripted parse as `none`. */
  script(text: string, parse: MessageParse): void;
  /** The parser throws on `text`, as a broken model would. */
  fail(text: string): void;
  has(text: string): boolean;
  /** Every text the API asked to parse, in order. */
  readonly seen: string[];
}

export function createScriptedParser(): ScriptedParser {
  const scripts = new Map<string, MessageParse | 'fail'>();
  const seen: string[] = [];
  return {
    seen,
    script: (text, parse) => void scripts.set(text, parse),
    fail: (text) => void scripts.set(text, 'fail'),
    has: (text) => scripts.has(text),
    async parse(text) {
      seen.push(text);
      // The API reads only what it keeps of an oversize text: a scripted text it was cut from still counts.
      const scripted =
        scripts.get(text) ?? [...scripts].find(([whole]) => text.length > 0 && whole.startsWith(text))?.[1];
      if (scripted === 'fail') throw new Error('scripted parse failure');
      return scripted ?? parseOf('none', { normalizedText: text });
    },
  };
}
