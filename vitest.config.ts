// Test runner configuration: unit and integration tests, one fresh database per test file.
import { configDefaults, defineConfig } from 'vitest/config';

// Files that leave no process-wide state behind (no module mocks, no env changes, every database closed) run one
// after another in one process: no fresh fork re-importing fastify, wechaty and drizzle and recompiling PGlite's
// WASM per file. Measured on 12 integration files at load 7–11: 86 s and 128 s isolated, 76 s and 68 s shared.
const SHARED_PROCESS = ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'];

export default defineConfig({
  test: {
    // Some tests open their own database inside the test (65–130 s for a PGlite at load 26); a hang still fails.
    testTimeout: 120_000,
    // Most files open a fresh PGlite database in beforeAll: 65–130 s (WASM start, migrations) measured at load
    // average 26 on the 2-core machine CI shares, so 60 s failed there.
    hookTimeout: 300_000,
    pool: 'forks',
    projects: [
      { extends: true, test: { name: 'shared-process', include: SHARED_PROCESS, isolate: false } },
      {
        extends: true,
        test: {
          // Browser, bot, end-to-end and fault tests start puppets, browsers and servers: each keeps its own process.
          name: 'isolated',
          include: [
            'test/**/*.test.ts',
            'api/**/*.test.ts',
            'bot/**/*.test.ts',
            'db/**/*.test.ts',
            'intents/**/*.test.ts',
          ],
          exclude: [...configDefaults.exclude, ...SHARED_PROCESS],
          isolate: true,
        },
      },
    ],
  },
});
