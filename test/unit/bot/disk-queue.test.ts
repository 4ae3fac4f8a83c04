// One file per message id, written atomically, listed oldest first.
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDiskQueue, type QueuedMessage } from '../../../bot/delivery/disk-queue.js';

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
    const queue = createDiskQueue({ dir });

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
    const queue = createDiskQueue({ dir, onCorrupt: (file) => corrupt.push(file) });
    await queue.put(entry('late', '2026-01-02T00:00:00.000Z'));
    await queue.put(entry('early', '2026-01-01T00:00:00.000Z'));
    await writeFile(join(dir, 'broken.json'), '{not json');

    expect((await queue.list()).map((e) => e.body.messageId)).toEqual(['early', 'late']);
    expect(corrupt).toHaveLength(1);

    await queue.remove('early');
    expect(await queue.has('early')).toBe(false);
    expect((await queue.list()).map((e) => e.body.messageId)).toEqual(['late']);
  });
});
