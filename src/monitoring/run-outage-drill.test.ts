import { describe, expect, it } from 'vitest';
import { T0 } from '../../test/monitoring/make-alert.js';
import { type DrillCard, runOutageDrill } from './run-outage-drill.js';

/** A fake world: the page appears `pageAfterMs` after injection (never when null), resolves after clearing. */
function world(pageAfterMs: number | null) {
  let now = T0;
  let injectedAt: number | null = null;
  let clearedAt: number | null = null;
  const calls: string[] = [];
  const old: DrillCard = { messageId: 'om_old', title: 'Redis is unreachable', resolved: false };
  return {
    calls,
    deps: {
      inject: async () => {
        calls.push('inject');
        injectedAt = now;
      },
      clear: async () => {
        calls.push('clear');
        clearedAt = now;
      },
      cards: async (): Promise<DrillCard[]> => {
        const paged = pageAfterMs !== null && injectedAt !== null && now - injectedAt >= pageAfterMs;
        return paged
          ? [
              old,
              {
                messageId: 'om_new',
                title: 'Lark Base API down: no base can be read',
                resolved: clearedAt !== null && now - clearedAt >= 40_000,
              },
            ]
          : [old];
      },
      clock: () => now,
      sleep: async (ms: number) => {
        now += ms;
      },
      limitMs: 300_000,
      resolveWithinMs: 300_000,
      pollMs: 1_000,
    },
  };
}

describe('runOutageDrill', () => {
  it('measures the time to a new alert card and to its resolution, and ends the outage', async () => {
    const w = world(75_000);

    expect(await runOutageDrill(w.deps)).toEqual({
      passed: true,
      timeToPageMs: 75_000,
      alert: 'Lark Base API down: no base can be read',
      messageId: 'om_new',
      timeToResolveMs: 40_000,
      problem: null,
    });
    expect(w.calls).toEqual(['inject', 'clear']);
  });

  it('fails when no new card comes within the limit (a card already there does not count), and still ends the outage', async () => {
    const w = world(null);

    const result = await runOutageDrill(w.deps);

    expect(result).toMatchObject({
      passed: false,
      timeToPageMs: null,
      problem: 'no alert card in the on-call chat within 300 s of the outage',
    });
    expect(w.calls).toEqual(['inject', 'clear']);
  });

  it('a page later than the limit fails', async () => {
    expect((await runOutageDrill(world(301_000).deps)).passed).toBe(false);
  });
});
