import { describe, expect, it } from 'vitest';
import { T0 } from '../../test/monitoring/make-alert.js';
import { evaluateDrillAge } from './evaluate-drill-age.js';

const DAY = 86_400_000;
const bases = [
  { alias: 'crm', tier: 'L2' as const },
  { alias: 'billing', tier: 'L3' as const },
  { alias: 'sandbox', tier: 'L0' as const },
];

describe('evaluateDrillAge', () => {
  it.each<[string, Record<string, number | null>, Record<string, string>]>([
    ['no drill anywhere', {}, { 'drill.age:crm': 'failing', 'drill.age:billing': 'failing' }],
    [
      'fresh drills',
      { crm: T0 - 29 * DAY, billing: T0 - 6 * DAY },
      { 'drill.age:crm': 'ok', 'drill.age:billing': 'ok' },
    ],
    [
      'an L3 drill older than 7 days',
      { crm: T0 - 29 * DAY, billing: T0 - 8 * DAY },
      { 'drill.age:crm': 'ok', 'drill.age:billing': 'failing' },
    ],
  ])('%s (L0 has no rule and is not checked)', (_name, lastPassing, expected) => {
    const observations = evaluateDrillAge({ bases, lastPassing, now: T0 });

    expect(Object.fromEntries(observations.map((o) => [o.key, o.status]))).toEqual(expected);
    expect(observations.every((o) => o.severity === 'warn')).toBe(true);
  });

  it('says what the rule is', () => {
    const [crm] = evaluateDrillAge({ bases, lastPassing: { crm: T0 - 40 * DAY }, now: T0 });

    expect(crm?.detail).toBe(
      'the last passing rollback drill was 40 days ago; L2 requires a passing rollback drill within 30 days',
    );
  });
});
