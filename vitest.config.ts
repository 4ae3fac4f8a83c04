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
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
