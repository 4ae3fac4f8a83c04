// Every locked package runs on the Node version package.json promises (README: Node.js 20), so npm install never warns EBADENGINE.
import { readFileSync } from 'node:fs';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

const root = new URL('../../../', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as {
  engines: { node: string };
};
const lock = JSON.parse(readFileSync(new URL('package-lock.json', root), 'utf8')) as {
  packages: Record<string, { version?: string; engines?: { node?: string } | string[] }>;
};

describe('Node compatibility of the dependency tree', () => {
  it('states Node 20 as the minimum', () => {
    expect(semver.minVersion(manifest.engines.node)?.major).toBe(20);
  });

  it('locks no package that refuses the oldest Node the project accepts', () => {
    const oldest = semver.minVersion(manifest.engines.node)!.version;
    const refusing = Object.entries(lock.packages)
      .filter(([name]) => name !== '')
      .flatMap(([name, info]) => {
        const range = Array.isArray(info.engines) ? undefined : info.engines?.node;
        return range && !semver.satisfies(oldest, range) ? [`${name}@${info.version} needs ${range}`] : [];
      });
    expect(refusing).toEqual([]);
  });
});
