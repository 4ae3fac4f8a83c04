// Phone links: short-lived links, bound to one prosecutor and one case, to the case's page in WeChat's browser.
import { and, count, desc, eq, gt, inArray, isNull, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/create-db.js';
import { auditLog, cases, groupMembers, people, phoneLinks } from '../../db/schema/index.js';
import { generateToken, hashToken } from '../auth/token-hash.js';
import type { CaseRow } from '../cases/case-service.js';
import type { Clock } from '../clock.js';
import { phoneTexts } from './phone-texts.js';

export type PhoneLinkRow = typeof phoneLinks.$inferSelect;

export type LinkCheck =
  | { ok: true; link: PhoneLinkRow; row: CaseRow }
  /** expired: the link was good but its time is up; refused: anything else (unknown, revoked, not for this case, no longer entitled). */
  | { ok: false; reason: 'expired' | 'refused' };

// What the outbox stores where a link goes, so no live token sits in the database: the link is made when the bot
// takes the message to send it (and its minutes start then, not when a notice was queued at night). A marker that
// someone smuggles into a report's text only ever yields the recipient a link to a case their own group owns.
// biome-ignore lint/suspicious/noControlCharactersInRegex: U+0001 delimits the marker on purpose; no text written by a person uses it
const MARKER = /\u0001phone-link:(GL-\d{4}-\d{6})\u0001\n?/gu;

export function phoneLinkMarker(caseNo: string): string {
  return `\u0001phone-link:${caseNo}\u0001`;
}

/** Hides link tokens in text that is kept (the message log): the link works only from the WeChat message. */
export function redactLinkTokens(text: string): string {
  return text.replace(/([?&]t=)[\w-]+/gu, '$1******');
}

export function createPhoneLinks(deps: { clock: Clock; publicUrl: string; minutes: number }) {
  const { clock } = deps;

  async function isMember(db: Db, personId: number, groupId: number): Promise<boolean> {
    const [seat] = await db
      .select({ role: groupMembers.role })
      .from(groupMembers)
      .where(and(eq(groupMembers.personId, personId), eq(groupMembers.groupId, groupId)));
    return seat !== undefined;
  }

  /** A new link for a member of the group owning the case; null when the person may not have one. */
  async function issue(
    db: Db,
    row: Pick<CaseRow, 'id' | 'caseNo' | 'groupId'>,
    personId: number,
  ): Promise<{ url: string; expiresAt: Date } | null> {
    if (row.groupId === null || !(await isMember(db, personId, row.groupId))) return null;
    const token = generateToken('m');
    const now = clock.now();
    const expiresAt = new Date(now.getTime() + deps.minutes * 60_000);
    await db.insert(phoneLinks).values({
      tokenHash: hashToken(token),
      caseId: row.id,
      personId,
      groupId: row.groupId,
      createdAt: now,
      expiresAt,
    });
    return { url: `${deps.publicUrl}/m/cases/${row.caseNo}?t=${token}`, expiresAt };
  }

  return {
    minutes: deps.minutes,
    issue,

    /**
     * Whether a token opens this case now: it must be a link to this very case, not revoked, not expired, the
     * case still with the group it was with when the link was made, and the prosecutor still in that group.
     */
    async check(db: Db, token: string | undefined, caseNo: string): Promise<LinkCheck> {
      if (!token || token.length > 200) return { ok: false, reason: 'refused' };
      const [found] = await db
        .select({ link: phoneLinks, row: cases })
        .from(phoneLinks)
        .innerJoin(cases, eq(cases.id, phoneLinks.caseId))
        .where(eq(phoneLinks.tokenHash, hashToken(token)));
      if (!found || found.row.caseNo !== caseNo || found.link.revokedAt !== null)
        return { ok: false, reason: 'refused' };
      if (found.link.expiresAt.getTime() <= clock.now().getTime()) return { ok: false, reason: 'expired' };
      if (
        found.row.groupId !== found.link.groupId ||
        !(await isMember(db, found.link.personId, found.link.groupId))
      )
        return { ok: false, reason: 'refused' };
      return { ok: true, link: found.link, row: found.row };
    },

    /** Replaces the outbox's link markers with a fresh link for the recipient, or drops them if they may have none. */
    async render(db: Db, text: string, to: { kind: 'contact' | 'room'; id: string }): Promise<string> {
      const wanted = [...text.matchAll(MARKER)].map((m) => m[1]!);
      if (wanted.length === 0) return text;
      const [person] =
        to.kind === 'contact'
          ? await db.select({ id: people.id }).from(people).where(eq(people.wechatId, to.id))
          : [];
      const lines = new Map<string, string>();
      for (const caseNo of new Set(wanted)) {
        const [row] = person
          ? await db
              .select({ id: cases.id, caseNo: cases.caseNo, groupId: cases.groupId })
              .from(cases)
              .where(eq(cases.caseNo, caseNo))
          : [];
        const link = row && person ? await issue(db, row, person.id) : null;
        lines.set(caseNo, link ? `${phoneTexts.linkLine(link.url, deps.minutes)}\n` : '');
      }
      return text.replace(MARKER, (_m, caseNo: string) => lines.get(caseNo) ?? '');
    },

    /** Revokes the live links matching every given filter (by id, case, person); returns how many. */
    async revoke(
      db: Db,
      filter: { id?: number; caseId?: number; personId?: number },
      by: string,
    ): Promise<number> {
      const where: SQL[] = [isNull(phoneLinks.revokedAt), gt(phoneLinks.expiresAt, clock.now())];
      if (filter.id !== undefined) where.push(eq(phoneLinks.id, filter.id));
      if (filter.caseId !== undefined) where.push(eq(phoneLinks.caseId, filter.caseId));
      if (filter.personId !== undefined) where.push(eq(phoneLinks.personId, filter.personId));
      const rows = await db
        .update(phoneLinks)
        .set({ revokedAt: clock.now(), revokedBy: by })
        .where(and(...where))
        .returning({ id: phoneLinks.id });
      if (rows.length > 0)
        await db.insert(auditLog).values({
          at: clock.now(),
          actor: by,
          action: 'revoke_phone_links',
          subject: rows
            .map((r) => `phone-link:${r.id}`)
            .join(',')
            .slice(0, 500),
          data: { ...filter, revoked: rows.length },
        });
      return rows.length;
    },

    /** Links, newest first, optionally of one case or one person; never their tokens (only hashes are kept). */
    async list(
      db: Db,
      filter: { caseIds?: number[]; personId?: number },
      page: { limit: number; offset: number },
    ) {
      const where: SQL[] = [];
      if (filter.caseIds)
        where.push(inArray(phoneLinks.caseId, filter.caseIds.length ? filter.caseIds : [-1]));
      if (filter.personId !== undefined) where.push(eq(phoneLinks.personId, filter.personId));
      const condition = where.length ? and(...where) : undefined;
      const [items, [total]] = await Promise.all([
        db
          .select({ link: phoneLinks, caseNo: cases.caseNo, personName: people.name })
          .from(phoneLinks)
          .innerJoin(cases, eq(cases.id, phoneLinks.caseId))
          .innerJoin(people, eq(people.id, phoneLinks.personId))
          .where(condition)
          .orderBy(desc(phoneLinks.id))
          .limit(page.limit)
          .offset(page.offset),
        db.select({ n: count() }).from(phoneLinks).where(condition),
      ]);
      return { items, total: Number(total?.n ?? 0) };
    },
  };
}

export type PhoneLinks = ReturnType<typeof createPhoneLinks>;
