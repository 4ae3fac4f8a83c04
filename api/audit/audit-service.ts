// Reads the audit log (reads of reporter details, registry and token changes) for admins, newest first.
import { and, count, desc, eq, gte, inArray, lt, or, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/create-db.js';
import { apiTokens, auditLog, people } from '../../db/schema/index.js';

export interface AuditFilter {
  from?: Date | undefined;
  to?: Date | undefined;
  actor?: string | undefined;
  action?: string | undefined;
  /** A registry person: what they did in WeChat, in the console, or with a token issued to them. */
  personId?: number | undefined;
}

/** The actor labels a person acts under: `wechat:<id>`, `console:<id>`, and `token:<id>` of their tokens. */
function actedBy(personId: number): SQL {
  return or(
    inArray(auditLog.actor, [`wechat:${personId}`, `console:${personId}`]),
    inArray(
      auditLog.actor,
      sql`(select 'token:' || ${apiTokens.id} from ${apiTokens} where ${apiTokens.personId} = ${personId})`,
    ),
  ) as SQL;
}

const PERSON_ACTOR = /^(?:wechat|console):(\d+)$/;
const TOKEN_ACTOR = /^token:(\d+)$/;

export function createAuditService(deps: { db: Db }) {
  const { db } = deps;

  /** Who each actor label is, where it names a person (directly, or through a token issued to them). */
  async function peopleOf(actors: string[]): Promise<Map<string, { id: number; name: string }>> {
    const personIds = new Map<string, number>();
    const tokenIds = new Set<number>();
    for (const actor of actors) {
      const person = PERSON_ACTOR.exec(actor);
      if (person) personIds.set(actor, Number(person[1]));
      const token = TOKEN_ACTOR.exec(actor);
      if (token) tokenIds.add(Number(token[1]));
    }
    if (tokenIds.size) {
      const tokens = await db
        .select({ id: apiTokens.id, personId: apiTokens.personId })
        .from(apiTokens)
        .where(inArray(apiTokens.id, [...tokenIds]));
      for (const t of tokens) if (t.personId !== null) personIds.set(`token:${t.id}`, t.personId);
    }
    const ids = [...new Set(personIds.values())];
    const names = ids.length
      ? await db.select({ id: people.id, name: people.name }).from(people).where(inArray(people.id, ids))
      : [];
    const byId = new Map(names.map((p) => [p.id, p]));
    const out = new Map<string, { id: number; name: string }>();
    for (const [actor, id] of personIds) {
      const person = byId.get(id);
      if (person) out.set(actor, person);
    }
    return out;
  }

  return {
    async list(filter: AuditFilter, page: { limit: number; offset: number }) {
      const conditions: SQL[] = [];
      if (filter.from) conditions.push(gte(auditLog.at, filter.from));
      if (filter.to) conditions.push(lt(auditLog.at, filter.to));
      if (filter.actor) conditions.push(eq(auditLog.actor, filter.actor));
      if (filter.action) conditions.push(eq(auditLog.action, filter.action));
      if (filter.personId !== undefined) conditions.push(actedBy(filter.personId));
      const where = conditions.length ? and(...conditions) : undefined;
      const rows = await db
        .select()
        .from(auditLog)
        .where(where)
        .orderBy(desc(auditLog.at), desc(auditLog.id))
        .limit(page.limit)
        .offset(page.offset);
      const [total] = await db.select({ n: count() }).from(auditLog).where(where);
      const persons = await peopleOf([...new Set(rows.map((r) => r.actor))]);
      const items = rows.map((r) => ({ ...r, person: persons.get(r.actor) ?? null }));
      return { items, total: total?.n ?? 0 };
    },

    /** Every action name the log holds, for the console's filter. */
    async actions(): Promise<string[]> {
      const rows = await db
        .selectDistinct({ action: auditLog.action })
        .from(auditLog)
        .orderBy(auditLog.action);
      return rows.map((r) => r.action);
    },
  };
}

export type AuditService = ReturnType<typeof createAuditService>;
