import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { MonitoringConfig } from '../config/monitoring-config.js';
import { computeTimeToPage, type DetectionPath } from './compute-time-to-page.js';

const FIVE_MINUTES = 300_000;
/** The most real time a page can add on top of the intervals: a probe's deadline, a check's, the send. */
const REAL_TIME_ALLOWANCE = 20_000 + 8_000 + 10_000;

describe('computeTimeToPage', () => {
  it.each<[DetectionPath, number]>([
    ['direct', 90_000],
    ['heartbeat', 195_000],
    ['probe', 150_000],
  ])('with the production defaults, %s detection fires within %i ms', (path, expected) => {
    expect(computeTimeToPage(MonitoringConfig.parse({}), path)).toBe(expected);
  });

  it('every path pages within 5 minutes at the production defaults and the example config, with the real-time allowance', async () => {
    const example = parse(
      await readFile(join(import.meta.dirname, '../../config/larkgate.example.yaml'), 'utf8'),
    ) as { monitoring: unknown };
    for (const config of [MonitoringConfig.parse({}), MonitoringConfig.parse(example.monitoring)]) {
      for (const path of ['direct', 'heartbeat', 'probe'] as const) {
        expect(computeTimeToPage(config, path) + REAL_TIME_ALLOWANCE).toBeLessThan(FIVE_MINUTES);
      }
    }
  });

  it('grows with the intervals', () => {
    const slow = MonitoringConfig.parse({ every: '2m', raise_after: 3 });

    expect(computeTimeToPage(slow, 'direct')).toBe(480_000);
  });
});
