// Reads the audit log (reads of reporter details, registry and token changes) for admins, newest first.
import { and, count, desc, eq, gte, lt, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/create-db.js';
import { auditLog } from '../../db/schema/index.js';

export interface AuditFilter {
  from?: Date | undefined;
  to?: Date | undefined;
  actor?: string | undefined;
  action?: string | undefined;
}

export function createAuditService(deps: { db: Db }) {
  const { db } = deps;
  return {
    async list(filter: AuditFilter, page: { limit: number; offset: number }) {
      const conditions: SQL[] = [];
      if (filter.from) conditions.push(gte(auditLog.at, filter.from));
      if (filter.to) conditions.push(lt(auditLog.at, filter.to));
      if (filter.actor) conditions.push(eq(auditLog.actor, filter.actor));
      if (filter.action) conditions.push(eq(auditLog.action, filter.action));
      const where = conditions.length ? and(...conditions) : undefined;
      const items = await db
        .select()
        .from(auditLog)
        .where(where)
        .orderBy(desc(auditLog.at), desc(auditLog.id))
        .limit(page.limit)
        .offset(page.offset);
      const [total] = await db.select({ n: count() }).from(auditLog).where(where);
      return { items, total: total?.n ?? 0 };
    },
  };
}

export type AuditService = ReturnType<typeof createAuditService>;
