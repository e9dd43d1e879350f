import { describe, expect, it } from 'vitest';
import { makeBase } from '../../test/builders/make-policy.js';
import { makeRequest, T0 } from '../../test/builders/make-request.js';
import { makeAlert } from '../../test/monitoring/make-alert.js';
import type { AuditEvent } from '../domain/audit-event.js';
import { buildDashboard, type DashboardInput } from './build-dashboard.js';

const DAY = 24 * 60 * 60 * 1000;
let seq = 0;

/** An audit event of chain `c1` (hashes are not checked here), `minutes` after T0. */
function event(
  type: string,
  minutes: number,
  requestId: string | null,
  details: AuditEvent['details'] = {},
): AuditEvent {
  seq += 1;
  return {
    v: 2,
    kid: '0'.repeat(16),
    chain: 'c1',
    seq,
    ts: new Date(T0 + minutes * 60_000).toISOString(),
    type,
    actor: 'worker',
    request_id: requestId,
    details,
    prev: '0'.repeat(64),
    hash: '0'.repeat(64),
  };
}

/** Newest first, as the reader gives them. */
function input(events: AuditEvent[], overrides: Partial<DashboardInput> = {}): DashboardInput {
  return {
    now: T0 + 60 * 60_000,
    bases: [makeBase(), makeBase({ alias: 'lab', tier: 'L0', staging: true, tables: ['Scratch'] })],
    pending: [],
    events: [...events].reverse(),
    eventLimit: 5000,
    queueDepths: { crm: 2, lab: null },
    alerts: null,
    ...overrides,
  };
}

describe('buildDashboard', () => {
  it('shows a pending request with its votes, who may still approve, and the event it was created by', () => {
    const created = event('request.created', 0, 'req_aaaaaaaaaaaa', {
      base: 'crm',
      table: 'Tasks',
      op: 'update',
    });
    const request = makeRequest({ votes: [{ voter: 'ou_carol', decision: 'reject', at: T0 }] });

    const dashboard = buildDashboard(input([created], { pending: [request] }));

    expect(dashboard.pending).toEqual([
      expect.objectContaining({
        id: 'req_aaaaaaaaaaaa',
        target: 'crm/Tasks',
        approvals: 0,
        approvalsNeeded: 1,
        rejections: 1,
        stillNeeded: 1,
        canApprove: ['ou_bob'],
        evidence: { chain: 'c1', seq: created.seq },
      }),
    ]);
    expect(
      dashboard.bases.map((base) => [base.alias, base.tier, base.stage, base.staging, base.queueDepth]),
    ).toEqual([
      ['crm', 'L2', 'live', false, 2],
      ['lab', 'L0', 'live', true, null],
    ]);
  });

  it('lists applied, stale and rolled-back requests newest first, with their backup ids and evidence', () => {
    const events = [
      event('request.created', 1, 'req_1', { base: 'crm', table: 'Tasks' }),
      event('backup.created', 2, 'req_1', { backup_id: 'bk_one' }),
      event('op.verified', 3, 'req_1'),
      event('request.created', 4, 'req_2', { base: 'crm', table: 'Tasks' }),
      event('op.stale', 5, 'req_2', { problem: 'recA changed' }),
      event('rollback.executed', 6, 'req_3', {
        rollback_of: 'req_1',
        from_backup: 'bk_one',
        own_backup: 'bk_two',
      }),
    ];

    const { outcomes } = buildDashboard(input(events));

    expect(
      outcomes.map((row) => [
        row.requestId,
        row.outcome,
        row.target,
        row.backupId,
        row.detail,
        row.evidence.seq,
      ]),
    ).toEqual([
      ['req_1', 'rolled back', 'crm/Tasks', 'bk_one', 'by req_3', events[5]?.seq],
      ['req_2', 'stale', 'crm/Tasks', null, 'recA changed', events[4]?.seq],
      ['req_1', 'applied', 'crm/Tasks', 'bk_one', null, events[2]?.seq],
    ]);
  });

  it.each([
    ['within the L2 rule', 29 * DAY, 'within rule'],
    ['older than the L2 rule', 31 * DAY, 'too old'],
  ])('judges the newest passing drill %s', (_name, age, verdict) => {
    const drill = event('drill.passed', 0, null, { base: 'lab' });

    const { drills } = buildDashboard(input([drill], { now: T0 + age }));

    expect(drills.find((row) => row.alias === 'crm')).toMatchObject({ ruleDays: 30, verdict });
    expect(drills.find((row) => row.alias === 'lab')).toMatchObject({
      ruleDays: null,
      verdict: 'no rule',
      own: { passed: true, evidence: { chain: 'c1', seq: drill.seq } },
    });
  });

  it('says no drill when none passed, and a failed one shows on its base', () => {
    const { drills } = buildDashboard(input([event('drill.failed', 0, null, { base: 'lab' })]));

    expect(drills.find((row) => row.alias === 'crm')?.verdict).toBe('no drill');
    expect(drills.find((row) => row.alias === 'lab')?.own?.passed).toBe(false);
  });

  it('shows gates 1–7 from the newest readiness evaluation, failed ones MISSING, and it as the last verification', () => {
    const evaluated = event('readiness.evaluated', 0, null, { overall: 'PARTIAL', failed_gates: [2, 6] });

    const { readiness, audit } = buildDashboard(input([evaluated]));

    expect(audit.lastVerify).toEqual({ at: T0, evidence: { chain: 'c1', seq: evaluated.seq } });
    expect(buildDashboard(input([])).audit.lastVerify).toBeNull();
    expect(readiness?.overall).toBe('PARTIAL');
    expect(readiness?.gates.map((gate) => `${gate.gate}:${gate.status}`)).toEqual([
      '1:PASS',
      '2:MISSING',
      '3:PASS',
      '4:PASS',
      '5:PASS',
      '6:MISSING',
      '7:PASS',
    ]);
    expect(buildDashboard(input([])).readiness).toBeNull();
  });

  it('shows open alerts with the page that went out, not resolved ones', () => {
    const paged = event('alert.paged', 1, null, { alert: 'redis' });
    const alerts = {
      redis: makeAlert(),
      old: makeAlert({ key: 'old', state: 'resolved', resolvedAt: T0 }),
    };

    const dashboard = buildDashboard(input([paged], { alerts }));

    expect(dashboard.alerts.open.map((alert) => [alert.key, alert.state, alert.evidence?.seq])).toEqual([
      ['redis', 'firing', paged.seq],
    ]);
    expect(buildDashboard(input([])).alerts).toEqual({ known: false, open: [] });
  });

  it("reports the audit log's newest event and each chain's newest signed checkpoint", () => {
    const checkpoint = event('audit.checkpoint', 1, null);
    const newest = event('op.queued', 2, 'req_9');

    const { audit } = buildDashboard(input([checkpoint, newest]));

    expect(audit.newest).toEqual({
      at: T0 + 120_000,
      type: 'op.queued',
      evidence: { chain: 'c1', seq: newest.seq },
    });
    expect(audit.checkpoints).toEqual([
      { chain: 'c1', at: T0 + 60_000, evidence: { chain: 'c1', seq: checkpoint.seq } },
    ]);
    expect(audit.wholeStream).toBe(true);
    expect(buildDashboard(input([checkpoint, newest], { eventLimit: 2 })).audit.wholeStream).toBe(false);
  });
});
