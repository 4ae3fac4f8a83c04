// Helpers for case-action tests: person tokens, cases reported through WeChat, commands, the outbox.
import { randomUUID } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import { hashToken } from '../../api/auth/token-hash.js';
import { apiTokens, cases, outbox, people, type TokenRole } from '../../db/schema/index.js';
import { inbound, parseOf, type TestInbound } from './inbound-fixtures.js';
import { withClearText } from './stored-text.js';
import { postInbound, type TestApp } from './test-app.js';

/** Seeded demo prosecutors: GRP-01 owns 中山社区 GL-S01-C01 (01 leader, 02 liaison, 03 member); GRP-03 owns 三坊七巷社区 (07–09). */
export const GRP01 = {
  leader: 'demo-prosecutor-01',
  liaison: 'demo-prosecutor-02',
  member: 'demo-prosecutor-03',
};
export const GRP03 = {
  leader: 'demo-prosecutor-07',
  liaison: 'demo-prosecutor-08',
  member: 'demo-prosecutor-09',
};
export const GRP01_PLACE = '中山社区';

export async function personId(t: TestApp, wechatId: string): Promise<number> {
  const [row] = await t.database.db
    .select({ id: people.id })
    .from(people)
    .where(eq(people.wechatId, wechatId));
  if (!row) throw new Error(`no person with wechat id ${wechatId}`);
  return row.id;
}

/** Issues a bearer token for a seeded person (or for no person, e.g. the office). */
export async function tokenFor(t: TestApp, role: TokenRole, wechatId?: string): Promise<string> {
  const token = `test-${role}-${randomUUID()}`;
  await t.database.db.insert(apiTokens).values({
    tokenHash: hashToken(token),
    role,
    personId: wechatId ? await personId(t, wechatId) : null,
    label: 'test',
  });
  return token;
}

export function postMessage(t: TestApp, msg: TestInbound) {
  return postInbound(t, msg);
}

/** A resident reports a dispute in a community; returns the case number. A whole random UUID in the default
 * text keeps unrelated reports well below the duplicate threshold, so they are never linked. */
export async function reportCase(
  t: TestApp,
  options: { from?: string; name?: string; place?: string; text?: string; anonymous?: boolean } = {},
): Promise<string> {
  const text = `${options.text ?? `纠纷调解 ${randomUUID()}`}${options.anonymous ? '（匿名）' : ''}`;
  const res = await postMessage(
    t,
    inbound(text, parseOf('report_dispute', { entities: { place: options.place ?? GRP01_PLACE } }), {
      from: { id: options.from ?? `wxid_${randomUUID().slice(0, 8)}`, name: options.name ?? '张女士' },
      receivedAt: t.clock.now().toISOString(),
    }),
  );
  if (res.statusCode !== 200) throw new Error(`report failed: ${res.body}`);
  return res.json().caseNo as string;
}

/** A private WeChat message from a contact; returns the bot's reply. */
export async function say(t: TestApp, from: string, text: string): Promise<string | null> {
  const res = await postMessage(
    t,
    inbound(text, parseOf('none'), { from: { id: from, name: '' }, receivedAt: t.clock.now().toISOString() }),
  );
  if (res.statusCode !== 200) throw new Error(`message failed: ${res.statusCode} ${res.body}`);
  return res.json().reply as string | null;
}

export async function caseRow(t: TestApp, caseNo: string) {
  const [row] = await t.database.db.select().from(cases).where(eq(cases.caseNo, caseNo));
  if (!row) throw new Error(`no case ${caseNo}`);
  return row;
}

/** Everything queued for a case except the liaison's assignment notice. */
export async function repliesFor(t: TestApp, caseNo: string) {
  const row = await caseRow(t, caseNo);
  const rows = await t.database.db
    .select()
    .from(outbox)
    .where(eq(outbox.caseId, row.id))
    .orderBy(asc(outbox.createdAt), asc(outbox.dedupeKey));
  return withClearText(
    t.app.services.registry.fieldCipher,
    rows.filter((r) => r.purpose !== 'assignment'),
  );
}
