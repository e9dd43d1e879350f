import { describe, expect, it } from 'vitest';
import type { OutageDrillRecord } from '../../../src/app/drills/record-outage-drill.js';
import type { RotationDrillRecord } from '../../../src/app/drills/record-rotation-drill.js';
import { type ReadinessDrillDeps, runReadinessDrills } from '../../../src/app/drills/run-readiness-drills.js';
import { ConfigError } from '../../../src/config/config-error.js';
import type { AuditEvent } from '../../../src/domain/audit-event.js';
import { makeBase, makePolicy } from '../../builders/make-policy.js';

const event = (type: string, seq: number) => ({ type, chain: 'test-chain', seq }) as unknown as AuditEvent;

/** Readiness drill deps where the tour and rotation drill pass, and the rest do what a test says. */
function deps(overrides: Partial<ReadinessDrillDeps> = {}): ReadinessDrillDeps {
  return {
    policy: () => makePolicy([makeBase({ alias: 'crm' }), makeBase({ alias: 'sandbox', staging: true })]),
    tour: async () => ({ green: true, event: event('tour.completed', 1) }),
    drillDeps: async () => {
      throw new Error('no governed drills in this test');
    },
    rotationDrill: async () =>
      ({ result: { passed: true, steps: [] }, event: event('drill.passed', 2) }) as RotationDrillRecord,
    outageDrill: async () => {
      throw new ConfigError(
        'larkgate.yaml',
        'app.domain',
        'not the emulator',
        'config.command_not_applicable',
      );
    },
    ...overrides,
  };
}

describe('runReadinessDrills (larkgate readiness --run)', () => {
  it('runs the safe drills for the missing gates in order, and says why the others did not run', async () => {
    const order: string[][] = [];
    const runs = await runReadinessDrills(
      deps({
        tour: async (bases) => {
          order.push([...bases]);
          return { green: true, event: event('tour.completed', 1) };
        },
      }),
      [7, 1, 2, 6, 4],
    );

    expect(runs.map((run) => [run.gate, run.outcome])).toEqual([
      [1, 'ran'],
      [2, 'not run unattended'],
      [4, 'failed'],
      [6, 'ran'],
      [7, 'cannot run here'],
    ]);
    expect(order).toEqual([['sandbox', 'crm']]);
    expect(runs[0]?.detail).toBe('tour green, recorded as tour.completed test-chain#1');
    expect(runs[2]?.detail).toBe('no governed drills in this test');
    expect(runs[4]?.detail).toContain('app.domain: not the emulator');
  });

  it('reports a page that never came as a failed outage drill, not as an error', async () => {
    const runs = await runReadinessDrills(
      deps({
        outageDrill: async () =>
          ({
            result: { passed: false, timeToPageMs: null },
            event: event('drill.failed', 9),
          }) as unknown as OutageDrillRecord,
      }),
      [7],
    );

    expect(runs).toEqual([
      {
        gate: 7,
        name: 'synthetic outage paged within 5 minutes (the emulator only)',
        outcome: 'ran',
        detail: 'FAILED (no page), recorded as drill.failed test-chain#9',
      },
    ]);
  });
});
