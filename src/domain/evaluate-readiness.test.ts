import { describe, expect, it } from 'vitest';
import { governedWrite, makeAuditHistory, rollbackOf } from '../../test/builders/make-audit-history.js';
import { makeBase, makePolicy } from '../../test/builders/make-policy.js';
import { MonitoringConfig } from '../config/monitoring-config.js';
import { computePageBounds, recordedIntervals } from '../monitoring/compute-time-to-page.js';
import { evaluateReadiness, SCHEMA_SHAPES } from './evaluate-readiness.js';
import { indexEvidence } from './index-evidence.js';

const policy = makePolicy([
  makeBase({ alias: 'crm', tier: 'L2' }),
  makeBase({ alias: 'billing', tier: 'L3', approvalsNeeded: 2 }),
  makeBase({ alias: 'ledger', tier: 'L1', stage: 'read-only', approvers: [], approvalsNeeded: 0 }),
  makeBase({
    alias: 'sandbox',
    tier: 'L0',
    staging: true,
    tables: ['Scratch'],
    marker: { field: 'Larkgate', value: 'deletable' },
  }),
]);

type Entry = Parameters<typeof makeAuditHistory>[0][number];

/** Gate 7 judges at the production defaults' intervals (probe path: 90 s by the intervals). */
const pageBounds = computePageBounds(MonitoringConfig.parse({}));
/** An outage drill as `larkgate drill outage` records it, at intervals compressed 60×. */
function outageDrill(timeToPageMs: number, details: Record<string, unknown> = {}): Entry {
  const compressed = MonitoringConfig.parse({ every: '500ms', probes: { every: '500ms' } });
  const boundMs = 1_500;
  return {
    type: 'drill.passed',
    details: {
      drill: 'outage',
      time_to_page_ms: timeToPageMs,
      detection_path: 'probe',
      intervals: recordedIntervals(compressed),
      bound_ms: boundMs,
      real_time_ms: Math.max(0, timeToPageMs - boundMs),
      estimate_ms: Math.max(timeToPageMs, boundMs),
      ...details,
    },
  };
}
type Part = 'tour' | 'crm' | 'billing' | 'schema' | 'batch' | 'marker' | 'secrets' | 'rotation' | 'outage';

const GREEN = { green: true, reasons: [] };

/** A complete history: everything the seven gates need, in parts a test can drop or replace. */
function history(overrides: Partial<Record<Part, Entry[]>> = {}) {
  const parts: Record<Part, Entry[]> = {
    tour: [
      {
        type: 'tour.completed',
        details: { green: true, bases: { crm: GREEN, billing: GREEN, ledger: GREEN, sandbox: GREEN } },
      },
    ],
    crm: [...governedWrite('req_crm', 'crm'), ...rollbackOf('req_crm_rb', 'req_crm', 'crm')],
    billing: [
      ...governedWrite('req_bil', 'billing', 'update', 'Invoices'),
      ...rollbackOf('req_bil_rb', 'req_bil', 'billing', 'Invoices'),
    ],
    schema: SCHEMA_SHAPES.flatMap((shape, index) =>
      governedWrite(`req_sch${index}`, 'sandbox', shape, 'tmp_drill'),
    ),
    batch: [
      ...governedWrite('req_bd', 'sandbox', 'batch-delete', 'Scratch'),
      ...rollbackOf('req_bd_rb', 'req_bd', 'sandbox', 'Scratch'),
    ],
    marker: [
      {
        type: 'tool.denied',
        details: { base: 'sandbox', denials: [{ code: 'marker_missing', message: 'recScr0003 lacks it' }] },
      },
    ],
    secrets: [
      { type: 'secret.loaded', details: { key: 'appSecret', ref: 'secret://env/LARK_APP_SECRET' } },
      { type: 'secret.loaded', details: { key: 'encryptKey', ref: 'secret://file/keys/encrypt' } },
    ],
    rotation: [
      { type: 'drill.passed', details: { drill: 'secret-rotation', secrets: ['app_secret', 'encrypt_key'] } },
    ],
    outage: [outageDrill(2_100)],
  };
  const all = Object.entries({ ...parts, ...overrides }).flatMap(([, entries]) => entries);
  return indexEvidence(makeAuditHistory(all));
}

describe('evaluateReadiness', () => {
  it('is PASS on a complete history, citing the events each gate relied on', () => {
    const result = evaluateReadiness({ policy, pageBounds, evidence: history() });

    expect(result.failed).toEqual([]);
    expect(result.overall).toBe('PASS');
    expect(result.gates.map((gate) => [gate.number, gate.status])).toEqual([
      [1, 'PASS'],
      [2, 'PASS'],
      [3, 'PASS'],
      [4, 'PASS'],
      [5, 'PASS'],
      [6, 'PASS'],
      [7, 'PASS'],
    ]);
    const gate3 = result.gates[2];
    expect(gate3?.cites.map((cite) => cite.type)).toEqual([
      'request.created',
      'approval.created',
      'backup.created',
      'op.verified',
      'rollback.executed',
      'request.created',
      'approval.created',
      'backup.created',
      'op.verified',
      'rollback.executed',
    ]);
    expect(gate3?.cites[0]).toMatchObject({ chain: 'test-chain', seq: expect.any(Number) });
  });

  it.each<[string, Partial<Record<Part, Entry[]>>, number | number[], string]>([
    ['no read tour', { tour: [] }, 1, 'crm: no read tour recorded (run larkgate tour)'],
    [
      'a red tour of one base',
      {
        tour: [
          {
            type: 'tour.completed',
            details: {
              green: false,
              bases: {
                crm: GREEN,
                billing: { green: false, reasons: ['table "Invoices" is missing'] },
                ledger: GREEN,
              },
            },
          },
        ],
      },
      1,
      'billing: the latest read tour (test-chain#1) is red: table "Invoices" is missing',
    ],
    [
      'no write request on a base',
      { billing: [] },
      [2, 3],
      'billing: no dry run recorded (a write request that produced a diff card)',
    ],
    [
      'a governed write never rolled back',
      { billing: governedWrite('req_bil', 'billing', 'update', 'Invoices') },
      3,
      'billing: governed write req_bil was never rolled back',
    ],
    [
      'a missing schema shape',
      {
        schema: SCHEMA_SHAPES.filter((shape) => shape !== 'field.update').flatMap((shape, i) =>
          governedWrite(`req_s${i}`, 'sandbox', shape, 'tmp_drill'),
        ),
      },
      4,
      'field.update: no verified field.update on a staging temp table',
    ],
    [
      'schema ops on a table without the temp prefix',
      {
        schema: SCHEMA_SHAPES.flatMap((shape, i) => governedWrite(`req_s${i}`, 'sandbox', shape, 'Scratch')),
      },
      4,
      'table.create: no verified table.create on a staging temp table',
    ],
    ['no batch delete', { batch: [] }, 5, 'no batch delete applied and verified on a staging base'],
    [
      'no marker refusal',
      { marker: [] },
      5,
      'no batch delete refused by the marker guard on a staging base (tool.denied with marker_missing)',
    ],
    [
      'a literal secret',
      { secrets: [{ type: 'secret.loaded', details: { key: 'appSecret', ref: 'hunter2' } }] },
      6,
      'appSecret was loaded from hunter2, not a secret:// reference',
    ],
    [
      'no rotation drill',
      { rotation: [] },
      6,
      'no rotation drill recorded for app_secret (run larkgate drill rotate-secrets)',
    ],
    [
      'a failed latest rotation drill',
      {
        rotation: [
          {
            type: 'drill.passed',
            details: { drill: 'secret-rotation', secrets: ['app_secret', 'encrypt_key'] },
          },
          { type: 'drill.failed', details: { drill: 'secret-rotation', secrets: ['encrypt_key'] } },
        ],
      },
      6,
      'the latest rotation drill for encrypt_key (test-chain#',
    ],
    ['no outage drill', { outage: [] }, 7, 'no synthetic outage drill recorded (larkgate drill outage)'],
    [
      'a page after six minutes',
      { outage: [outageDrill(360_000)] },
      7,
      'paged after 360 s, more than 5 minutes',
    ],
    [
      'an outage drill with no time to page',
      { outage: [outageDrill(2_100, { time_to_page_ms: null })] },
      7,
      'recorded no time_to_page_ms',
    ],
    [
      'an outage drill that does not record its intervals',
      { outage: [{ type: 'drill.passed', details: { drill: 'outage', time_to_page_ms: 2_100 } }] },
      7,
      'does not record the monitoring intervals it was measured at (intervals, detection_path, real_time_ms): run larkgate drill outage again',
    ],
    [
      // 3.6 min measured at 1/60 intervals: 3.6 min of it was real time, which the production intervals add to.
      'a page within 5 minutes at compressed intervals whose real time would take the production page past them',
      { outage: [outageDrill(216_000)] },
      7,
      'at the production intervals the latest outage drill (test-chain#',
    ],
    [
      'a failed outage drill',
      { outage: [{ type: 'drill.failed', details: { drill: 'outage', time_to_page_ms: null } }] },
      7,
      'failed',
    ],
  ])('%s: PARTIAL, naming the gate and exactly what is missing', (_name, overrides, gates, missing) => {
    const result = evaluateReadiness({ policy, pageBounds, evidence: history(overrides) });
    const failed = Array.isArray(gates) ? gates : [gates];

    expect(result.overall).toBe('PARTIAL');
    expect(result.failed).toEqual(failed);
    expect(result.gates[(failed[0] ?? 0) - 1]?.missing.join('\n')).toContain(missing);
  });

  it.each([
    [1, 'larkgate readiness --config <file> --run (runs the read tour), or larkgate tour --config <file>'],
    [2, '@Larkgate update <base>/<table> <record_id> Field=value'],
    [3, 'larkgate rollback <request_id> --config <file> --as <open_id>'],
    [4, 'larkgate readiness --config <file> --run (a governed schema drill'],
    [5, 'larkgate readiness --config <file> --run (the batch-delete drill'],
    [6, 'larkgate drill rotate-secrets --config <file>'],
    [7, 'larkgate drill outage --config <file>'],
  ])('a MISSING gate %i says what to run to fix it', (number, command) => {
    const result = evaluateReadiness({ policy, pageBounds, evidence: indexEvidence([]) });

    expect(result.gates[number - 1]?.fix).toContain(command);
  });

  it('a passing gate has nothing to fix', () => {
    const result = evaluateReadiness({ policy, pageBounds, evidence: history() });

    expect(result.gates.map((gate) => gate.fix)).toEqual([null, null, null, null, null, null, null]);
  });

  it('on an empty log names every gate', () => {
    const result = evaluateReadiness({ policy, pageBounds, evidence: indexEvidence([]) });

    expect(result.failed).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(result.gates[0]?.missing).toEqual([
      'crm: no read tour recorded (run larkgate tour)',
      'billing: no read tour recorded (run larkgate tour)',
      'ledger: no read tour recorded (run larkgate tour)',
    ]);
  });

  it('does not count a rollback whose read-back failed', () => {
    const failedRollback = [
      ...governedWrite('req_crm', 'crm'),
      { type: 'rollback.executed', requestId: 'req_x', details: { rollback_of: 'req_crm', verified: false } },
    ];

    const result = evaluateReadiness({ policy, pageBounds, evidence: history({ crm: failedRollback }) });

    expect(result.gates[2]?.missing).toEqual(['crm: governed write req_crm was never rolled back']);
  });

  describe("gate 7 judges the drill at the production config's intervals", () => {
    it('a drill at compressed intervals passes on what it measured: the production bound plus its real time', () => {
      const result = evaluateReadiness({ policy, pageBounds, evidence: history() });

      expect(result.gates[6]).toMatchObject({ status: 'PASS', missing: [] });
    });

    it('names the estimate when the production intervals are too slow for the real time the drill measured', () => {
      const slow = computePageBounds(MonitoringConfig.parse({ probes: { every: '2m' } }));

      const result = evaluateReadiness({
        policy,
        pageBounds: slow,
        evidence: history({ outage: [outageDrill(40_000)] }),
      });

      expect(result.gates[6]?.missing).toEqual([
        expect.stringMatching(
          /^at the production intervals the latest outage drill \(test-chain#\d+\) would page after 309 s \(270 s by the intervals, probe detection, \+ 39 s measured real time\), more than 5 minutes$/,
        ),
      ]);
    });

    it('fails when the production config has monitoring off, or readiness was given no intervals', () => {
      const off = computePageBounds(MonitoringConfig.parse({ enabled: false }));

      expect(evaluateReadiness({ policy, pageBounds: off, evidence: history() }).gates[6]?.missing).toEqual([
        'monitoring is off in this config (monitoring.enabled): nothing would page',
      ]);
      expect(evaluateReadiness({ policy, evidence: history() }).gates[6]?.missing).toEqual([
        'no production monitoring intervals to judge the drill against',
      ]);
    });
  });
});
