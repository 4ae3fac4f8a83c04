// Normalises a raw WeChat message before anything else looks at it: width, script, noise, wrappers.

import { from as cn2tFromDicts } from 'opencc-js/preset/cn2t';
import { to as toDicts } from 'opencc-js/preset/t2cn';
import * as OpenCC from 'opencc-js/t2cn';
import {
  CHAT_RECORD_HEADER_SOURCE,
  CHAT_RECORD_NAME_SOURCE,
  CHAT_RECORD_TITLE_BEFORE_RECORD_SOURCE,
} from './chat-record.js';
import { fuzhouToMandarin } from './fuzhou-words.js';

// Characters and Taiwan's variants, not its vocabulary: twp's phrases turned legal words into computing ones
// (執行程序 → 运行进程, 程序 → 进程).
const toSimplified = OpenCC.Converter({ from: 'tw', to: 'cn' });

/**
 * Characters only traditional script writes: keys of the traditional → simplified character table that are not also
 * keys of the simplified → traditional one. The converter runs only on a text holding one of them — run on simplified
 * text its tables rewrite valid words (程序 → 进程, 多工资 → 多任务资, 饿了么 → 饿了幺, 打坏了 → 打坯了, 蚌埠 → 蚌端口:
 * 159 of 38,301 written lines changed by the phrases, 29 more by the characters), and most messages skip it at no cost.
 */
const TRADITIONAL_CHARS: ReadonlySet<string> = (() => {
  const singleKeys = (groups: readonly (readonly unknown[])[] | undefined): Set<string> => {
    const keys = new Set<string>();
    for (const group of groups ?? [])
      for (const dict of group) {
        if (typeof dict !== 'string') continue;
        for (const pair of dict.split('|')) {
          const key = pair.split(' ', 1)[0];
          if (key && [...key].length === 1) keys.add(key);
        }
      }
    return keys;
  };
  const simplifiedToo = singleKeys(cn2tFromDicts.cn);
  return new Set([...singleKeys(toDicts.cn)].filter((c) => !simplifiedToo.has(c)));
})();

function needsConversion(text: string): boolean {
  for (const ch of text) if (TRADITIONAL_CHARS.has(ch)) return true;
  return false;
}

/** Full-width ASCII forms and the ideographic space become their half-width equivalents. */
export function toHalfWidth(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code >= 0xff01 && code <= 0xff5e) out += String.fromCodePoint(code - 0xfee0);
    else if (code === 0x3000) out += ' ';
    else out += ch;
  }
  return out;
}

const URL_RE = /(?:https?:\/\/|www\.)[\w\-.~:/?#[\]@!$&'()*+,;=%]+/gi;
// WeChat inserts U+2005 after an @name; a mention starts a message or follows a space.
const MENTION_RE = /(^|[\s\u2005,，。:：!！?？】)])@[^\s\u2005@]{1,24}(?=[\s\u2005]|$)/gu;
const EMOJI_RE =
  /(?:\p{Extended_Pictographic}|[\u{1F1E6}-\u{1F1FF}]|[\u{1F3FB}-\u{1F3FF}]|\u200d|\ufe0e|\ufe0f|\u20e3)/gu;
// WeChat's own text emoticons such as [微笑] [捂脸] [强], and placeholders such as [图片].
const WECHAT_EMOTICON_RE = /\[[\u4e00-\u9fa5A-Za-z]{1,4}\]/g;
const FORWARD_HEADER_RE =
  /【\s*(?:转发|转|转载|分享|Fw|FW|Fwd)\s*】|\[\s*(?:转发|转载)\s*\]|^[^\S\n]*(?:转发|Fwd?|FW)[^\S\n]*[:：][^\S\n]*/gim;
// Line patterns match within one line ([^\S\n], not \s): spanning lines made long blank texts quadratic.
const CHAT_RECORD_TITLE_RE = new RegExp(CHAT_RECORD_TITLE_BEFORE_RECORD_SOURCE, 'gm');
const CHAT_RECORD_LINE_RE = new RegExp(CHAT_RECORD_HEADER_SOURCE, 'gm');
const CHAT_RECORD_MARK_RE = new RegExp(
  `^[-—=\\t \\u00a0\\u2000-\\u200a\\u3000]*(?:(?:以下(?:为|是))?${CHAT_RECORD_NAME_SOURCE}[:：]?|\\d{4}[-/年]\\d{1,2}[-/月]\\d{1,2}日?)[-—=\\t \\u00a0\\u2000-\\u200a\\u3000]*$`,
  'gm',
);
// A pasted record's inline speaker and time ("老王 19:02：那批货…", "阿华 20:31: 带够钱"), at a line start or after a
// space: who spoke and when says nothing about the matter, and the names and digits made records read as chat.
const CHAT_RECORD_SPEAKER_RE =
  /(^|[^\S\n])[\p{Script=Han}A-Za-z][\p{Script=Han}A-Za-z0-9_]{0,9}[^\S\n]?\d{1,2}:\d{2}(?::\d{2})?[^\S\n]*:[^\S\n]*/gmu;
// 【聊天记录】, 【群聊记录】, [微信群聊天记录], 【业主群聊天记录】, 【群消息转发】 …: a wrapper, wherever it stands.
const CHAT_RECORD_WRAPPER_RE = new RegExp(
  `[【\\[][^\\S\\n]*[^【】\\[\\]\\n]{0,12}?${CHAT_RECORD_NAME_SOURCE}[^\\S\\n]*[】\\]]`,
  'gu',
);
const REPEATED_PUNCT_RE = /([!?,.;:~。，、！？；：…\-—])[!?,.;:~。，、！？；：…\-—]+/g;

/**
 * The reporter's words as a person should read them (a prosecutor's notice, a resident's status reply): width,
 * script, punctuation and emoji as written, only the wrappers a classifier also drops (mentions, forward
 * headers, chat-record titles and timestamps, WeChat emoticon codes) removed and whitespace runs made one space.
 */
export function readableText(text: string): string {
  let t = text.normalize('NFC').replace(/\r\n?/g, '\n');
  t = t.replace(FORWARD_HEADER_RE, ' ');
  t = t.replace(MENTION_RE, '$1');
  t = t.replace(WECHAT_EMOTICON_RE, '');
  t = t.replace(CHAT_RECORD_TITLE_RE, '');
  t = t.replace(CHAT_RECORD_MARK_RE, '');
  t = t.replace(CHAT_RECORD_LINE_RE, '');
  return t.replace(/[\s\u2005\u00a0\u3000]+/g, ' ').trim();
}

/** The text a classifier should read: simplified, half-width, Fuzhou words in Mandarin, with mentions, emoji, URLs and wrappers removed. */
export function normalizeText(text: string): string {
  let t = toHalfWidth(text.normalize('NFC'));
  if (needsConversion(t)) t = toSimplified(t);
  t = fuzhouToMandarin(t);
  t = t.replace(/\r\n?/g, '\n');
  t = t.replace(URL_RE, ' ');
  t = t.replace(FORWARD_HEADER_RE, ' ');
  t = t.replace(MENTION_RE, '$1');
  t = t.replace(EMOJI_RE, '');
  t = t.replace(WECHAT_EMOTICON_RE, '');
  t = t.replace(CHAT_RECORD_TITLE_RE, '');
  t = t.replace(CHAT_RECORD_MARK_RE, '');
  t = t.replace(CHAT_RECORD_LINE_RE, '');
  t = t.replace(CHAT_RECORD_WRAPPER_RE, ' ');
  t = t.replace(CHAT_RECORD_SPEAKER_RE, '$1');
  t = t.replace(REPEATED_PUNCT_RE, '$1');
  t = t.replace(/[ \t\u2005\u00a0]+/g, ' ');
  // Anchored at the start of a whitespace run: retrying inside a long run made this quadratic.
  t = t.replace(/(?<!\s)\s*\n\s*/g, '\n').replace(/\n+/g, ' ');
  return t.trim();
}
