import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { MonitoringConfig } from '../config/monitoring-config.js';
import { ALERT_KINDS } from '../domain/describe-alert.js';
import {
  computeTimeToPage,
  DETECTION_PATHS,
  type DetectionPath,
  realTimeAllowance,
} from './compute-time-to-page.js';

const FIVE_MINUTES = 300_000;
const defaults = MonitoringConfig.parse({});

async function exampleConfig(): Promise<MonitoringConfig> {
  const example = parse(
    await readFile(join(import.meta.dirname, '../../config/larkgate.example.yaml'), 'utf8'),
  ) as { monitoring: unknown };
  return MonitoringConfig.parse(example.monitoring);
}

describe('computeTimeToPage', () => {
  it.each<[DetectionPath, number]>([
    ['direct', 90_000],
    ['heartbeat', 195_000],
    ['probe', 90_000],
    ['token_refresh', 150_000],
    ['probes_stale', 210_000],
    ['audit_lag', 210_000],
    ['audit_silence', 210_000],
  ])('with the production defaults, %s detection fires within %i ms', (path, expected) => {
    expect(computeTimeToPage(defaults, path)).toBe(expected);
  });

  it('every alert kind has a detection path', () => {
    expect(Object.keys(DETECTION_PATHS).sort()).toEqual(Object.keys(ALERT_KINDS).sort());
  });

  it.each(Object.entries(DETECTION_PATHS))(
    'alert %s (%s) pages within 5 minutes at the production defaults and the example config, real-time allowance included',
    async (_kind, path) => {
      for (const config of [defaults, await exampleConfig()]) {
        expect(computeTimeToPage(config, path) + realTimeAllowance(config, path)).toBeLessThanOrEqual(
          FIVE_MINUTES,
        );
      }
    },
  );

  it.each<[string, Record<string, unknown>, DetectionPath, number]>([
    // The old defaults: a token-refresh check every 5 min needs two failing runs (10.5 min).
    ['token refresh every 5 min', { probes: { token_refresh_every: '5m' } }, 'token_refresh', 630_000],
    // Results may be 5 min old before they count as stopped, then the rounds (6.5 min).
    ['probe results counted for 5 min', { probes: { max_age: '5m' } }, 'probes_stale', 390_000],
    ['silence after 10 min', { audit: { max_silence: '10m' } }, 'audit_silence', 690_000],
    ['a round every 2 min, 3 to raise', { every: '2m', raise_after: 3 }, 'direct', 480_000],
  ])('grows with the intervals: %s is over 5 minutes', (_name, overrides, path, expected) => {
    const slow = MonitoringConfig.parse(overrides);

    expect(computeTimeToPage(slow, path)).toBe(expected);
    expect(computeTimeToPage(slow, path)).toBeGreaterThan(FIVE_MINUTES);
  });

  it('a path detected by a synthetic check allows for its deadline; a direct one does not', () => {
    expect(realTimeAllowance(defaults, 'probe') - realTimeAllowance(defaults, 'direct')).toBe(
      defaults.probes.timeout,
    );
  });
});
