// The case file on the phone (issue 11 item 3): links from 查看 and the 【新案件】 notice, the page and its images for
// the bound prosecutor, refusals (expired, revoked, tampered, another case, left the group, transferred away), the
// forms following the commands' rules, CSRF, escaping and no outside resources.
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, messages, outbox, phoneLinks } from '../../db/schema/index.js';
import { pngBytes, uploadAttachment } from '../helpers/attachment-fixtures.js';
import {
  caseRow,
  GRP01,
  GRP01_PLACE,
  GRP03,
  personId,
  reportCase,
  say,
  tokenFor,
} from '../helpers/case-fixtures.js';
import { inbound, parseOf } from '../helpers/inbound-fixtures.js';
import { ADMIN, auth, BOT, createTestApp, postInbound, type TestApp } from '../helpers/test-app.js';

const PUBLIC = 'https://jw.example.gov.cn';
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ env: { PUBLIC_URL: PUBLIC, PHONE_LINK_MINUTES: '30' } });
});
afterAll(async () => {
  await t?.close();
});

const LINK = /https:\/\/jw\.example\.gov\.cn(\/m\/cases\/GL-\d{4}-\d{6}\?t=[\w-]+)/u;

function linkIn(text: string | null | undefined): string {
  const m = LINK.exec(text ?? '');
  if (!m) throw new Error(`no phone link in: ${text}`);
  return m[1]!;
}

/** 查看 GL-… from a prosecutor; the path of the link in the answer. */
async function viewLink(from: string, caseNo: string): Promise<string> {
  return linkIn(await say(t, from, `查看 ${caseNo}`));
}

const open = (path: string) => t.app.inject({ method: 'GET', url: path });

/** Opens the page and submits one of its forms as the browser would (cookie, hidden fields, own origin). */
async function submit(
  path: string,
  verb: string,
  text = '',
  tweak: { origin?: string | null; csrf?: string; cookie?: string | null } = {},
) {
  const page = await open(path);
  expect(page.statusCode, page.body).toBe(200);
  const cookie = page.cookies.find((c) => c.name === 'jw_m_csrf');
  const csrf = /name="csrf" value="([^"]+)"/.exec(page.body)?.[1];
  const token = new URL(path, PUBLIC).searchParams.get('t')!;
  const form = new URLSearchParams({ t: token, csrf: tweak.csrf ?? csrf!, verb, text });
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (tweak.origin !== null) headers.origin = tweak.origin ?? PUBLIC;
  const cookieValue = tweak.cookie === undefined ? cookie?.value : tweak.cookie;
  if (cookieValue !== null && cookieValue !== undefined) headers.cookie = `jw_m_csrf=${cookieValue}`;
  return t.app.inject({
    method: 'POST',
    url: path.split('?')[0]!,
    headers,
    payload: form.toString(),
  });
}

/** The page's words, not its markup: what a reader sees. */
const flashOf = (html: string) => /<div class="flash[^"]*" role="status">([^<]*)<\/div>/.exec(html)?.[1];

async function audits(action: string, caseNo: string) {
  return t.database.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, action), eq(auditLog.subject, caseNo)));
}

describe('phone links in WeChat', () => {
  it('查看 from a prosecutor of the owning group answers with a link bound to them; the log keeps no token', async () => {
    const caseNo = await reportCase(t, { text: '楼上漏水三天了 物业不管' });
    const reply = await say(t, GRP01.member, `查看 ${caseNo.toLowerCase()}`);
    expect(reply).toContain(`【案件】${caseNo}`);
    expect(reply).toContain('楼上漏水三天了');
    expect(reply).toMatch(/30分钟内有效/u);
    const path = linkIn(reply);
    const token = new URL(path, PUBLIC).searchParams.get('t')!;
    expect(token).toMatch(/^m_[\w-]{32}$/u);

    const all = await t.database.db.select().from(phoneLinks);
    const row = await caseRow(t, caseNo);
    const mine = all.find((l) => l.caseId === row.id)!;
    expect(mine.personId).toBe(await personId(t, GRP01.member));
    expect(JSON.stringify(all)).not.toContain(token);
    expect(mine.expiresAt.getTime() - mine.createdAt.getTime()).toBe(30 * 60_000);
    const logged = await t.database.db.select({ response: messages.response }).from(messages);
    expect(JSON.stringify(logged)).not.toContain(token);
    expect(JSON.stringify(logged)).toContain('t=******');
  });

  it('帮助 names 查看; 查看 without a case number answers with its usage', async () => {
    expect(await say(t, GRP01.member, '帮助')).toContain('查看 GL-…');
    expect(await say(t, GRP01.member, '查看')).toBe('用法：查看 GL-2026-000123（获取该案件的手机查看链接）');
  });

  it('查看 from another group’s prosecutor is answered like an unknown case, with no link made', async () => {
    const caseNo = await reportCase(t);
    const before = (await t.database.db.select().from(phoneLinks)).length;
    const reply = await say(t, GRP03.liaison, `查看 ${caseNo}`);
    expect(reply).toContain(`没有找到您可办理的案件 ${caseNo}`);
    expect(reply).not.toContain('/m/cases/');
    expect(await t.database.db.select().from(phoneLinks)).toHaveLength(before);
  });

  it('the 【新案件】 notice carries a link made when the bot takes it; the outbox itself keeps no link', async () => {
    const caseNo = await reportCase(t);
    const row = await caseRow(t, caseNo);
    const [queued] = await t.database.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.caseId, row.id), eq(outbox.purpose, 'assignment')));
    expect(t.app.services.registry.fieldCipher.decrypt(queued!.textEnc)).not.toContain('/m/cases/');
    const leased = await t.app.inject({ method: 'GET', url: '/v1/outbox?limit=100', headers: auth(BOT) });
    expect(leased.statusCode, leased.body).toBe(200);
    const notice = (leased.json().items as { to: { id: string }; text: string }[]).find((m) =>
      m.text.startsWith(`【新案件】${caseNo}`),
    );
    expect(notice?.to.id).toBe(GRP01.liaison);
    const path = linkIn(notice!.text);
    expect(notice!.text).toContain(`回复“受理 ${caseNo}”受理`);
    const page = await open(path);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(caseNo);
    const [link] = await t.database.db.select().from(phoneLinks).where(eq(phoneLinks.caseId, row.id));
    expect(link!.personId).toBe(await personId(t, GRP01.liaison));
  });
});

describe('GET /m/cases/:caseNo', () => {
  it('shows the bound prosecutor the file, the timeline, the reporter (audited) and the photo inline (audited)', async () => {
    const messageId = randomUUID();
    const bytes = pngBytes(3000);
    const up = await uploadAttachment(t, { messageId, name: '漏水照片.png', mimeType: 'image/png', bytes });
    expect(up.statusCode, up.body).toBe(201);
    const res = await postInbound(
      t,
      inbound(
        '厨房天花板漏水 <script>alert(1)</script> & 物业推诿',
        parseOf('report_dispute', { entities: { place: GRP01_PLACE } }),
        {
          messageId,
          from: { id: `wxid_${randomUUID().slice(0, 8)}`, name: '林女士' },
          receivedAt: t.clock.now().toISOString(),
        },
      ),
    );
    const caseNo = res.json().caseNo as string;
    const path = await viewLink(GRP01.liaison, caseNo);
    const page = await open(path);
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.headers['cache-control']).toBe('no-store');
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("img-src 'self'");
    expect(csp).toContain("form-action 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(page.headers['referrer-policy']).toBe('same-origin');

    const html = page.body;
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; 物业推诿');
    expect(html).not.toContain('<script');
    expect(html).toContain('林女士');
    expect(html).toContain('收到反映');
    expect(html).toContain('分派办案组');
    for (const verb of ['受理', '补充材料', '转办', '反馈', '办结'])
      expect(html).toContain(`name="verb" value="${verb}"`);
    // Nothing from elsewhere: no absolute URL, no protocol-relative one, no script at all.
    expect(html).not.toMatch(/(?:https?:)?\/\/[a-z0-9]/iu);
    expect(html).not.toMatch(/@import|url\(/iu);

    const reporterReads = await audits('read_reporter', caseNo);
    expect(reporterReads.map((a) => a.actor)).toEqual([`phone:${await personId(t, GRP01.liaison)}`]);

    const src = /<img src="([^"]+)"/.exec(html)?.[1]?.replaceAll('&amp;', '&');
    expect(src).toMatch(new RegExp(`^${caseNo}/attachments/${up.json().id}\\?t=m_`));
    const image = await open(
      new URL(src!, `http://x/m/cases/${caseNo}`).pathname + new URL(src!, 'http://x/').search,
    );
    expect(image.statusCode).toBe(200);
    expect(image.headers['content-type']).toBe('image/png');
    expect(image.rawPayload.equals(bytes)).toBe(true);
    const reads = await audits('read_attachment', caseNo);
    expect(reads).toHaveLength(1);
    expect(reads[0]).toMatchObject({ actor: `phone:${await personId(t, GRP01.liaison)}` });
    expect(reads[0]!.data).toMatchObject({ attachmentId: up.json().id });
  });

  it('refuses an expired link with a clear page that tells nothing of the case', async () => {
    const caseNo = await reportCase(t, { text: '过期链接测试 秘密内容' });
    const path = await viewLink(GRP01.liaison, caseNo);
    t.clock.advance(30 * 60_000);
    const page = await open(path);
    expect(page.statusCode).toBe(403);
    expect(page.body).toContain('链接已过期');
    expect(page.body).toContain('查看 案件编号');
    expect(page.body).not.toContain('秘密内容');
    expect(page.body).not.toContain(caseNo);
    expect(page.cookies).toHaveLength(0);
  });

  it('refuses a tampered token, a token for another case and no token alike', async () => {
    const a = await reportCase(t, { text: `甲案 秘密内容 ${randomUUID()}` });
    const b = await reportCase(t, { text: `乙案 ${randomUUID()}` });
    expect(b).not.toBe(a);
    const path = await viewLink(GRP01.liaison, a);
    const last = path.at(-1) === 'A' ? 'B' : 'A';
    for (const bad of [
      `${path.slice(0, -1)}${last}`,
      path.replace(a, b),
      path.split('?')[0]!,
      path.replace(a, a.toLowerCase()),
    ]) {
      const page = await open(bad);
      expect(page.statusCode, bad).toBe(403);
      expect(page.body).toContain('链接无效');
      expect(page.body).not.toContain('秘密内容');
    }
  });

  it('stops a link the office revokes, one by one or for a whole case', async () => {
    const caseNo = await reportCase(t);
    const first = await viewLink(GRP01.liaison, caseNo);
    const second = await viewLink(GRP01.member, caseNo);
    const office = await tokenFor(t, 'office');
    const list = await t.app.inject({
      method: 'GET',
      url: `/v1/phone-links?caseNo=${caseNo}`,
      headers: auth(office),
    });
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().total).toBe(2);
    expect(list.body).not.toContain(new URL(first, PUBLIC).searchParams.get('t')!);
    const liaisonId = await personId(t, GRP01.liaison);
    const items = list.json().items as { id: number; state: string; person: { id: number } }[];
    expect(items.map((l) => l.state)).toEqual(['live', 'live']);
    const mineId = items.find((l) => l.person.id === liaisonId)!.id;
    const revoke = await t.app.inject({
      method: 'DELETE',
      url: `/v1/phone-links/${mineId}`,
      headers: auth(office),
    });
    expect(revoke.statusCode, revoke.body).toBe(200);
    const again = await t.app.inject({
      method: 'DELETE',
      url: `/v1/phone-links/${mineId}`,
      headers: auth(office),
    });
    expect(again.statusCode).toBe(409);
    expect((await open(first)).statusCode).toBe(403);
    expect((await open(second)).statusCode).toBe(200);

    const all = await t.app.inject({
      method: 'POST',
      url: '/v1/phone-links/revoke',
      headers: auth(ADMIN),
      payload: { caseNo },
    });
    expect(all.json()).toEqual({ revoked: 1 });
    for (const p of [first, second]) expect((await open(p)).statusCode).toBe(403);
    const refusedByProsecutor = await t.app.inject({
      method: 'POST',
      url: '/v1/phone-links/revoke',
      headers: auth(await tokenFor(t, 'prosecutor', GRP01.leader)),
      payload: { caseNo },
    });
    expect(refusedByProsecutor.statusCode).toBe(403);
    expect((await audits('revoke_phone_links', `phone-link:${mineId}`)).length).toBe(1);
  });

  it('refuses the image endpoint without a good link, and another case’s attachment', async () => {
    const messageId = randomUUID();
    const up = await uploadAttachment(t, {
      messageId,
      name: 'a.png',
      mimeType: 'image/png',
      bytes: pngBytes(),
    });
    await postInbound(
      t,
      inbound('带图的反映', parseOf('report_dispute', { entities: { place: GRP01_PLACE } }), {
        messageId,
        from: { id: `wxid_${randomUUID().slice(0, 8)}`, name: '王先生' },
        receivedAt: t.clock.now().toISOString(),
      }),
    );
    const other = await reportCase(t);
    const path = await viewLink(GRP01.liaison, other);
    const token = new URL(path, PUBLIC).searchParams.get('t')!;
    const foreign = await open(`/m/cases/${other}/attachments/${up.json().id}?t=${token}`);
    expect(foreign.statusCode).toBe(404);
    const noToken = await open(`/m/cases/${other}/attachments/${up.json().id}`);
    expect(noToken.statusCode).toBe(403);
    expect(noToken.headers['content-type']).toContain('text/html');
  });
});

describe('POST /m/cases/:caseNo (the page’s actions)', () => {
  it('refuses 办结 on a case not accepted with the command’s own words, and changes nothing', async () => {
    const caseNo = await reportCase(t);
    const path = await viewLink(GRP01.liaison, caseNo);
    const res = await submit(path, '办结', '已处理完毕');
    expect(res.statusCode).toBe(409);
    const twin = await reportCase(t);
    expect(flashOf(res.body)).toBe(
      (await say(t, GRP01.liaison, `办结 ${twin} 已处理完毕`))!.replace(twin, caseNo),
    );
    expect(flashOf(res.body)).toContain('不能办结');
    expect((await caseRow(t, caseNo)).status).toBe('received');
  });

  it('accepts as the bound prosecutor, as 受理 would, and says so on the page', async () => {
    const caseNo = await reportCase(t);
    const path = await viewLink(GRP01.member, caseNo);
    const res = await submit(path, '受理');
    expect(res.statusCode, res.body).toBe(200);
    expect(flashOf(res.body)).toContain(`已受理 ${caseNo}`);
    const row = await caseRow(t, caseNo);
    expect(row.status).toBe('accepted');
    expect(row.assigneeId).toBe(await personId(t, GRP01.member));
    expect(res.body).toContain('已受理');
    // An argument the command needs and did not get: the command's usage line, nothing written.
    const empty = await submit(path, '补充材料', '');
    expect(flashOf(empty.body)).toContain('用法：补充材料');
    const noted = await submit(path, '备注', '已电话联系物业');
    expect(flashOf(noted.body)).toContain('已记录');
    expect(noted.body).toContain('已电话联系物业');
  });

  it('refuses a form from elsewhere: another origin, no cookie, a wrong token field', async () => {
    const caseNo = await reportCase(t);
    const path = await viewLink(GRP01.liaison, caseNo);
    for (const tweak of [
      { origin: 'https://evil.example' },
      { origin: 'null' },
      { cookie: null },
      { csrf: 'x'.repeat(43) },
    ]) {
      const res = await submit(path, '受理', '', tweak);
      expect(res.statusCode, JSON.stringify(tweak)).toBe(403);
      expect(res.body).toContain('操作未执行');
    }
    expect((await caseRow(t, caseNo)).status).toBe('received');
    // Without Origin and Referer (an old browser) the cookie and the form's token still decide.
    expect((await submit(path, '受理', '', { origin: null })).statusCode).toBe(200);
  });

  it('转办 to another group from the leader’s page: the link ends, the new liaison is told with a link of their own', async () => {
    const caseNo = await reportCase(t);
    const path = await viewLink(GRP01.leader, caseNo);
    const res = await submit(path, '转办', 'GRP-03 属三坊七巷辖区');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('不再由您所在的办案组办理');
    expect((await caseRow(t, caseNo)).groupId).not.toBe(null);
    expect((await open(path)).statusCode).toBe(403);
    const leased = await t.app.inject({ method: 'GET', url: '/v1/outbox?limit=100', headers: auth(BOT) });
    const notice = (leased.json().items as { to: { id: string }; text: string }[]).find((m) =>
      m.text.startsWith(`【转办案件】${caseNo}`),
    );
    expect(notice?.to.id).toBe(GRP03.liaison);
    expect((await open(linkIn(notice!.text))).statusCode).toBe(200);
    // A member (not the leader) is refused with the command's words.
    const other = await reportCase(t);
    const memberPath = await viewLink(GRP01.member, other);
    const refused = await submit(memberPath, '转办', 'GRP-03 属三坊七巷辖区');
    expect(refused.statusCode).toBe(409);
    expect(flashOf(refused.body)).toBe(
      `只有办案组组长或办公室可以将案件 ${other} 转至其他办案组。如需转办，请联系组长。`,
    );
  });

  it('ends the link of a prosecutor who leaves the group', async () => {
    const caseNo = await reportCase(t);
    const path = await viewLink(GRP01.member, caseNo);
    expect((await open(path)).statusCode).toBe(200);
    const res = await t.app.inject({
      method: 'PUT',
      url: '/v1/groups/GRP-01/members',
      headers: auth(ADMIN),
      payload: { memberCodes: [] },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect((await open(path)).statusCode).toBe(403);
  });
});
