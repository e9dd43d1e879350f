/**
 * At most one progress update per `intervalMs` (a card: once a second, under Lark's 5 edits per second
 * per message), but the last one always goes out, so the card ends exact. Counts that do not grow are
 * never sent again (an update that says nothing new is a wasted edit).
 */
export type ProgressThrottle = { shouldSend(done: number, final: boolean): boolean };

export function createProgressThrottle(input: {
  clock: () => number;
  intervalMs?: number;
}): ProgressThrottle {
  const intervalMs = input.intervalMs ?? 1000;
  let lastAt: number | undefined;
  let lastDone = -1;
  return {
    shouldSend(done, final) {
      const now = input.clock();
      if (done <= lastDone && !final) return false;
      if (final && done === lastDone) return false;
      if (!final && lastAt !== undefined && now - lastAt < intervalMs) return false;
      lastAt = now;
      lastDone = done;
      return true;
    },
  };
}
