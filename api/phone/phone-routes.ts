// /m/cases/:caseNo: a case's page for WeChat's browser, opened by a phone link; its images; its action forms.
import { createHash, timingSafeEqual } from 'node:crypto';
import { and, count, eq } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteShorthandOptions } from 'fastify';
import { auditLog, caseEvents, caseNotes, messages } from '../../db/schema/index.js';
import { parseCaseNo } from '../../intents/index.js';
import type { AttachmentStore } from '../attachments/attachment-store.js';
import type { CaseActor } from '../auth/case-scope.js';
import { readReporters } from '../cases/case-reporters.js';
import type { CaseRow } from '../cases/case-service.js';
import { type CaseReadDeps, readableCaseDetail } from '../cases/cases-routes.js';
import type { ParsedCommand, ProsecutorCommands } from '../commands/prosecutor-commands.js';
import { toIsoShanghai } from '../http/time-format.js';
import type { PhoneLinkRow, PhoneLinks } from './phone-links.js';
import { casePage, goneAfterActionPage, refusedPage, STYLE_HASH } from './phone-page.js';

export interface PhoneRoutesDeps extends CaseReadDeps {
  phoneLinks: PhoneLinks;
  commands: ProsecutorCommands;
  attachments: AttachmentStore;
  publicUrl: string;
}

const CSRF_COOKIE = 'jw_m_csrf';
const VERBS = new Set<ParsedCommand['verb']>(['受理', '补充材料', '转办', '反馈', '办结', '备注']);
const MAX_FORM_TEXT = 2000;

// Nothing from elsewhere, styles only by the page's own hash, forms only back to this server; the referrer stays on
// this origin, so the token in the address never leaves it and the browser still sends Origin with a form.
const PAGE_HELMET = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'none'"],
      imgSrc: ["'self'"],
      styleSrc: [STYLE_HASH],
      formAction: ["'self'"],
      baseUri: ["'none'"],
      frameAncestors: ["'none'"],
    },
  },
  referrerPolicy: { policy: 'same-origin' as const },
};
// An attachment is a stranger's file: it may not run anything even if opened on its own.
const FILE_HELMET = {
  contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], sandbox: [] } },
  referrerPolicy: { policy: 'no-referrer' as const },
};

/** The form's CSRF value: derived from the link's token, so only a holder of the page can know it. */
function csrfFor(token: string): string {
  return createHash('sha256').update(`jw-phone-csrf:${token}`).digest('base64url');
}

function same(a: string | undefined, b: string): boolean {
  if (typeof a !== 'string' || a.length !== b.length) return false;
  return timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

function phoneActor(link: PhoneLinkRow): CaseActor {
  return { role: 'prosecutor', personId: link.personId, actor: `phone:${link.personId}` };
}

export async function phoneRoutes(app: FastifyInstance, opts: PhoneRoutesDeps): Promise<void> {
  const base = new URL(opts.publicUrl);
  const basePath = base.pathname.replace(/\/+$/, '');
  const secure = base.protocol === 'https:';

  // Plain HTML forms post urlencoded; only this plugin reads that type.
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 64 * 1024 },
    (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))),
  );

  function html(reply: FastifyReply, status: number, body: string) {
    return reply
      .code(status)
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('x-robots-tag', 'noindex')
      .send(body);
  }

  /** The case number exactly as links write it; anything else is refused like a bad token. */
  function canonical(raw: string): string | null {
    const caseNo = parseCaseNo(raw);
    return caseNo === raw ? caseNo : null;
  }

  /** Whether a form came from our own page: Origin (or Referer) must be this server's when the browser sends one. */
  function sameOrigin(request: FastifyRequest): boolean {
    const allowed = new Set([base.origin, `${request.protocol}://${request.host}`]);
    const origin = request.headers.origin;
    if (origin !== undefined) return allowed.has(origin);
    const referer = request.headers.referer;
    if (referer === undefined) return true;
    try {
      return allowed.has(new URL(referer).origin);
    } catch {
      return false;
    }
  }

  async function render(
    reply: FastifyReply,
    link: PhoneLinkRow,
    row: CaseRow,
    token: string,
    status: number,
    flash?: { ok: boolean; text: string },
  ) {
    const actor = phoneActor(link);
    // The reporter's name through the one audited path (issue 10 item 2): the case view names nobody.
    const reporters = await readReporters(opts, actor, row);
    const first = reporters?.items.find((r) => r.first);
    const view = {
      ...(await readableCaseDetail(opts, actor, row)),
      reporter: first ? { name: first.name } : null,
    };
    const csrf = csrfFor(token);
    reply.setCookie(CSRF_COOKIE, csrf, {
      path: `${basePath}/m/cases/${row.caseNo}`,
      httpOnly: true,
      sameSite: 'strict',
      secure,
      maxAge: Math.max(1, Math.ceil((link.expiresAt.getTime() - opts.clock.now().getTime()) / 1000)),
    });
    const page = casePage({
      view,
      self: row.caseNo,
      attachmentUrl: (id) => `${row.caseNo}/attachments/${id}?t=${encodeURIComponent(token)}`,
      token,
      csrf,
      expiresAt: toIsoShanghai(link.expiresAt),
      flash,
    });
    return html(reply, status, page);
  }

  // Pages for a browser, not the JSON API: left out of /docs (and of the API's JSON-error contract).
  const pageRoute = { helmet: PAGE_HELMET, schema: { hide: true } } as RouteShorthandOptions;

  app.get<{ Params: { caseNo: string }; Querystring: { t?: string } }>(
    '/m/cases/:caseNo',
    pageRoute,
    async (request, reply) => {
      const caseNo = canonical(request.params.caseNo);
      const token = typeof request.query.t === 'string' ? request.query.t : undefined;
      const checked = caseNo ? await opts.phoneLinks.check(opts.db, token, caseNo) : null;
      if (!checked?.ok) return html(reply, 403, refusedPage(checked?.reason ?? 'refused'));
      return render(reply, checked.link, checked.row, token!, 200);
    },
  );

  app.post<{ Params: { caseNo: string }; Body: Record<string, unknown> }>(
    '/m/cases/:caseNo',
    pageRoute,
    async (request, reply) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      const field = (name: string) => (typeof body[name] === 'string' ? (body[name] as string) : undefined);
      const caseNo = canonical(request.params.caseNo);
      const token = field('t');
      const checked = caseNo ? await opts.phoneLinks.check(opts.db, token, caseNo) : null;
      if (!checked?.ok) return html(reply, 403, refusedPage(checked?.reason ?? 'refused'));
      const csrf = csrfFor(token!);
      if (!sameOrigin(request) || !same(field('csrf'), csrf) || !same(request.cookies[CSRF_COOKIE], csrf)) {
        request.log.warn({ caseNo, linkId: checked.link.id }, 'phone page form refused: not from its page');
        return html(reply, 403, refusedPage('forbidden_origin'));
      }
      const verb = field('verb') as ParsedCommand['verb'] | undefined;
      const text = (field('text') ?? '').trim();
      const { link, row } = checked;
      if (!verb || !VERBS.has(verb))
        return render(reply, link, row, token!, 400, { ok: false, text: '未知的操作，请重新选择。' });
      if (text.length > MAX_FORM_TEXT)
        return render(reply, link, row, token!, 400, {
          ok: false,
          text: `内容最多 ${MAX_FORM_TEXT} 字，请精简后再提交。`,
        });

      // The command's own rules and answer: the page is another way to type it, not another state machine.
      const before = await changesOf(row.id);
      const answer = await opts.db.transaction((tx) =>
        opts.commands.perform(tx, phoneActor(link), {
          verb,
          caseNo: row.caseNo,
          argument: verb === '受理' ? '' : text,
        }),
      );
      const ok = (await changesOf(row.id)) !== before;
      request.log.info(
        { caseNo: row.caseNo, verb, ok, actor: `phone:${link.personId}` },
        'phone page action',
      );
      const after = await opts.phoneLinks.check(opts.db, token, row.caseNo);
      if (!after.ok) return html(reply, 200, goneAfterActionPage(row.caseNo, answer));
      return render(reply, after.link, after.row, token!, ok ? 200 : 409, { ok, text: answer });
    },
  );

  app.get<{ Params: { caseNo: string; id: string }; Querystring: { t?: string } }>(
    '/m/cases/:caseNo/attachments/:id',
    { helmet: FILE_HELMET, schema: { hide: true } } as RouteShorthandOptions,
    async (request, reply) => {
      const caseNo = canonical(request.params.caseNo);
      const token = typeof request.query.t === 'string' ? request.query.t : undefined;
      const checked = caseNo ? await opts.phoneLinks.check(opts.db, token, caseNo) : null;
      if (!checked?.ok) return html(reply, 403, refusedPage(checked?.reason ?? 'refused'));
      const id = /^\d{1,9}$/.test(request.params.id) ? Number(request.params.id) : null;
      const meta = id === null ? null : await opts.attachments.meta(opts.db, id);
      // Only a file of this very case: another case's attachment id answers like a missing one.
      const [owner] = meta
        ? await opts.db
            .select({ id: messages.id })
            .from(messages)
            .where(and(eq(messages.messageId, meta.messageId), eq(messages.caseId, checked.row.id)))
        : [];
      const bytes = meta && owner && !meta.purged ? await opts.attachments.bytes(opts.db, meta.id) : null;
      if (!meta || !bytes)
        return reply
          .code(404)
          .type('text/plain; charset=utf-8')
          .header('cache-control', 'no-store')
          .send('附件不存在或已按保存期限删除。');
      await opts.db.insert(auditLog).values({
        at: opts.clock.now(),
        actor: `phone:${checked.link.personId}`,
        action: 'read_attachment',
        subject: checked.row.caseNo,
        data: { attachmentId: meta.id, phoneLinkId: checked.link.id },
      });
      const disposition = meta.mimeType.startsWith('image/') ? 'inline' : 'attachment';
      return reply
        .type(meta.mimeType)
        .header('cache-control', 'private, no-store')
        .header('content-disposition', `${disposition}; filename*=UTF-8''${encodeURIComponent(meta.name)}`)
        .send(bytes);
    },
  );

  /** How many events and notes the case has: an action that changed nothing was refused. */
  async function changesOf(caseId: number): Promise<number> {
    const [[events], [notes]] = await Promise.all([
      opts.db.select({ n: count() }).from(caseEvents).where(eq(caseEvents.caseId, caseId)),
      opts.db.select({ n: count() }).from(caseNotes).where(eq(caseNotes.caseId, caseId)),
    ]);
    return Number(events?.n ?? 0) + Number(notes?.n ?? 0);
  }
}
