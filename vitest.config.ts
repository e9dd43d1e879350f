import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'src/**/*.test.ts',
      'cards/**/*.test.ts',
      'jobs/**/*.test.ts',
      'emulator/**/*.test.ts',
      'test/**/*.test.ts',
    ],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration tests spawn their own redis-server and emulator on free ports, so files can run in parallel.
    pool: 'forks',
    maxWorkers: 2,
  },
});
