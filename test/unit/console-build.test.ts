// npm start rebuilds the console only when its sources changed: the stamp is a digest of content, not of mtimes.
import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { consoleBuildIsCurrent, consoleSourceHash, STAMP } from '../../scripts/console/console-build.js';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'console-src-'));
  await mkdir(path.join(dir, 'src'));
  await mkdir(path.join(dir, 'dist'));
  await writeFile(path.join(dir, 'src', 'main.ts'), 'export const a = 1;\n');
  await writeFile(path.join(dir, 'index.html'), '<div id="app"></div>');
  await writeFile(path.join(dir, 'dist', 'index.html'), 'built');
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('console build stamp', () => {
  it('is current when dist carries the digest of the sources, and stale after a source edit', async () => {
    expect(await consoleBuildIsCurrent(dir)).toBe(false);
    await writeFile(path.join(dir, 'dist', STAMP), `${await consoleSourceHash(dir)}\n`);
    expect(await consoleBuildIsCurrent(dir)).toBe(true);
    await writeFile(path.join(dir, 'src', 'main.ts'), 'export const a = 2;\n');
    expect(await consoleBuildIsCurrent(dir)).toBe(false);
  });

  it('ignores mtimes and the built files themselves, but not a new source file', async () => {
    await writeFile(path.join(dir, 'dist', STAMP), `${await consoleSourceHash(dir)}\n`);
    await utimes(path.join(dir, 'src', 'main.ts'), new Date(), new Date(Date.now() + 60_000));
    await writeFile(path.join(dir, 'dist', 'extra.js'), 'x');
    expect(await consoleBuildIsCurrent(dir)).toBe(true);
    await writeFile(path.join(dir, 'src', 'new-page.vue'), '<template><p/></template>');
    expect(await consoleBuildIsCurrent(dir)).toBe(false);
  });

  it('is stale when the built page is missing even with a matching stamp', async () => {
    await writeFile(path.join(dir, 'dist', STAMP), `${await consoleSourceHash(dir)}\n`);
    await rm(path.join(dir, 'dist', 'index.html'));
    expect(await consoleBuildIsCurrent(dir)).toBe(false);
  });
});
