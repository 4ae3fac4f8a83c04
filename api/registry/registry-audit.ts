// Writes one audit-log entry for a change to the registry (grids, groups, people, room bindings).
import type { Db } from '../../db/create-db.js';
import { auditLog } from '../../db/schema/index.js';

export interface AuditEntry {
  at: Date;
  actor: string;
  action: string;
  subject: string;
  data?: Record<string, unknown>;
}

export async function recordAudit(tx: Db, entry: AuditEntry): Promise<void> {
  await tx.insert(auditLog).values({ ...entry, data: entry.data ?? {} });
}
