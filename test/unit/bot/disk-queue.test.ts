// One encrypted file per message id, written atomically, listed oldest first; clear files from before are sealed.
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDiskQueue, type QueuedMessage } from '../../../bot/delivery/disk-queue.js';
import { botQueueKey } from '../../../bot/delivery/queue-key.js';

const key = randomBytes(32);

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'jianwang-queue-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const entry = (messageId: string, queuedAt: string): QueuedMessage => ({
  body: {
    messageId,
    from: { id: 'u', name: 'n' },
    text: 't',
    type: 'text',
    receivedAt: queuedAt,
  },
  replyTo: { kind: 'contact', id: 'u' },
  queuedAt,
});

describe('disk queue', () => {
  it('writes one file per message id and refuses a second one for the same id', async () => {
    const queue = createDiskQueue({ dir, key });

    expect(await queue.put(entry('a/b:1', '2026-01-01T00:00:00.000Z'))).toBe(true);
    expect(await queue.put(entry('a/b:1', '2026-01-01T00:00:01.000Z'))).toBe(false);
    expect(await Promise.all([queue.put(entry('c', 'x')), queue.put(entry('c', 'y'))])).toContain(false);

    const files = await readdir(dir);
    expect(files.filter((f) => f.endsWith('.json'))).toHaveLength(2);
    expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(await queue.has('a/b:1')).toBe(true);
  });

  it('lists oldest first, skips unreadable files, and removes by id', async () => {
    const corrupt: string[] = [];
    const queue = createDiskQueue({ dir, key, onCorrupt: (file) => corrupt.push(file) });
    await queue.put(entry('late', '2026-01-02T00:00:00.000Z'));
    await queue.put(entry('early', '2026-01-01T00:00:00.000Z'));
    await writeFile(join(dir, 'broken.json'), '{not json');

    expect((await queue.list()).map((e) => e.body.messageId)).toEqual(['early', 'late']);
    expect(corrupt).toHaveLength(1);

    await queue.remove('early');
    expect(await queue.has('early')).toBe(false);
    expect((await queue.list()).map((e) => e.body.messageId)).toEqual(['late']);
  });

  const sensitive: QueuedMessage = {
    body: {
      messageId: 'wx-secret-1',
      from: { id: 'wxid_whistleblower', name: '王秀英' },
      text: '举报三坊七巷社区有人开设赌场，我电话139 1234 5678，身份证350102199003071234',
      type: 'text',
      receivedAt: '2026-03-01T10:00:00.000+08:00',
    },
    replyTo: { kind: 'contact', id: 'wxid_whistleblower' },
    queuedAt: '2026-03-01T02:00:00.000Z',
  };
  const clearWords = ['wxid_whistleblower', '王秀英', '开设赌场', '1234 5678', '350102199003071234'];

  async function filesText(): Promise<string> {
    const names = (await readdir(dir)).filter((f) => f.endsWith('.json'));
    return (await Promise.all(names.map((n) => readFile(join(dir, n), 'utf8')))).join('\n');
  }

  it('keeps no sender, text, phone or ID number in clear on disk, and reads the entry back whole', async () => {
    const queue = createDiskQueue({ dir, key });
    await queue.put(sensitive);
    const onDisk = await filesText();
    for (const word of clearWords) expect(onDisk).not.toContain(word);
    expect(await queue.list()).toEqual([sensitive]);
  });

  it('seals an entry a previous version left in clear, and still delivers it', async () => {
    await writeFile(join(dir, 'legacy.json'), JSON.stringify(sensitive));
    const queue = createDiskQueue({ dir, key });
    expect(await queue.list()).toEqual([sensitive]);
    const onDisk = await filesText();
    for (const word of clearWords) expect(onDisk).not.toContain(word);
    expect(await createDiskQueue({ dir, key }).list()).toEqual([sensitive]);
  });

  it('keeps, but does not read, an entry sealed with another key', async () => {
    await createDiskQueue({ dir, key: randomBytes(32) }).put(sensitive);
    const corrupt: string[] = [];
    expect(await createDiskQueue({ dir, key, onCorrupt: (file) => corrupt.push(file) }).list()).toEqual([]);
    expect(corrupt).toHaveLength(1);
    expect(await readdir(dir)).toHaveLength(1);
  });
});

describe('disk queue key', () => {
  it('is derived from BOT_TOKEN unless BOT_QUEUE_KEY pins it', () => {
    const derived = botQueueKey({ botToken: 'a'.repeat(40) });
    expect(derived).toHaveLength(32);
    expect(botQueueKey({ botToken: 'a'.repeat(40) })).toEqual(derived);
    expect(botQueueKey({ botToken: 'b'.repeat(40) })).not.toEqual(derived);
    // The token itself is not the key: a leaked queue key does not give the API token away.
    expect(derived.toString('utf8')).not.toContain('aaaa');
    const pinned = 'ab'.repeat(32);
    expect(botQueueKey({ botToken: 'a'.repeat(40), botQueueKey: pinned })).toEqual(
      Buffer.from(pinned, 'hex'),
    );
    expect(() => botQueueKey({ botToken: 'x', botQueueKey: 'short' })).toThrow(/BOT_QUEUE_KEY/);
  });
});
