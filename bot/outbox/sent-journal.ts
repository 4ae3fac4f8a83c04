// Remembers outbox messages WeChat accepted until the API acknowledges them, so a re-leased one is not sent twice.
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface SentJournal {
  has(id: string): Promise<boolean>;
  add(id: string): Promise<void>;
  remove(id: string): Promise<void>;
  list(): Promise<string[]>;
}

const SUFFIX = '.sent';
const SAFE_ID = /^[\w-]{1,100}$/;

export function createSentJournal(dir: string): SentJournal {
  const file = (id: string) => {
    if (!SAFE_ID.test(id)) throw new Error(`unexpected outbox id ${JSON.stringify(id.slice(0, 40))}`);
    return path.join(dir, `${id}${SUFFIX}`);
  };
  let ready: Promise<unknown> | undefined;
  const ensureDir = () => {
    ready ??= mkdir(dir, { recursive: true, mode: 0o700 });
    return ready;
  };
  return {
    async has(id) {
      await ensureDir();
      return (await readdir(dir)).includes(`${id}${SUFFIX}`);
    },
    async add(id) {
      await ensureDir();
      await writeFile(file(id), '', { mode: 0o600 });
    },
    async remove(id) {
      await rm(file(id), { force: true });
    },
    async list() {
      await ensureDir();
      return (await readdir(dir)).filter((n) => n.endsWith(SUFFIX)).map((n) => n.slice(0, -SUFFIX.length));
    },
  };
}
