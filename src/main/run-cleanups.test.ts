import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { runCleanups } from './run-cleanups.js';

function capture() {
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino(
    { level: 'warn' },
    {
      write(line: string) {
        lines.push(JSON.parse(line));
      },
    },
  );
  return { logger, lines };
}

describe('runCleanups', () => {
  it('runs the steps last-registered first, and the first ones even after a step hangs or fails', async () => {
    const { logger, lines } = capture();
    const ran: string[] = [];
    const step = (what: string, run: () => Promise<void>) => ({
      what,
      run: async () => {
        ran.push(what);
        await run();
      },
    });

    await runCleanups(
      [
        step('redis-server', async () => undefined),
        step('workers', () => new Promise<void>(() => undefined)),
        step('serve', async () => {
          throw new Error('already closed');
        }),
      ],
      { stepTimeoutMs: 50, logger },
    );

    expect(ran).toEqual(['serve', 'workers', 'redis-server']);
    expect(lines.map((line) => [line.step, line.msg])).toEqual([
      ['serve', 'clean-up step failed'],
      ['workers', 'clean-up step did not finish in time; going on with the next'],
    ]);
  });
});
