// Finds the person behind a WeChat contact, creating a resident on first contact.
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/create-db.js';
import { people } from '../../db/schema/index.js';

export type PersonRow = typeof people.$inferSelect;

export async function findOrCreateContact(tx: Db, wechatId: string, name: string): Promise<PersonRow> {
  const [existing] = await tx.select().from(people).where(eq(people.wechatId, wechatId));
  if (existing) return existing;
  const [created] = await tx
    .insert(people)
    .values({ name: name.trim() || '微信用户', role: 'resident', wechatId })
    .onConflictDoNothing()
    .returning();
  if (created) return created;
  // Another request created the same contact concurrently.
  const [raced] = await tx.select().from(people).where(eq(people.wechatId, wechatId));
  return raced!;
}
