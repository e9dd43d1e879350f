import { describe, expect, it } from 'vitest';
import { T0 } from '../../test/monitoring/make-alert.js';
import type { DrillFailure } from '../app/drills/create-drill-outcomes.js';
import { evaluateDrillFailures } from './evaluate-drill-failures.js';

const failure = (at: number, problem = 'could not create tmp_drill_1: permission'): DrillFailure => ({
  at,
  drillId: 'drl_1',
  problem,
});

describe('evaluateDrillFailures', () => {
  it('no failed drill, no observation', () => {
    expect(
      evaluateDrillFailures({ passes: new Map([['sandbox', T0]]), failures: new Map(), staging: new Set() }),
    ).toEqual([]);
  });

  it('the newest drill on the base failed: a page naming the drill and its problem', () => {
    const [observation] = evaluateDrillFailures({
      passes: new Map([['sandbox', T0 - 86_400_000]]),
      failures: new Map([['sandbox', failure(T0)]]),
      staging: new Set(['sandbox']),
    });

    expect(observation).toEqual({
      key: 'drill.failed:sandbox',
      status: 'failing',
      detail: `rollback drill drl_1 failed at ${new Date(T0).toISOString()}: could not create tmp_drill_1: permission`,
    });
  });

  it.each<[string, Array<[string, number]>, string]>([
    ['a later drill passed on the base', [['sandbox', T0 + 1]], 'ok'],
    ['a later drill passed on another staging base (the guard counts it)', [['sandbox2', T0 + 1]], 'ok'],
    ['a later drill passed on a base that is not staging', [['crm', T0 + 1]], 'failing'],
    ['only earlier drills passed', [['sandbox', T0 - 1]], 'failing'],
  ])('%s', (_name, passes, status) => {
    const [observation] = evaluateDrillFailures({
      passes: new Map(passes),
      failures: new Map([['sandbox', failure(T0)]]),
      staging: new Set(['sandbox', 'sandbox2']),
    });

    expect(observation?.status).toBe(status);
  });

  it('a drill refused on a production base resolves once a staging drill passes', () => {
    const observations = evaluateDrillFailures({
      passes: new Map([['sandbox', T0 + 60_000]]),
      failures: new Map([
        ['crm', failure(T0, 'crm is not marked staging')],
        ['sandbox', failure(T0 + 120_000)],
      ]),
      staging: new Set(['sandbox']),
    });

    expect(observations.map((o) => [o.key, o.status])).toEqual([
      ['drill.failed:crm', 'ok'],
      ['drill.failed:sandbox', 'failing'],
    ]);
  });
});
