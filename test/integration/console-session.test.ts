// Console sign-in: WeChat 登录 codes, session cookies, CSRF, idle timeout and role scoping through the cookie.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, consoleSessions, loginCodes, messages, people } from '../../db/schema/index.js';
import { caseRow, GRP01, GRP03, personId, reportCase, say } from '../helpers/case-fixtures.js';
import { ADMIN, auth, BOT, createTestApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
beforeAll(async () => {
  // Many sign-ins from one address within a minute here; the limit itself is tested below.
  t = await createTestApp({ now: '2026-11-27T02:00:00Z', env: { SIGN_IN_PER_MINUTE: '1000' } });
});
afterAll(async () => {
  await t?.close();
});

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

async function nameOf(wechatId: string): Promise<string> {
  const [row] = await t.database.db
    .select({ name: people.name })
    .from(people)
    .where(eq(people.wechatId, wechatId));
  return row!.name;
}

/** Sends 登录 from the person's WeChat and returns the code in the bot's reply. */
async function codeFor(wechatId: string): Promise<string> {
  const reply = await say(t, wechatId, '登录');
  const code = /登录码：(\d{6})/.exec(reply ?? '')?.[1];
  if (!code) throw new Error(`no code in reply: ${reply}`);
  return code;
}

const signIn = (payload: object, app: TestApp = t) =>
  app.app.inject({ method: 'POST', url: '/v1/session', payload });

interface Browser {
  cookie: string;
  csrf: string;
}

async function browserFor(wechatId: string): Promise<Browser> {
  const res = await signIn({ name: await nameOf(wechatId), code: await codeFor(wechatId) });
  expect(res.statusCode, res.body).toBe(200);
  const session = res.cookies.find((c) => c.name === 'jw_session')!;
  return { cookie: `jw_session=${session.value}`, csrf: res.json().csrfToken };
}

const getAs = (b: Browser, url: string) =>
  t.app.inject({ method: 'GET', url, headers: { cookie: b.cookie } });

describe('登录 in WeChat', () => {
  it('sends a registered prosecutor a 6-digit code, stored only hashed and never in the message log', async () => {
    const reply = await say(t, GRP01.member, '登录');
    const code = /登录码：(\d{6})/.exec(reply ?? '')?.[1];
    expect(code).toMatch(/^\d{6}$/);
    expect(reply).toContain(await nameOf(GRP01.member));
    const id = await personId(t, GRP01.member);
    const [row] = await t.database.db.select().from(loginCodes).where(eq(loginCodes.personId, id));
    expect(row!.codeHash).not.toContain(code!);
    expect(row!.expiresAt.getTime() - t.clock.now().getTime()).toBe(5 * MINUTE);
    const logged = await t.database.db.select({ response: messages.response }).from(messages);
    expect(JSON.stringify(logged)).not.toContain(code!);
  });

  it('refuses residents and grid members, issuing nothing', async () => {
    const reply = await say(t, 'wxid_login_resident', '登录');
    expect(reply).toContain('仅供登记在册的检察院工作人员使用');
    const resident = await personId(t, 'wxid_login_resident');
    expect(await t.database.db.select().from(loginCodes).where(eq(loginCodes.personId, resident))).toEqual(
      [],
    );
  });
});

describe('POST /v1/session with a code', () => {
  it('opens a session with HttpOnly, SameSite=Strict cookies and the role from the registry', async () => {
    const name = await nameOf(GRP01.leader);
    const res = await signIn({ name, code: await codeFor(GRP01.leader) });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      role: 'group_leader',
      person: { name },
      actor: `console:${await personId(t, GRP01.leader)}`,
      idleTimeoutSeconds: 8 * 3600,
    });
    const session = res.cookies.find((c) => c.name === 'jw_session')!;
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(session.secure).toBeFalsy();
    expect(session.maxAge).toBeUndefined();
    const csrf = res.cookies.find((c) => c.name === 'jw_csrf')!;
    expect(csrf).toMatchObject({ value: body.csrfToken, sameSite: 'Strict', path: '/' });
    expect(csrf.httpOnly).toBeFalsy();
    // Only the hash of the cookie's value is stored.
    const stored = await t.database.db.select({ tokenHash: consoleSessions.tokenHash }).from(consoleSessions);
    expect(JSON.stringify(stored)).not.toContain(session.value);
    const [audit] = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'session_created'), eq(auditLog.actor, body.actor)));
    expect(audit?.data).toMatchObject({ method: 'code', role: 'group_leader' });
  });

  it('accepts the registry code as the name, and gives a plain prosecutor the prosecutor role', async () => {
    const [row] = await t.database.db
      .select({ code: people.code })
      .from(people)
      .where(eq(people.wechatId, GRP01.member));
    const res = await signIn({ name: row!.code, code: await codeFor(GRP01.member) });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().role).toBe('prosecutor');
  });

  it('takes a code once only', async () => {
    const name = await nameOf(GRP01.liaison);
    const code = await codeFor(GRP01.liaison);
    expect((await signIn({ name, code })).statusCode).toBe(200);
    const again = await signIn({ name, code });
    expect(again.statusCode).toBe(401);
    expect(again.json().error.code).toBe('invalid_code');
  });

  it('refuses a code after 5 minutes', async () => {
    const name = await nameOf(GRP01.liaison);
    const code = await codeFor(GRP01.liaison);
    t.clock.advance(5 * MINUTE + 1000);
    const late = await signIn({ name, code });
    expect(late.statusCode).toBe(401);
    expect(late.json().error.code).toBe('invalid_code');
  });

  it('binds a code to its person: another name with it is refused, and a new 登录 replaces the old code', async () => {
    const code = await codeFor(GRP03.member);
    const wrongPerson = await signIn({ name: await nameOf(GRP03.leader), code });
    expect(wrongPerson.statusCode).toBe(401);
    const newer = await codeFor(GRP03.member);
    if (newer !== code)
      expect((await signIn({ name: await nameOf(GRP03.member), code })).statusCode).toBe(401);
    expect((await signIn({ name: await nameOf(GRP03.member), code: newer })).statusCode).toBe(200);
  });

  it('spends a code after 5 wrong tries, so the right one no longer works', async () => {
    const name = await nameOf(GRP03.liaison);
    const code = await codeFor(GRP03.liaison);
    const wrong = code === '000000' ? '000001' : '000000';
    for (let i = 1; i <= 4; i++) expect((await signIn({ name, code: wrong })).statusCode).toBe(401);
    const fifth = await signIn({ name, code: wrong });
    expect(fifth.statusCode).toBe(429);
    expect(fifth.json().error.code).toBe('too_many_attempts');
    expect((await signIn({ name, code })).statusCode).toBe(401);
  });

  it('answers bad bodies with 400 and unknown names like wrong codes', async () => {
    expect((await signIn({ name: '张三' })).statusCode).toBe(400);
    expect((await signIn({ name: '张三', code: '123456', extra: 1 })).statusCode).toBe(400);
    expect((await signIn({})).statusCode).toBe(400);
    const unknown = await signIn({ name: '不存在的人', code: '123456' });
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json().error.code).toBe('invalid_code');
    const malformed = await signIn({ name: await nameOf(GRP01.member), code: '12ab56' });
    expect(malformed.json().error.code).toBe('invalid_code');
  });
});

describe('POST /v1/session with a token', () => {
  it('signs the admin in with the admin token and refuses the bot token and unknown tokens', async () => {
    const res = await signIn({ token: ADMIN });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ role: 'admin', person: null, actor: 'admin:env' });
    for (const token of [BOT, 'nope']) {
      const refused = await signIn({ token });
      expect(refused.statusCode).toBe(401);
      expect(refused.json().error.code).toBe('invalid_token');
    }
  });
});

describe('using the session', () => {
  it('reads with the cookie alone and is refused a write without the CSRF header', async () => {
    const caseNo = await reportCase(t);
    const b = await browserFor(GRP01.liaison);
    const read = await getAs(b, `/v1/cases/${caseNo}`);
    expect(read.statusCode, read.body).toBe(200);
    const actUrl = `/v1/cases/${caseNo}/actions`;
    for (const headers of [{ cookie: b.cookie }, { cookie: b.cookie, 'x-csrf-token': 'forged' }]) {
      const refused = await t.app.inject({
        method: 'POST',
        url: actUrl,
        headers,
        payload: { action: 'accept' },
      });
      expect(refused.statusCode).toBe(403);
      expect(refused.json().error.code).toBe('csrf_failed');
    }
    expect((await caseRow(t, caseNo)).status).toBe('received');
    const done = await t.app.inject({
      method: 'POST',
      url: actUrl,
      headers: { cookie: b.cookie, 'x-csrf-token': b.csrf },
      payload: { action: 'accept' },
    });
    expect(done.statusCode, done.body).toBe(200);
    expect((await caseRow(t, caseNo)).status).toBe('accepted');
  });

  it('scopes a prosecutor’s session to their group, as a token would', async () => {
    const caseNo = await reportCase(t);
    const other = await browserFor(GRP03.member);
    expect((await getAs(other, `/v1/cases/${caseNo}`)).statusCode).toBe(404);
    const list = await getAs(other, '/v1/cases?limit=500');
    expect(list.json().items.map((c: { caseNo: string }) => c.caseNo)).not.toContain(caseNo);
    expect((await getAs(other, '/v1/stats')).statusCode).toBe(403);
    expect((await getAs(other, '/v1/audit')).statusCode).toBe(403);
    const own = await browserFor(GRP01.member);
    expect((await getAs(own, `/v1/cases/${caseNo}`)).statusCode).toBe(200);
  });

  it('gives an office member of the registry the whole office’s view', async () => {
    await t.database.db
      .insert(people)
      .values({ name: '办公室小李', role: 'office', wechatId: 'wxid_office_li' });
    const caseNo = await reportCase(t);
    const b = await browserFor('wxid_office_li');
    const me = await getAs(b, '/v1/session');
    expect(me.json()).toMatchObject({ role: 'office', person: { name: '办公室小李' } });
    expect((await getAs(b, `/v1/cases/${caseNo}`)).statusCode).toBe(200);
    expect((await getAs(b, '/v1/stats')).statusCode).toBe(200);
  });

  it('ends after 8 idle hours, but every request restarts the idle clock', async () => {
    const b = await browserFor(GRP01.member);
    t.clock.advance(7 * HOUR);
    expect((await getAs(b, '/v1/session')).statusCode).toBe(200);
    t.clock.advance(7 * HOUR);
    const alive = await getAs(b, '/v1/session');
    expect(alive.statusCode).toBe(200);
    expect(new Date(alive.json().expiresAt).getTime()).toBe(t.clock.now().getTime() + 8 * HOUR);
    t.clock.advance(8 * HOUR + 1000);
    const expired = await getAs(b, '/v1/cases');
    expect(expired.statusCode).toBe(401);
    expect(expired.json().error.code).toBe('session_expired');
    expect((await getAs(b, '/v1/session')).json().error.code).toBe('unauthorized');
  });

  it('signs out: the session is gone and its cookies cleared; sign-out itself needs the CSRF header', async () => {
    const b = await browserFor(GRP01.member);
    const forged = await t.app.inject({
      method: 'DELETE',
      url: '/v1/session',
      headers: { cookie: b.cookie },
    });
    expect(forged.statusCode).toBe(403);
    const out = await t.app.inject({
      method: 'DELETE',
      url: '/v1/session',
      headers: { cookie: b.cookie, 'x-csrf-token': b.csrf },
    });
    expect(out.statusCode).toBe(204);
    const cleared = out.cookies.find((c) => c.name === 'jw_session')!;
    expect(cleared.value).toBe('');
    expect((await getAs(b, '/v1/cases')).statusCode).toBe(401);
  });

  it('prefers a bearer header to the cookie, so a bad token is refused even with a good session', async () => {
    const b = await browserFor(GRP01.member);
    const res = await t.app.inject({
      method: 'GET',
      url: '/v1/cases',
      headers: { cookie: b.cookie, ...auth('bad-token') },
    });
    expect(res.statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: '/v1/cases', headers: auth(ADMIN) })).statusCode).toBe(
      200,
    );
    const none = await t.app.inject({ method: 'GET', url: '/v1/cases' });
    expect(none.statusCode).toBe(401);
  });
});

describe('configuration', () => {
  it('marks cookies Secure, uses the configured idle limit and limits sign-ins per address', async () => {
    const secure = await createTestApp({
      env: { SESSION_COOKIE_SECURE: 'true', SESSION_IDLE_MINUTES: '30', SIGN_IN_PER_MINUTE: '3' },
    });
    try {
      const res = await signIn({ token: ADMIN }, secure);
      expect(res.json().idleTimeoutSeconds).toBe(1800);
      expect(res.cookies.find((c) => c.name === 'jw_session')?.secure).toBe(true);
      const cookie = `jw_session=${res.cookies.find((c) => c.name === 'jw_session')!.value}`;
      secure.clock.advance(31 * MINUTE);
      const late = await secure.app.inject({ method: 'GET', url: '/v1/session', headers: { cookie } });
      expect(late.json().error.code).toBe('session_expired');
      expect((await signIn({ name: '无此人', code: '123456' }, secure)).statusCode).toBe(401);
      expect((await signIn({ name: '无此人', code: '123456' }, secure)).statusCode).toBe(401);
      const limited = await signIn({ token: ADMIN }, secure);
      expect(limited.statusCode).toBe(429);
    } finally {
      await secure.close();
    }
  }, 120_000);
});
