/** The output a CLI progress line is written to (process.stdout in bin/, a fake in tests). */
export type ProgressOutput = { isTTY?: boolean; write(text: string): unknown };

export type CliProgress = { update(step: string, done: number, total: number): void; end(): void };

/**
 * One progress line (step, count, elapsed), rewritten in place, for commands that run past a few
 * seconds. Only on a terminal: with --json or when stdout is a pipe or file it writes nothing at all, so
 * scripts read the same output as before.
 */
export function createCliProgress(input: {
  output: ProgressOutput;
  json: boolean;
  clock: () => number;
  intervalMs?: number;
}): CliProgress {
  const active = input.output.isTTY === true && !input.json;
  const startedAt = input.clock();
  const intervalMs = input.intervalMs ?? 250;
  let lastAt = Number.NEGATIVE_INFINITY;
  let shown = false;
  return {
    update(step, done, total) {
      if (!active) return;
      const now = input.clock();
      if (now - lastAt < intervalMs && done < total) return;
      lastAt = now;
      shown = true;
      const elapsed = Math.floor((now - startedAt) / 1000);
      input.output.write(`\r\x1b[2K${step}: ${done}/${total} · ${elapsed}s`);
    },
    end() {
      if (active && shown) input.output.write('\r\x1b[2K');
    },
  };
}
