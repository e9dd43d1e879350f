import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { AuditInput } from '../ports/audit.js';
import { createPushRefusals } from './create-push-refusals.js';

function refusals() {
  const audited: AuditInput[] = [];
  const clock = { now: 1_000_000 };
  const pushRefusals = createPushRefusals({
    perSecond: 2,
    burst: 5,
    windowMs: 10_000,
    clock: () => clock.now,
    audit: async (input) => {
      audited.push(input);
    },
    logger: pino({ level: 'silent' }),
    flushEveryMs: null,
  });
  return { pushRefusals, audited, clock };
}

describe('createPushRefusals', () => {
  it('never holds back a source whose pushes verify, however many arrive at once (Lark pushes from few addresses)', () => {
    const { pushRefusals } = refusals();
    const admitted = Array.from({ length: 500 }, () => pushRefusals.admit('lark-egress'));

    expect(admitted.every(Boolean)).toBe(true);
  });

  it('cuts a source off once it has spent its refusals, others still get through, and it recovers at the rate', async () => {
    const { pushRefusals, audited, clock } = refusals();
    for (let i = 0; i < 5; i++) {
      expect(pushRefusals.admit('203.0.113.7')).toBe(true);
      await pushRefusals.refuse('203.0.113.7', { route: 'events', reason: 'bad_signature' });
    }

    expect(pushRefusals.admit('203.0.113.7')).toBe(false);
    await pushRefusals.refuse('203.0.113.7', { route: 'events', reason: 'rate_limited' });
    expect(pushRefusals.admit('lark-egress')).toBe(true);
    // The first refusal of the window is audited at once; the rest are counted for the window's event.
    expect(audited).toHaveLength(1);
    clock.now += 500;
    expect(pushRefusals.admit('203.0.113.7')).toBe(true);
  });
});
