import { describe, expect, it } from 'vitest';
import { T0 } from '../../test/monitoring/make-alert.js';
import { createTokenWatch } from './create-token-watch.js';

function watchWithClock() {
  let now = T0;
  const watch = createTokenWatch(() => now);
  return { watch, advance: (ms: number) => (now += ms) };
}

describe('createTokenWatch', () => {
  it('a client that renews before expiry: renewals counted, no expired use, positive margin', () => {
    const { watch, advance } = watchWithClock();
    watch.issued('t-one', 7200);
    watch.used('t-one');
    advance(7000_000);
    watch.issued('t-two', 7200);
    watch.used('t-two');

    expect(watch.snapshot()).toEqual({
      renewals: 1,
      expiredUses: 0,
      lateHandovers: 0,
      minHandoverMarginMs: 200_000,
      current: { ageMs: 0, expiresInMs: 7_200_000 },
    });
  });

  it('a call with an expired token, and a renewal after expiry, are both counted', () => {
    const { watch, advance } = watchWithClock();
    watch.issued('t-one', 60);
    watch.used('t-one');
    advance(61_000);
    watch.used('t-one');
    watch.issued('t-two', 60);
    watch.used('t-two');

    expect(watch.snapshot()).toMatchObject({ expiredUses: 1, lateHandovers: 1, minHandoverMarginMs: -1_000 });
  });

  it('the same token handed back again is not a renewal', () => {
    const { watch } = watchWithClock();
    watch.issued('t-one', 7200);
    watch.issued('t-one', 7100);

    expect(watch.snapshot().renewals).toBe(0);
  });
});
