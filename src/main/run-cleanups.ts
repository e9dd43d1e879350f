import type { Logger } from 'pino';

export type Cleanup = { what: string; run(): Promise<void> };

/**
 * Runs clean-up steps last-registered first, each bounded by `stepTimeoutMs`: a step that fails or hangs
 * (a BullMQ worker waiting on a job whose Redis went away, a server that will not close) is logged and the
 * next one runs anyway, so the steps registered first (the private redis-server, the emulator) are always
 * stopped and nothing outlives the process that started it. A hung step is left to finish on its own.
 */
export async function runCleanups(
  cleanups: readonly Cleanup[],
  options: { stepTimeoutMs: number; logger: Logger },
): Promise<void> {
  for (const cleanup of [...cleanups].reverse()) {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timed_out'>((resolve) => {
      timer = setTimeout(() => resolve('timed_out'), options.stepTimeoutMs);
    });
    const outcome = await Promise.race([
      cleanup.run().then(
        () => 'done' as const,
        (error: unknown) => {
          options.logger.warn({ step: cleanup.what, err: (error as Error).message }, 'clean-up step failed');
          return 'failed' as const;
        },
      ),
      timedOut,
    ]);
    clearTimeout(timer);
    if (outcome === 'timed_out')
      options.logger.warn(
        { step: cleanup.what, timeout_ms: options.stepTimeoutMs },
        'clean-up step did not finish in time; going on with the next',
      );
  }
}
