import { describe, expect, it } from 'vitest';
import { T0 } from '../../../test/monitoring/make-alert.js';
import { type DrillCard, runOutageDrill } from './run-outage-drill.js';

/**
 * A fake world: the page appears `pageAfterMs` after injection (never when null), resolves after clearing;
 * an unrelated warning (`drill.age`) appears `warningAfterMs` after injection when set.
 */
function world(
  pageAfterMs: number | null,
  warningAfterMs: number | null = null,
  pageAlert = 'lark.base_api',
) {
  let now = T0;
  let injectedAt: number | null = null;
  let clearedAt: number | null = null;
  const calls: string[] = [];
  const old: DrillCard = {
    messageId: 'om_old',
    title: 'Redis is unreachable',
    alert: 'redis',
    resolved: false,
  };
  const warning: DrillCard = {
    messageId: 'om_warning',
    title: 'Base crm: rollback drill overdue',
    alert: 'drill.age:crm',
    resolved: false,
  };
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
        const since = (ms: number | null) => ms !== null && injectedAt !== null && now - injectedAt >= ms;
        return [
          old,
          ...(since(warningAfterMs) ? [warning] : []),
          ...(since(pageAfterMs)
            ? [
                {
                  messageId: 'om_new',
                  title: 'Lark Base API down: no base can be read',
                  alert: pageAlert,
                  resolved: clearedAt !== null && now - clearedAt >= 40_000,
                },
              ]
            : []),
        ];
      },
      expects: ['lark.base_api', 'base.read:'],
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
      alertKey: 'lark.base_api',
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
      problem:
        'no alert card for the outage (lark.base_api, base.read:) in the on-call chat within 300 s of it',
    });
    expect(w.calls).toEqual(['inject', 'clear']);
  });

  it('a page later than the limit fails', async () => {
    expect((await runOutageDrill(world(301_000).deps)).passed).toBe(false);
  });

  it('another alert paging meanwhile (an overdue drill) is not the outage’s page', async () => {
    const w = world(90_000, 10_000);

    expect(await runOutageDrill(w.deps)).toMatchObject({
      passed: true,
      timeToPageMs: 90_000,
      alertKey: 'lark.base_api',
    });
  });

  it('only an unrelated page: the drill fails', async () => {
    const result = await runOutageDrill(world(null, 10_000).deps);

    expect(result).toMatchObject({ passed: false, timeToPageMs: null, alertKey: null });
  });

  it('any subject of a kind ending in ":" counts (base.read:crm)', async () => {
    expect(await runOutageDrill(world(60_000, null, 'base.read:crm').deps)).toMatchObject({
      passed: true,
      alertKey: 'base.read:crm',
    });
  });
});
