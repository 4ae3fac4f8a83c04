// Test runner configuration: unit and integration tests, one fresh database per test file.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'test/**/*.test.ts',
      'api/**/*.test.ts',
      'bot/**/*.test.ts',
      'db/**/*.test.ts',
      'intents/**/*.test.ts',
    ],
    // Some tests open their own database inside the test (65–130 s for a PGlite at load 26); a hang still fails.
    testTimeout: 120_000,
    // Most files open a fresh PGlite database in beforeAll: 65–130 s (WASM start, migrations) measured at load
    // average 26 on the 2-core machine CI shares, so 60 s failed there.
    hookTimeout: 300_000,
    pool: 'forks',
  },
});
