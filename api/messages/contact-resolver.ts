// Finds the person behind a WeChat contact, creating a resident on first contact.
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/create-db.js';
import { people } from '../../db/schema/index.js';

export type PersonRow = typeof people.$inferSelect;

/** The person behind a WeChat contact, or null: nothing is created (an anonymous report must leave no row). */
export async function findContact(tx: Db, wechatId: string): Promise<PersonRow | null> {
  const [existing] = await tx.select().from(people).where(eq(people.wechatId, wechatId));
  return existing ?? null;
}

export async function findOrCreateContact(
  tx: Db,
  wechatId: string,
  name: string,
  known?: PersonRow | null,
): Promise<PersonRow> {
  const existing = known === undefined ? await findContact(tx, wechatId) : known;
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
