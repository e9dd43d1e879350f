import type { Clock } from '../../src/ports/clock.js';

/** A clock the test moves. */
export function createFakeClock(start: number) {
  let now = start;
  const clock: Clock = () => now;
  return {
    clock,
    advance(ms: number) {
      now += ms;
    },
  };
}
