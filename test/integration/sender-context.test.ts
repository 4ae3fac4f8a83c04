// The one statement a message reads about its sender first (api/messages/sender-context.ts): each fact it gates.
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFollowUps } from '../../api/messages/follow-up.js';
import { readSenderContext } from '../../api/messages/sender-context.js';
import { createSenderRateLimit } from '../../api/messages/sender-rate-limit.js';
import { cases, dialogues, messages } from '../../db/schema/index.js';
import { reportCase } from '../helpers/case-fixtures.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

describe('the sender context read', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  const limit = createSenderRateLimit({ perMinute: 3 });
  const read = (wechatId: string) => {
    const followUps = createFollowUps({
      clock: t.clock,
      cipher: t.app.services.registry.fieldCipher,
      outbox: t.app.services.outbox,
      windowMinutes: 30,
      dialogueTtlMinutes: 30,
    });
    const receivedAt = t.clock.now();
    return readSenderContext(t.database.db, {
      wechatId,
      senderHash: `hash-${wechatId}`,
      receivedAt,
      limit,
      earlierFiles: followUps.earlierFilesSql({ wechatId, receivedAt }),
    });
  };

  it('finds nothing for a stranger', async () => {
    expect(await read(`wxid_${randomUUID()}`)).toEqual({
      person: null,
      dialogueOpen: false,
      collecting: false,
      recentMessages: 0,
      earlierFiles: false,
    });
  });

  it('finds the person, an open dialogue, a case collecting materials, recent messages and files without a case', async () => {
    const from = `wxid_${randomUUID().slice(0, 8)}`;
    const caseNo = await reportCase(t, { from });
    const db = t.database.db;
    await db.update(cases).set({ status: 'materials_needed' }).where(eq(cases.caseNo, caseNo));
    let context = await read(from);
    expect(context.person?.wechatId).toBe(from);
    expect(context).toMatchObject({
      dialogueOpen: false,
      collecting: true,
      recentMessages: 1,
      earlierFiles: false,
    });

    await db.update(cases).set({ status: 'closed' }).where(eq(cases.caseNo, caseNo));
    await db.insert(dialogues).values({
      wechatId: from,
      kind: 'clarify',
      state: {},
      expiresAt: new Date(t.clock.now().getTime() + 60_000),
    });
    await db.insert(messages).values({
      messageId: `photo-${randomUUID()}`,
      fromWechatId: from,
      type: 'image',
      receivedAt: t.clock.now(),
      response: { reply: null },
    });
    context = await read(from);
    // Counted up to the limit only: a flood costs no more to count than the limit.
    expect(context).toMatchObject({
      dialogueOpen: true,
      collecting: false,
      recentMessages: 2,
      earlierFiles: true,
    });
    for (let i = 0; i < 3; i++)
      await db.insert(messages).values({
        messageId: `text-${randomUUID()}`,
        fromWechatId: from,
        type: 'text',
        receivedAt: t.clock.now(),
        response: { reply: null },
      });
    expect((await read(from)).recentMessages).toBe(3);
  });
});
