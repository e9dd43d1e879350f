import { describe, expect, it } from 'vitest';
import { T0 } from '../../test/monitoring/make-alert.js';
import { type BurstEvent, countBursts } from './count-bursts.js';

const CONFIG = {
  window: 60_000,
  denials: 3,
  auth_failures: 2,
  failed_ops: 2,
  verify_failures: 1,
  failed_intake: 1,
};
const event = (type: string, ago: number, details: Record<string, unknown> = {}): BurstEvent => ({
  type,
  ts: T0 - ago,
  details,
});
const statusOf = (events: BurstEvent[]) =>
  Object.fromEntries(
    countBursts(events, T0, CONFIG).map((observation) => [observation.key, observation.status]),
  );

describe('countBursts', () => {
  it('nothing happened: every burst is ok', () => {
    expect(statusOf([])).toEqual({
      'burst.denials': 'ok',
      'burst.auth_failures': 'ok',
      'burst.failed_ops': 'ok',
      'burst.verify_failures': 'ok',
      'burst.failed_intake': 'ok',
    });
  });

  it('fails at the threshold within the window, naming the count and the commonest reason', () => {
    const denied = (code: string, ago: number) => event('tool.denied', ago, { denials: [{ code }] });
    const observations = countBursts(
      [denied('not_approver', 1_000), denied('not_approver', 2_000), denied('expired', 3_000)],
      T0,
      CONFIG,
    );

    expect(observations.find((o) => o.key === 'burst.denials')).toEqual({
      key: 'burst.denials',
      status: 'failing',
      detail: '3 denied actions in the last 60 s (threshold 3); most often not_approver (2)',
    });
  });

  it.each<[string, BurstEvent[], string]>([
    [
      'denied votes count as denials',
      [1, 2, 3].map((i) => event('approval.vote', i, { result: 'denied' })),
      'burst.denials',
    ],
    [
      'auth.denied',
      [event('auth.denied', 1, { reason: 'bad_signature' }), event('auth.denied', 2)],
      'burst.auth_failures',
    ],
    ['op.failed and op.stale', [event('op.failed', 1), event('op.stale', 2)], 'burst.failed_ops'],
    ['one verify failure', [event('op.verify_failed', 1)], 'burst.verify_failures'],
    [
      'one chat request given up on',
      [event('intake.failed', 1, { cause: 'base_unavailable' })],
      'burst.failed_intake',
    ],
  ])('%s', (_name, events, key) => {
    expect(statusOf(events)[key]).toBe('failing');
  });

  it('an aggregated auth.denied counts for as many refusals as it carries, so a flood still pages', () => {
    const observations = countBursts(
      [
        event('auth.denied', 9_000, { reason: 'bad_signature', count: 1, ip: '203.0.113.7' }),
        event('auth.denied', 1_000, {
          reason: 'rate_limited',
          count: 1_999,
          reasons: { rate_limited: 1_940, bad_signature: 59 },
          ip: '203.0.113.7',
        }),
      ],
      T0,
      CONFIG,
    );

    expect(observations.find((o) => o.key === 'burst.auth_failures')).toEqual({
      key: 'burst.auth_failures',
      status: 'failing',
      detail:
        '2000 refused pushes or clicks (auth.denied) in the last 60 s (threshold 2); most often rate_limited (1940)',
    });
  });

  it('one aggregated auth.denied below the threshold in count does not page', () => {
    const config = { ...CONFIG, auth_failures: 20 };
    const events = [event('auth.denied', 1_000, { reason: 'stale', count: 19 })];

    expect(countBursts(events, T0, config).find((o) => o.key === 'burst.auth_failures')?.status).toBe('ok');
  });

  it('events older than the window, and approved votes, do not count', () => {
    const events = [
      event('op.verify_failed', 61_000),
      event('intake.failed', 61_000),
      ...[1, 2, 3].map((i) => event('approval.vote', i, { result: 'approved' })),
    ];

    expect(Object.values(statusOf(events))).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
  });
});
