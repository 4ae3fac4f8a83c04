// `登录` in private chat: a registered office member or prosecutor gets a one-time code for the web console.
import type { Db } from '../../db/create-db.js';
import { consoleRoleOf } from '../console/console-role.js';
import type { LoginCodes } from '../console/login-codes.js';
import type { PersonRow } from '../messages/contact-resolver.js';

const LOGIN = /^\s*登录\s*[。.!！]?\s*$/u;

export const loginTexts = {
  code: (code: string, name: string, minutes: number) =>
    `检网控制台登录码：${code}（${minutes}分钟内有效，仅可使用一次；登录名：${name}）。如非本人操作，请忽略本消息，切勿转告他人。`,
  /** What the message log keeps instead: the code is never stored in clear. */
  stored: (minutes: number) => `检网控制台登录码：******（${minutes}分钟内有效，仅可使用一次）。`,
  refused:
    '检网控制台仅供登记在册的检察院工作人员使用。如您是工作人员，请联系办公室在人员名册中登记您的微信。',
};

export interface LoginReply {
  reply: string;
  /** The reply as recorded in the message log, without the code. */
  storedReply: string;
}

export function createLoginCommand(deps: { codes: LoginCodes; ttlMinutes: number }) {
  return {
    matches: (text: string) => LOGIN.test(text),

    async handle(tx: Db, person: PersonRow): Promise<LoginReply> {
      if ((await consoleRoleOf(tx, person)) === null)
        return { reply: loginTexts.refused, storedReply: loginTexts.refused };
      const { code } = await deps.codes.issue(tx, person.id);
      return {
        reply: loginTexts.code(code, person.name, deps.ttlMinutes),
        storedReply: loginTexts.stored(deps.ttlMinutes),
      };
    },
  };
}

export type LoginCommand = ReturnType<typeof createLoginCommand>;
