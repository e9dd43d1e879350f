/**
 * At most one progress update per `intervalMs` (a card: once a second, under Lark's 5 edits per second
 * per message), whatever the step, but the last one of a step always goes out, so the card ends exact.
 * Within a step, counts that do not grow are never sent again (an update that says nothing new is a
 * wasted edit); a new step starts its count afresh.
 */
export type ProgressThrottle = { shouldSend(done: number, final: boolean, step?: string): boolean };

export function createProgressThrottle(input: {
  clock: () => number;
  intervalMs?: number;
}): ProgressThrottle {
  const intervalMs = input.intervalMs ?? 1000;
  let lastAt: number | undefined;
  let lastDone = -1;
  let lastStep: string | undefined;
  return {
    shouldSend(done, final, step = '') {
      const now = input.clock();
      const before = step === lastStep ? lastDone : -1;
      if (done <= before && !final) return false;
      if (final && done === before) return false;
      if (!final && lastAt !== undefined && now - lastAt < intervalMs) return false;
      lastAt = now;
      lastDone = done;
      lastStep = step;
      return true;
    },
  };
}
