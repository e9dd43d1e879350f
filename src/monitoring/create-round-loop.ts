import type { Logger } from 'pino';

export type RoundLoop = {
  /** Runs a round now, then one every `every` ms until stopped. */
  start(): void;
  /** Stops scheduling and waits for the round in progress. */
  stop(): Promise<void>;
  /** Runs one round after the ones already queued (rounds never overlap); a failing round is logged. */
  run(): Promise<void>;
};

export function createRoundLoop(options: {
  every: number;
  round: () => Promise<void>;
  logger: Logger;
}): RoundLoop {
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let tail: Promise<void> = Promise.resolve();

  function run(): Promise<void> {
    const next = tail.then(options.round).catch((error: Error) => {
      options.logger.error({ err: error.message }, 'monitor round failed');
    });
    tail = next;
    return next;
  }

  function schedule(): void {
    if (!running) return;
    timer = setTimeout(() => {
      void run().finally(schedule);
    }, options.every);
    timer.unref?.();
  }

  return {
    start() {
      running = true;
      void run().finally(schedule);
    },
    async stop() {
      running = false;
      clearTimeout(timer);
      await tail;
    },
    run,
  };
}
