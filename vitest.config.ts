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
    // Marks the processes each run starts and fails the run if a test leaves a redis-server behind.
    globalSetup: ['test/setup/global-setup.ts'],
    setupFiles: ['test/setup/mark-test-file.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration tests spawn their own redis-server and emulator on free ports, so files can run in parallel.
    pool: 'forks',
    maxWorkers: 2,
  },
});
