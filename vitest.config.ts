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
    testTimeout: 120_000,
    // Generous outer limits: e2e tests wait on events, so a limit only costs time when something is broken, and a
    // loaded 2-core machine can take tens of seconds to start a demo (docs/ARCHITECTURE.md, Testing).
    hookTimeout: 120_000,
    // Integration tests spawn their own redis-server and emulator on free ports, so files can run in parallel.
    pool: 'forks',
    maxWorkers: 2,
  },
});
