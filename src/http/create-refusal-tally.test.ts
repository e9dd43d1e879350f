import { describe, expect, it } from 'vitest';
import { createRefusalTally } from './create-refusal-tally.js';

const T0 = Date.parse('2026-12-07T12:00:00.000Z');

function makeTally(windowMs = 10_000) {
  let now = T0;
  const tally = createRefusalTally({ windowMs, clock: () => now });
  return { tally, advance: (ms: number) => (now += ms) };
}

const forged = { route: 'events' as const, reason: 'bad_signature' };

describe('createRefusalTally', () => {
  it('audits the first refusal from a source at once, so a single forged push is in the log', () => {
    const { tally } = makeTally();

    expect(tally.note('203.0.113.7', forged)).toEqual({
      type: 'auth.denied',
      actor: null,
      requestId: null,
      details: { route: 'events', reason: 'bad_signature', ip: '203.0.113.7', count: 1 },
    });
    expect(tally.takeClosed()).toEqual([]);
  });

  it('counts the rest of the window and audits them as one event with the count when it closes', () => {
    const { tally, advance } = makeTally();
    tally.note('203.0.113.7', forged);
    const later = Array.from({ length: 1_999 }, (_, i) =>
      tally.note('203.0.113.7', i < 1_940 ? { route: 'events', reason: 'rate_limited' } : forged),
    );
    advance(9_999);
    const early = tally.takeClosed();
    advance(1);
    const closed = tally.takeClosed();

    expect(later.every((event) => event === null)).toBe(true);
    expect(early).toEqual([]);
    expect(closed).toEqual([
      {
        type: 'auth.denied',
        actor: null,
        requestId: null,
        details: {
          route: 'events',
          reason: 'rate_limited',
          ip: '203.0.113.7',
          count: 1_999,
          reasons: { rate_limited: 1_940, bad_signature: 59 },
          window: { from: '2026-12-07T12:00:00.000Z', to: '2026-12-07T12:00:10.000Z' },
        },
      },
    ]);
  });

  it('a sustained flood writes one line per window, not a fresh immediate one each window', () => {
    const { tally, advance } = makeTally();
    const lines: unknown[] = [tally.note('203.0.113.7', forged)];
    for (let second = 0; second < 30; second++) {
      for (let i = 0; i < 100; i++) lines.push(tally.note('203.0.113.7', forged));
      advance(1_000);
      lines.push(...tally.takeClosed());
    }
    const written = lines.filter((line) => line !== null) as { details: { count: number } }[];

    expect(written).toHaveLength(4);
    expect(written.reduce((sum, line) => sum + line.details.count, 0)).toBe(3_001);
  });

  it('sources are tallied apart; a quiet source’s window closes without an event', () => {
    const { tally, advance } = makeTally();
    tally.note('203.0.113.7', forged);
    tally.note('198.51.100.2', forged);
    tally.note('198.51.100.2', { route: 'card', reason: 'stale' });
    advance(10_000);

    expect(tally.takeClosed().map((event) => [event.details.ip, event.details.count])).toEqual([
      ['198.51.100.2', 1],
    ]);
    expect(tally.note('203.0.113.7', forged)?.details.count).toBe(1);
  });

  it('on shutdown every open window is audited with what it counted so far', () => {
    const { tally, advance } = makeTally();
    tally.note('203.0.113.7', forged);
    tally.note('203.0.113.7', forged);
    advance(2_000);

    expect(tally.takeAll().map((event) => [event.details.count, event.details.window])).toEqual([
      [1, { from: '2026-12-07T12:00:00.000Z', to: '2026-12-07T12:00:02.000Z' }],
    ]);
    expect(tally.takeAll()).toEqual([]);
  });
});
